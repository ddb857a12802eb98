/**
 * Stand-ins, over HTTP, for the two AWS APIs the operator CLI and the console call on a deployed
 * stage and the embedded stack does not emulate: CloudFormation's DescribeStacks (AWS query
 * protocol, XML) and API Gateway's API keys, usage plans and usage plan keys (REST JSON). The real SDK clients reach them through
 * `AWS_ENDPOINT_URL_CLOUDFORMATION` and `AWS_ENDPOINT_URL_API_GATEWAY`; every request is recorded.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { OUTPUTS, usagePlanName } from '../../shared/deployment';

export interface FakeRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export interface FakeAws {
  endpoint: string;
  requests: FakeRequest[];
  /** API keys that exist, by id. */
  apiKeys: Map<string, { name: string; value: string; description?: string; usagePlanIds: string[] }>;
  stop(): Promise<void>;
}

/** `outputs` are the stack's outputs; a usage plan id of `broken` refuses every key. */
export async function startFakeAws(stackName: string, outputs: Record<string, string>): Promise<FakeAws> {
  const requests: FakeRequest[] = [];
  const apiKeys: FakeAws['apiKeys'] = new Map();

  const reply = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
    res.end(JSON.stringify(body));
  };

  const apiGateway = (req: IncomingMessage, res: ServerResponse, path: string, body: Record<string, unknown>) => {
    if (req.method === 'POST' && path === '/apikeys') {
      const id = randomBytes(5).toString('hex');
      apiKeys.set(id, { name: String(body.name), value: String(body.value), description: body.description as string, usagePlanIds: [] });
      return reply(res, 201, { id, name: body.name, enabled: body.enabled });
    }
    const planKey = /^\/usageplans\/([^/]+)\/keys$/.exec(path);
    if (req.method === 'POST' && planKey) {
      const key = apiKeys.get(String(body.keyId));
      if (planKey[1] === 'broken' || !key) return reply(res, 400, { message: 'Invalid usage plan' }, 'BadRequestException');
      key.usagePlanIds.push(planKey[1]!);
      return reply(res, 201, { id: body.keyId, type: body.keyType });
    }
    const apiKey = /^\/apikeys\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && apiKey) {
      if (!apiKeys.delete(apiKey[1]!)) return reply(res, 404, { message: 'Invalid API Key identifier specified' }, 'NotFoundException');
      return reply(res, 202, {});
    }
    if (req.method === 'GET' && path === '/usageplans') {
      // The stack's usage plan, named as the stack names it (the stage is the stack name's tail); API Gateway lists in `item`.
      return reply(res, 200, { item: [{ id: outputs[OUTPUTS.usagePlanId], name: usagePlanName(stackName.replace(/^Webhook-/, '')) }] });
    }
    return reply(res, 404, { message: `no fake for ${req.method} ${path}` }, 'NotFoundException');
  };

  const cloudFormation = (res: ServerResponse, form: URLSearchParams) => {
    const members = Object.entries(outputs)
      .map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${v}</OutputValue></member>`)
      .join('');
    const found = form.get('StackName') === stackName;
    res.writeHead(found ? 200 : 400, { 'content-type': 'text/xml' });
    res.end(
      found
        ? `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>` +
            `<StackName>${stackName}</StackName><StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-01-01T00:00:00Z</CreationTime>` +
            `<Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeStacksResponse>`
        : `<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id ${form.get('StackName')} does not exist</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
    );
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(text);
      requests.push({ method: req.method ?? '', path: `cloudformation:${form.get('Action')}`, body: Object.fromEntries(form) });
      return cloudFormation(res, form);
    }
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    requests.push({ method: req.method ?? '', path, body });
    return apiGateway(req, res, path, body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    apiKeys,
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
