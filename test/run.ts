/**
 * `npm test`: starts one embedded stack (DynamoDB Local, S3 and SSM emulators) for the whole run,
 * then runs every test file with Node's test runner, each file in its own process, all pointed at
 * the stack through the standard AWS endpoint variables. Files stay independent by using tables,
 * buckets and parameter prefixes of their own (test/support/api.ts).
 *
 *   npm test                          every file under test/unit, test/integration and test/infra,
 *                                     then the store-facing suites (SHARDED) again under a catalogue
 *                                     that shards every model
 *   npm test -- test/unit/codec.test.ts   only these files (under CATALOGUE_MODULE if it is set:
 *                                     CATALOGUE_MODULE=test/fixtures/catalogues/sharded.ts npm test -- ...)
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

/**
 * Suites run a second time under test/fixtures/catalogues/sharded.ts (the demo, every model over 4
 * shards): lookups, search_data's orders, ranges, paging and child_of, upserts, unique guards,
 * many2many and one2many replaces, concurrent upserts and crashed writes, whatever a one-shard model
 * would hide.
 */
const SHARDED_CATALOGUE = 'test/fixtures/catalogues/sharded.ts';
const SHARDED = [
  'search_data.test.ts',
  'search_data_domains.test.ts',
  'search_data_order.test.ts',
  'create_data.test.ts',
  'create_update_data.test.ts',
  'update_data.test.ts',
  'writes_crash.test.ts',
].map((f) => join(root, 'test/integration', f));

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
    const code = await runFiles(files, env);
    if (requested.length > 0) return code;
    console.log(`# again under ${SHARDED_CATALOGUE}: ${SHARDED.map((f) => relative(root, f)).join(' ')}`);
    return (await runFiles(SHARDED, { ...env, CATALOGUE_MODULE: SHARDED_CATALOGUE })) || code;
  } finally {
    await stop();
  }
}

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
