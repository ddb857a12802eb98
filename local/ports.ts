import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now (for children that cannot listen on port 0 themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Fails with a clear message when `port` is taken on 127.0.0.1 (0 is always free). */
export function checkPortFree(port: number, what: string, hint: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(port, what, hint) : e));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** A clear message for a port another program holds. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(readonly port: number, what: string, hint: string) {
    super(`Port ${port} is already in use, so the ${what} cannot start. ${hint}`);
  }
}
