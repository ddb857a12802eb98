import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts s3rver on a free loopback port, storing objects in `dataDir` (kept) or in a temporary
 * folder (removed on stop). Signatures are not checked: any local credentials work.
 */
export async function startS3(options: { dataDir?: string } = {}): Promise<RunningS3> {
  const directory = options.dataDir ?? mkdtempSync(join(tmpdir(), 'webhook-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
