/**
 * `npm test`: starts one embedded stack (DynamoDB Local, S3 and SSM emulators) for the whole run,
 * then runs every test file with Node's test runner, each file in its own process, all pointed at
 * the stack through the standard AWS endpoint variables. Files stay independent by using tables,
 * buckets and parameter prefixes of their own (test/support/api.ts).
 *
 *   npm test                          every file under test/unit, test/integration and test/infra
 *   npm test -- test/unit/codec.test.ts   only these files
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { awsEnvironment, startEmulators } from '../local/emulators';

const root = join(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const files = requested.length > 0 ? requested : ['unit', 'integration', 'infra'].flatMap((d) => testFiles(join(root, 'test', d)));
  const emulators = await startEmulators();
  const stop = () => emulators.stop();
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const env = {
      ...process.env,
      ...awsEnvironment(emulators.endpoints),
      PARAMS_CACHE_SECONDS: '1',
      CATALOGUE_CACHE_SECONDS: '1',
      AUTH_CACHE_SECONDS: '0',
      DYNAMODB_ATTEMPT_TIMEOUT_MS: process.env.DYNAMODB_ATTEMPT_TIMEOUT_MS ?? '10000',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    };
    const child = spawn(
      process.execPath,
      [
        '--openssl-legacy-provider',
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 3}`,
        ...files.map((f) => relative(root, f)),
      ],
      { cwd: root, env, stdio: 'inherit' },
    );
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
