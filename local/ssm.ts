import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A small SSM Parameter Store speaking the AWS JSON 1.1 protocol (`X-Amz-Target:
 * AmazonSSM.<Operation>`), enough for the SDK, the operator CLI and `aws ssm --endpoint-url`:
 * GetParameter(s), GetParametersByPath, PutParameter, DeleteParameter(s), DescribeParameters.
 * Parameters are kept in a JSON file when a path is given.
 */
interface Parameter {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  LastModifiedDate: number;
  DataType: string;
  Description?: string;
}

export interface RunningSsm {
  endpoint: string;
  /** Operations answered so far (for tests that count calls). */
  calls: Map<string, number>;
  stop(): Promise<void>;
}

class SsmError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

const MAX_RESULTS = 10;

export class ParameterStore {
  private readonly params = new Map<string, Parameter>();

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      for (const p of JSON.parse(readFileSync(file, 'utf8')) as Parameter[]) this.params.set(p.Name, p);
    }
  }

  handle(operation: string, input: Record<string, unknown>): unknown {
    switch (operation) {
      case 'GetParameter':
        return { Parameter: this.out(this.get(String(input.Name))) };
      case 'GetParameters': {
        const names = (input.Names as string[]) ?? [];
        return {
          Parameters: names.filter((n) => this.params.has(n)).map((n) => this.out(this.params.get(n)!)),
          InvalidParameters: names.filter((n) => !this.params.has(n)),
        };
      }
      case 'GetParametersByPath':
        return this.byPath(input);
      case 'PutParameter':
        return this.put(input);
      case 'DeleteParameter':
        this.get(String(input.Name));
        this.params.delete(String(input.Name));
        this.save();
        return {};
      case 'DeleteParameters': {
        const names = (input.Names as string[]) ?? [];
        const deleted = names.filter((n) => this.params.delete(n));
        this.save();
        return { DeletedParameters: deleted, InvalidParameters: names.filter((n) => !deleted.includes(n)) };
      }
      case 'DescribeParameters':
        return this.describe(input);
      default:
        throw new SsmError('InvalidAction', `Operation ${operation} is not supported by the local SSM emulator`);
    }
  }

  private get(name: string): Parameter {
    const p = this.params.get(name);
    if (!p) throw new SsmError('ParameterNotFound', `Parameter ${name} not found.`);
    return p;
  }

  private out(p: Parameter) {
    return { ...p, ARN: `arn:aws:ssm:local:000000000000:parameter${p.Name.startsWith('/') ? '' : '/'}${p.Name}` };
  }

  private put(input: Record<string, unknown>) {
    const name = String(input.Name ?? '');
    const value = input.Value;
    if (!name || typeof value !== 'string') throw new SsmError('ValidationException', 'Name and Value are required.');
    if (value.length === 0) throw new SsmError('ValidationException', 'Value must not be empty.');
    const existing = this.params.get(name);
    if (existing && input.Overwrite !== true) {
      throw new SsmError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    }
    const p: Parameter = {
      Name: name,
      Type: String(input.Type ?? existing?.Type ?? 'String'),
      Value: value,
      Version: (existing?.Version ?? 0) + 1,
      LastModifiedDate: Date.now() / 1000,
      DataType: 'text',
      ...(typeof input.Description === 'string' ? { Description: input.Description } : {}),
    };
    this.params.set(name, p);
    this.save();
    return { Version: p.Version, Tier: 'Standard' };
  }

  private byPath(input: Record<string, unknown>) {
    const path = String(input.Path ?? '');
    if (!path.startsWith('/')) throw new SsmError('ValidationException', 'Path must start with /');
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const matches = [...this.params.values()]
      .filter((p) => p.Name.startsWith(prefix) && (input.Recursive === true || !p.Name.slice(prefix.length).includes('/')))
      .sort((a, b) => a.Name.localeCompare(b.Name));
    return this.page(matches.map((p) => this.out(p)), input, 'Parameters');
  }

  private describe(input: Record<string, unknown>) {
    const filters = (input.ParameterFilters as { Key: string; Option?: string; Values: string[] }[] | undefined) ?? [];
    const matches = [...this.params.values()]
      .filter((p) =>
        filters.every((f) => {
          if (f.Key !== 'Name' && f.Key !== 'Path') return true;
          if (f.Key === 'Path') return f.Values.some((v) => p.Name.startsWith(v.endsWith('/') ? v : `${v}/`));
          return f.Values.some((v) => (f.Option === 'BeginsWith' ? p.Name.startsWith(v) : p.Name === v));
        }),
      )
      .sort((a, b) => a.Name.localeCompare(b.Name))
      .map(({ Value: _value, ...meta }) => meta);
    return this.page(matches, input, 'Parameters');
  }

  private page<T>(items: T[], input: Record<string, unknown>, key: string) {
    const max = Math.min(Number(input.MaxResults ?? MAX_RESULTS) || MAX_RESULTS, 50);
    const start = input.NextToken ? Number(Buffer.from(String(input.NextToken), 'base64').toString()) : 0;
    const slice = items.slice(start, start + max);
    const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64') : undefined;
    return { [key]: slice, ...(next ? { NextToken: next } : {}) };
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify([...this.params.values()], null, 2));
  }
}

/** Starts the emulator on `port` (0: any free port) of 127.0.0.1. */
export async function startSsm(options: { file?: string; port?: number } = {}): Promise<RunningSsm> {
  const store = new ParameterStore(options.file);
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => void serve(store, calls, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function serve(store: ParameterStore, calls: Map<string, number>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  };
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = String(req.headers['x-amz-target'] ?? '');
  const operation = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : '';
  calls.set(operation, (calls.get(operation) ?? 0) + 1);
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    reply(200, store.handle(operation, input));
  } catch (e) {
    if (e instanceof SsmError) reply(400, { __type: e.type, message: e.message });
    else reply(400, { __type: 'ValidationException', message: (e as Error).message });
  }
}
