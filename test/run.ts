/**
 * `npm test`: starts one embedded stack (DynamoDB Local, S3 and SSM emulators) for the whole run,
 * then runs every test file (node:test) in a process of its own, TEST_CONCURRENCY (3) at a time,
 * all pointed at the stack through the standard AWS endpoint variables. Files stay independent by
 * using tables, buckets and parameter prefixes of their own (test/support/api.ts). Each file's
 * report is printed whole when it ends, then the totals and the files that failed.
 *
 *   npm test                          every file under test/unit, test/integration and test/infra,
 *                                     and every integration file that touches records again, with
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

/**
 * Files started first, longest first (their waits are long: settle periods, stalls held 35 s,
 * processes killed and restarted), so that the run does not end waiting on one of them alone.
 */
const LONG_FIRST = [
  'catalogue_shards.test.ts',
  'catalogue_resume.test.ts',
  'cli-help.test.ts',
  'catalogue_shards_crash.test.ts',
  'cli.test.ts',
  'catalogue_unique_duplicates.test.ts',
  'writes_stall.test.ts',
  'fuzz.test.ts',
  'writes_crash.test.ts',
  'sessions.test.ts',
  'start.test.ts',
  'catalogue_changes.test.ts',
  'catalogue_migrations.test.ts',
];

/** A file to run, and under which catalogue. */
interface Job {
  file: string;
  shards?: string;
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const jobs: Job[] = requested.length > 0 ? requested.map((file) => ({ file, shards: process.env.TEST_SHARDS })) : everyJob();
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
    return await runJobs(jobs, env, Number(process.env.TEST_CONCURRENCY ?? 3));
  } finally {
    await stop();
  }
}

/**
 * Every file under test/unit, test/integration and test/infra, and every integration file that
 * touches records again with every model over 4 shards; the long ones first.
 */
function everyJob(): Job[] {
  const files = ['unit', 'integration', 'infra'].flatMap((d) => testFiles(join(root, 'test', d)));
  const integration = testFiles(join(root, 'test/integration'));
  const jobs: Job[] = [...files.map((file) => ({ file })), ...integration.filter((f) => !LAYOUT_FREE.has(basename(f))).map((file) => ({ file, shards: '4' }))];
  const rank = (job: Job) => {
    const at = LONG_FIRST.indexOf(basename(job.file));
    return at < 0 ? LONG_FIRST.length : at;
  };
  return jobs.map((job, i) => ({ job, i })).sort((a, b) => rank(a.job) - rank(b.job) || a.i - b.i).map(({ job }) => job);
}

interface Tally {
  tests: number;
  pass: number;
  fail: number;
  skipped: number;
}

/**
 * Runs each job's file in a process of its own, `concurrency` at a time, and prints each file's
 * report whole when it ends (never interleaved), then the totals and the files that failed.
 */
async function runJobs(jobs: Job[], env: NodeJS.ProcessEnv, concurrency: number): Promise<number> {
  const total: Tally = { tests: 0, pass: 0, fail: 0, skipped: 0 };
  const failed: string[] = [];
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const label = `${relative(root, job.file)}${job.shards ? ` (TEST_SHARDS=${job.shards})` : ''}`;
      const { code, output } = await runFile(job, env);
      const tally = tallyOf(output);
      for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += tally[k];
      if (code !== 0) failed.push(label);
      process.stdout.write(`# ${code === 0 ? 'ok' : 'FAILED'}: ${label}\n${output}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`\n# ${jobs.length} files, ${total.tests} tests: ${total.pass} pass, ${total.fail} fail, ${total.skipped} skipped, in ${minutes} min`);
  for (const label of failed) console.log(`# failed: ${label}`);
  return failed.length > 0 ? 1 : 0;
}

/** One test file in a process of its own (node:test reports as it runs a file); its exit code and report. */
function runFile(job: Job, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', relative(root, job.file)], {
    cwd: root,
    env: job.shards ? sharded(env, job.shards) : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output })));
}

/** The counts a file's report ends with (`# pass 12`). */
function tallyOf(output: string): Tally {
  const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  return { tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped') };
}

/** The environment of a run with every model over `shards` shards. */
const sharded = (env: NodeJS.ProcessEnv, shards: string): NodeJS.ProcessEnv => ({ ...env, TEST_SHARDS: shards, CATALOGUE_MODULE: BASE_CATALOGUE });

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
