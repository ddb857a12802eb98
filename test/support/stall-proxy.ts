/**
 * An HTTP proxy in front of DynamoDB for fault tests: it forwards every call, and holds the ones a
 * rule picks, either before they reach DynamoDB (a request stuck on the way, delivered late) or
 * after (an answer stuck on the way back). The client's own timeout gives up on them meanwhile.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface StallRule {
  /** Picks calls by their X-Amz-Target (`DynamoDB_20120810.TransactWriteItems`) and JSON body. */
  when: (target: string, body: string) => boolean;
  hold: 'request' | 'answer';
  ms: number;
  /** Calls picked at most. @default every one */
  times?: number;
}

export interface StallProxy {
  url: string;
  /** Adds a rule; the returned function removes it. */
  stall(rule: StallRule): () => void;
  /** Resolves once every held call has gone on (been delivered, or answered). */
  drained(): Promise<void>;
  /** Calls the rules picked so far. */
  picked(): number;
  stop(): Promise<void>;
}

export async function startStallProxy(upstream: string): Promise<StallProxy> {
  const target = new URL(upstream);
  const rules = new Set<StallRule & { count: number }>();
  let held = 0;
  let picked = 0;
  let waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    held++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
      if (--held === 0) for (const w of waiters.splice(0)) w();
    }, ms);
    timers.add(timer);
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const amzTarget = String(req.headers['x-amz-target'] ?? '');
      const rule = [...rules].find((r) => r.count < (r.times ?? Infinity) && r.when(amzTarget, body.toString('utf8')));
      if (rule) {
        rule.count++;
        picked++;
      }
      const forward = (answer: (status: number, headers: IncomingMessage['headers'], data: Buffer) => void) => {
        const up = request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
          const out: Buffer[] = [];
          upRes.on('data', (c: Buffer) => out.push(c));
          upRes.on('end', () => answer(upRes.statusCode ?? 502, upRes.headers, Buffer.concat(out)));
        });
        up.on('error', () => res.destroy());
        up.end(body);
      };
      const reply = (status: number, headers: IncomingMessage['headers'], data: Buffer) => {
        if (res.destroyed || res.writableEnded) return; // the client gave up on it
        res.writeHead(status, headers);
        res.end(data);
      };
      if (rule?.hold === 'request') later(rule.ms, () => forward(reply));
      else if (rule?.hold === 'answer') forward((s, h, d) => later(rule.ms, () => reply(s, h, d)));
      else forward(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stall(rule) {
      const r = { ...rule, count: 0 };
      rules.add(r);
      return () => void rules.delete(r);
    },
    drained: () => (held === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    picked: () => picked,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      waiters = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
