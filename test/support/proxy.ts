/**
 * A proxy in front of the local API that records what callers send (method, path, headers) and
 * the status and headers of each answer, and forwards every request as it came, Host included:
 * for headers that leave no trace in the answers a client prints or in the logs.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The answer's status and headers, once it came. */
  answer?: { status: number; headers: IncomingHttpHeaders };
}

export interface RecordingProxy {
  url: string;
  /** Every request that came through, oldest first. */
  seen: SeenRequest[];
  stop(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const entry: SeenRequest = { method: req.method ?? '', path: req.url ?? '/', headers: { ...req.headers } };
    seen.push(entry);
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      entry.answer = { status: answer.statusCode ?? 502, headers: { ...answer.headers } };
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
