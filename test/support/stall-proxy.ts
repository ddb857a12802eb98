/**
 * An HTTP proxy in front of DynamoDB for fault tests: it forwards every call, and holds the ones a
 * rule picks, either before they reach DynamoDB (a request stuck on the way, delivered late) or
 * after (an answer stuck on the way back), for a time or until the test releases them; or answers
 * them itself, as DynamoDB could have (`refuse`). The client's own timeout gives up on held calls
 * meanwhile.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface StallRule {
  /** Picks calls by their X-Amz-Target (`DynamoDB_20120810.TransactWriteItems`) and JSON body. */
  when: (target: string, body: string) => boolean;
  /** `refuse`: not forwarded; answered with `answer` instead. */
  hold: 'request' | 'answer' | 'refuse';
  /** How long a call is held; without it, until `release()`. */
  ms?: number;
  /** The answer of a refused call: HTTP status and JSON body. */
  answer?: { status: number; body: object };
  /** Calls picked at most. @default every one */
  times?: number;
}

export interface StallProxy {
  url: string;
  /** Adds a rule; the returned function removes it. */
  stall(rule: StallRule): () => void;
  /** Lets every call held until released go on now. */
  release(): void;
  /** Resolves once every held call has gone on: delivered and answered by DynamoDB, or its answer passed on. */
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
  let untilReleased: (() => void)[] = [];
  /** Calls to `release()` so far: a call picked before one is not held after it. */
  let releases = 0;
  /**
   * Runs `fn` after `ms`, or (without `ms`) at the first `release()` after `picked`, the count of
   * releases when the call was picked; the call counts as held until `fn` calls `done`.
   */
  const later = (ms: number | undefined, picked: number, fn: (done: () => void) => void) => {
    held++;
    const done = () => {
      if (--held === 0) for (const w of waiters.splice(0)) w();
    };
    const go = () => fn(done);
    if (ms === undefined) {
      if (releases > picked) go();
      else untilReleased.push(go);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      go();
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
        up.on('error', () => {
          res.destroy();
          answer(502, {}, Buffer.alloc(0));
        });
        up.end(body);
      };
      const reply = (status: number, headers: IncomingMessage['headers'], data: Buffer) => {
        if (res.destroyed || res.writableEnded) return; // the client gave up on it
        res.writeHead(status, headers);
        res.end(data);
      };
      if (rule?.hold === 'refuse') {
        const answer = rule.answer ?? { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'refused by the proxy' } };
        reply(answer.status, { 'content-type': 'application/x-amz-json-1.0' }, Buffer.from(JSON.stringify(answer.body)));
      } else if (rule?.hold === 'request') {
        // Held until DynamoDB answered the late copy: what it did is in the table by then.
        later(rule.ms, releases, (done) =>
          forward((s, h, d) => {
            reply(s, h, d);
            done();
          }),
        );
      } else if (rule?.hold === 'answer') {
        const at = releases;
        forward((s, h, d) =>
          later(rule.ms, at, (done) => {
            reply(s, h, d);
            done();
          }),
        );
      }
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
    release() {
      releases++;
      for (const go of untilReleased.splice(0)) go();
    },
    drained: () => (held === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    picked: () => picked,
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      waiters = [];
      untilReleased = [];
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
