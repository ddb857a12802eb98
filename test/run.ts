/**
 * `npm test`: starts one embedded stack (DynamoDB Local, S3 and SSM emulators) for the whole run,
 * then runs every test file with Node's test runner, each file in its own process, all pointed at
 * the stack through the standard AWS endpoint variables. Files stay independent by using tables,
 * buckets and parameter prefixes of their own (test/support/api.ts).
 *
 *   npm test                          every file under test/unit, test/integration and test/infra,
 *                                     then every integration file that touches records again, with
 *                                     every model over 4 shards
 *   npm test -- test/unit/store-codec.test.ts   only these files
 *   TEST_SHARDS=4 npm test -- ...     these files with every model over 4 shards
 *                                     (test/fixtures/catalogues/base.ts)
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
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

/** The tests' catalogue (the demo, or with TEST_SHARDS every model over that many shards). */
const BASE_CATALOGUE = 'test/fixtures/catalogues/base.ts';
/**
 * Integration files about something other than records (keys, users, the authorizer, parameters,
 * quotas and throttling, the HTTP surface, the logs' listing and spill, the CLI's help, npm start),
 * whose requests only carry a record or two to have something to send: the shard counts cannot
 * change what they assert, so the second pass leaves them out to keep npm test short. Every other
 * integration file runs twice.
 */
const LAYOUT_FREE = new Set([
  'authorizer.test.ts',
  'cli-auth.test.ts',
  'cli-help.test.ts',
  'console_browser.test.ts',
  'dev-key.test.ts',
  'fields_get.test.ts',
  'function-logs.test.ts',
  'keys.test.ts',
  'logs_listing.test.ts',
  'logs_spill.test.ts',
  'openapi.test.ts',
  'params.test.ts',
  'params_cache.test.ts',
  'params_unreachable.test.ts',
  'quota.test.ts',
  'start.test.ts',
  'throttling.test.ts',
  'users.test.ts',
]);

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
    const code = await runFiles(files, process.env.TEST_SHARDS ? sharded(env, process.env.TEST_SHARDS) : env);
    if (requested.length > 0) return code;
    const again = testFiles(join(root, 'test/integration')).filter((f) => !LAYOUT_FREE.has(basename(f)));
    console.log(`# again with every model over 4 shards (TEST_SHARDS=4): ${again.length} integration files`);
    return (await runFiles(again, sharded(env, '4'))) || code;
  } finally {
    await stop();
  }
}

/** The environment of a run with every model over `shards` shards. */
const sharded = (env: NodeJS.ProcessEnv, shards: string): NodeJS.ProcessEnv => ({ ...env, TEST_SHARDS: shards, CATALOGUE_MODULE: BASE_CATALOGUE });

/** Node's test runner over `list`, each file in its own process; its exit code. */
function runFiles(list: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', '--test', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 3}`, ...list.map((f) => relative(root, f))],
    { cwd: root, env, stdio: 'inherit' },
  );
  return new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
