import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account.js';

/**
 * s3rver knows one access key (`S3RVER`) and refuses any other with InvalidAccessKeyId, even
 * with signatures unchecked. Its registry of keys answers its one account for every key instead,
 * so that any credentials work, as with the other emulators (and `aws s3` with a profile's keys).
 */
const anyKey = new Map<string, unknown>();
anyKey.get = () => AWSAccount.DUMMY_ACCOUNT;
AWSAccount.registry = anyKey;

export interface RunningS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts s3rver on a free loopback port, storing objects in `dataDir` (kept) or in a temporary
 * folder (removed on stop). Neither keys nor signatures are checked: any credentials work.
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
