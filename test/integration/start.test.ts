import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

// `npm start` as a user runs it: a child process with its own emulators, DATA_DIR and port.
const root = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'webhook-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * The environment of a user's shell: none of the test run's AWS endpoints and resource names, and
 * not the test runner's marker (a Node process that inherits it behaves as a test file).
 */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && k !== 'NODE_TEST_CONTEXT' && !/_TABLE$|FILES_BUCKET|PARAMS_PREFIX/.test(k)),
  );
  return { ...env, DATA_DIR: dataDir, PORT: '0', ...extra };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Child processes run without blocking this one (its fetches keep their connections alive). */
const run = promisify(execFile);

/** Stacks still running when a test ends (it failed): stopped as Ctrl-C stops them. */
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGINT');
});

function start(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'local/start.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (running.delete(child), resolve(code))));
  return { child, output: () => text, exited };
}

async function until(started: Started, pattern: RegExp, ms = 120_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = started.output().match(pattern);
    if (m) return m;
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const call = (url: string, key: string, params: unknown) =>
  fetch(`${url}/api/create_update_data`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ params }),
  }).then((r) => r.json() as Promise<any>);

test('npm start serves the API with a development key, keeps data across restarts, and Ctrl-C stops everything', { timeout: 300_000 }, async () => {
  const first = start(userEnv());
  const [, url] = await until(first, /Webhook API listening on (http:\/\/127\.0\.0\.1:\d+)/);
  const key = readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim();
  // Printed on the line after the URL, which may come in a chunk of its own.
  const [, printed] = await until(first, /Development API key \(company 1, all companies\): (\S+)\n/);
  assert.equal(printed, key, 'the key is printed');
  const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8'));
  assert.equal(endpoints.api, url);
  for (const name of ['dynamodb', 's3', 'ssm']) assert.match(endpoints[name], /^http:\/\/127\.0\.0\.1:\d+$/);
  const created = await call(url!, key, { model: 'res.partner', vals: { search_key: { ref: 'KEPT' }, payload: { name: 'Kept' } } });
  assert.equal(created.result.result.created, true, JSON.stringify(created));
  const [, logId] = await until(first, /\d\d:\d\d:\d\d POST \/api\/create_update_data 200 \d+ ms log ([0-9A-Z]{26})\n/);
  const shown = JSON.parse((await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'logs', 'show', logId!, '--json'], { cwd: root, env: userEnv() })).stdout);
  assert.equal(shown.route, '/api/create_update_data', 'the printed log id is the log of that request');
  assert.equal((await fetch(`${url}/nothing`)).status, 404);
  await until(first, /\d\d:\d\d:\d\d GET \/nothing 404 \d+ ms\n/);

  // The AWS CLI's environment, as `eval "$(npm run -s env)"` sets it, reaches every emulator, with any credentials.
  const script = `
    import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
    import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
    import { SSMClient, GetParametersByPathCommand } from '@aws-sdk/client-ssm';
    const tables = await new DynamoDBClient({}).send(new ListTablesCommand({}));
    const objects = await new S3Client({ forcePathStyle: true }).send(new ListObjectsV2Command({ Bucket: process.env.FILES_BUCKET }));
    const params = await new SSMClient({}).send(new GetParametersByPathCommand({ Path: process.env.PARAMS_PREFIX }));
    console.log(JSON.stringify({ tables: tables.TableNames, s3: objects.$metadata.httpStatusCode, ssm: params.$metadata.httpStatusCode }));`;
  const { stdout: viaEnv } = await run('bash', ['-c', `eval "$(node --import tsx cli/main.ts env)" && export AWS_ACCESS_KEY_ID=anyone AWS_SECRET_ACCESS_KEY=anything && node --input-type=module -e "$SCRIPT"`], {
    cwd: root,
    env: { ...userEnv(), SCRIPT: script },
  });
  const reached = JSON.parse(viaEnv.trim().split('\n').pop()!);
  assert.ok(reached.tables.includes('webhook-records'), viaEnv);
  assert.deepEqual([reached.s3, reached.ssm], [200, 200]);

  first.child.kill('SIGINT');
  assert.equal(await first.exited, 0);
  await assert.rejects(fetch(endpoints.dynamodb), 'DynamoDB Local stopped with it');

  const second = start(userEnv());
  const [, url2] = await until(second, /Webhook API listening on (http:\/\/127\.0\.0\.1:\d+)/);
  assert.equal(readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim(), key, 'the same development key');
  const again = await call(url2!, key, { model: 'res.partner', vals: { search_key: { ref: 'KEPT' }, payload: { name: 'Kept' } } });
  assert.deepEqual([again.result.result.created, again.result.result.id], [false, created.result.result.id]);
  second.child.kill('SIGINT');
  assert.equal(await second.exited, 0);
});

test('a taken port is said clearly, before anything starts', { timeout: 60_000 }, async () => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const port = (holder.address() as { port: number }).port;
  try {
    const started = start(userEnv({ PORT: String(port) }));
    assert.equal(await started.exited, 1);
    assert.match(started.output(), new RegExp(`Port ${port} is already in use.*Set PORT to a free port`));
  } finally {
    holder.close();
  }
});

test('without Java, npm start says what to install', { timeout: 60_000 }, async () => {
  const started = start(userEnv({ PATH: '/nonexistent' }));
  assert.equal(await started.exited, 1);
  assert.match(started.output(), /Java 17 or newer is needed to run DynamoDB Local/);
  assert.doesNotMatch(started.output(), /\n\s+at /, 'no stack trace');
});
