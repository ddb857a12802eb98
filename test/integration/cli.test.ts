import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { LOG_FIELDS, readWholeCall, type ApiLog } from '../../shared/logs';
import { startTestApi, type TestApi } from '../support/api';
import { allLogs, latestLog } from '../support/logs';
import { paramsReadAgain } from '../support/params';
import { unique } from '../support/records';

/** The operator CLI run as operators run it, as a child process against this file's stack. */
let api: TestApi;
let dataDir: string;
const root = join(import.meta.dirname, '../..');

before(async () => {
  api = await startTestApi();
  dataDir = mkdtempSync(join(tmpdir(), 'webhook-cli-'));
  const env = process.env;
  const endpoints = {
    api: api.url,
    dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB,
    s3: env.AWS_ENDPOINT_URL_S3,
    ssm: env.AWS_ENDPOINT_URL_SSM,
    region: env.AWS_REGION,
    ...Object.fromEntries(['RECORDS_TABLE', 'AUTH_TABLE', 'LOGS_TABLE', 'FILES_BUCKET', 'PARAMS_PREFIX'].map((k) => [k, env[k]])),
  };
  writeFileSync(join(dataDir, 'endpoints.json'), JSON.stringify(endpoints));
  writeFileSync(join(dataDir, 'dev-api-key'), `${api.key}\n`);
});
after(async () => {
  await api.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all([api.setParam('preview_limit', '2000'), api.setParam('search_max_limit', '1000')]);
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, env: { ...process.env, DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const create = (model: string, payload: Record<string, unknown>) => api.call('/api/create_data', { model, vals: { payload } });
const jsonLines = (text: string): ApiLog[] => text.trim().split('\n').map((l) => JSON.parse(l) as ApiLog);
const ok = (run: Run) => assert.equal(run.code, 0, run.stderr);

describe('params', () => {
  test('set stores a value the functions then apply; get prints it; webhook.<name> names the same parameter', async () => {
    const set = await cli('params', 'set', 'webhook.preview_limit', '120');
    ok(set);
    assert.match(set.stdout, new RegExp(`${api.prefix}preview_limit = 120`));
    const get = await cli('params', 'get', 'preview_limit');
    assert.equal(get.stdout, '120\n');
    await paramsReadAgain();
    await create('res.partner', { name: 'x', street: 's'.repeat(300) });
    assert.equal((await latestLog()).data_preview.length, 124);
  });

  test('set refuses an invalid value with what the parameter accepts, and changes nothing', async () => {
    await api.setParam('rollback_except', 'false');
    const [bad, unknown] = await Promise.all([cli('params', 'set', 'rollback_except', 'maybe'), cli('params', 'set', 'previewlimit', '5')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'maybe' is not a valid value for rollback_except: expected true, false, 1 or 0/);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown parameter 'previewlimit'. Parameters: preview_limit, /);
    assert.equal((await cli('params', 'get', 'rollback_except')).stdout, 'false\n');
    await api.setParam('rollback_except', 'true');
  });

  test('list shows every parameter with its value, whether it is the default, and invalid values', async () => {
    await Promise.all([api.setParam('search_max_limit', '-3'), api.setParam('preview_limit', '500'), api.setParam('typo_log', 'x')]);
    const list = await cli('params', 'list');
    ok(list);
    const row = (name: string) => list.stdout.split('\n').find((l) => l.startsWith(`${name} `))?.split(/\s{2,}/);
    assert.deepEqual(row('search_max_limit')?.slice(0, 3), ['search_max_limit', '1000', "invalid '-3', default used"]);
    assert.deepEqual(row('preview_limit')?.slice(0, 3), ['preview_limit', '500', 'set']);
    assert.deepEqual(row('rollback_state_failed')?.slice(0, 3), ['rollback_state_failed', 'true', 'default']);
    assert.deepEqual(row('typo_log')?.slice(0, 3), ['typo_log', 'x', 'unknown: not read by the functions']);
  });
});

describe('logs', () => {
  let failedOrder: string;
  before(async () => {
    await create('res.partner', { name: 'a' });
    await create('sale.order', { partner_id: { ref: unique('nobody') } });
    await create('res.partner', { name: 'b' });
    failedOrder = (await allLogs({ state: 'failed', model: 'sale.order' }))[0]!.log_id;
  });

  test('lists newest first as JSON lines with the field names of the contract, up to --limit', async () => {
    const run = await cli('logs', '--json', '--limit', '2');
    ok(run);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(
      lines.map((l) => l.log_id),
      (await allLogs()).slice(0, 2).map((l) => l.log_id),
    );
    for (const line of lines) assert.deepEqual(Object.keys(line), LOG_FIELDS.filter((f) => f in line));
    assert.match(run.stderr, /2 shown; more match/);
  });

  test('filters by state, model, route and time, as a readable table', async () => {
    const [failed, recent, bad] = await Promise.all([
      cli('logs', '--state', 'failed', '--model', 'sale.order'),
      cli('logs', '--route', '/api/create_data', '--since', '1h', '--limit', '100', '--json'),
      cli('logs', '--state', 'maybe'),
    ]);
    ok(failed);
    const [header, ...rows] = failed.stdout.trim().split('\n');
    assert.match(header!, /^TIME \(UTC\)\s+LOG ID\s+ROUTE\s+MODEL\s+STATE\s+HTTP\s+ERROR\s+MS\s+PRINCIPAL\s+RES IDS$/);
    assert.ok(rows.length >= 1 && rows.every((r) => /create_data\s+sale\.order\s+failed\s+200\s+NOT_FOUND/.test(r)), failed.stdout);
    assert.ok(rows.some((r) => r.includes(failedOrder)));
    assert.deepEqual(
      jsonLines(recent.stdout).map((l) => l.log_id),
      (await allLogs()).map((l) => l.log_id),
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--state is done, failed, dry_run or replayed/);
  });

  test('show prints the whole request and response, from S3 when the log was cut', async () => {
    await api.setParams({ preview_limit: '50' });
    const params = { model: 'res.partner', vals: { payload: { name: 'Spilled', street: 'long '.repeat(40) } } };
    const res = await api.call('/api/create_data', params);
    const log = await latestLog();
    assert.ok(log.attachment);
    const [json, text] = await Promise.all([cli('logs', 'show', log.log_id, '--json'), cli('logs', 'show', log.log_id)]);
    ok(json);
    const shown = JSON.parse(json.stdout);
    assert.deepEqual([shown.data, shown.result, shown.complete, shown.log_id], [params, res.body, true, log.log_id]);
    assert.ok(text.stdout.includes('request (params):') && text.stdout.includes(`"street": "${'long '.repeat(40)}"`), text.stdout);
  });

  test('replay sends each logged request again to its route, with progress, and the new logs name the replayed ones', async () => {
    const original = (await allLogs({ state: 'done', model: 'res.partner' }))[0]!;
    const run = await cli('logs', 'replay', original.log_id, failedOrder);
    assert.equal(run.code, 1, 'one replay did not succeed');
    const lines = run.stdout.trim().split('\n');
    assert.match(lines[0]!, new RegExp(`^\\[1/2\\] ${original.log_id} /api/create_data -> 200 done: Record created successfully$`));
    assert.match(lines[1]!, new RegExp(`^\\[2/2\\] ${failedOrder} /api/create_data -> 200 failed NOT_FOUND: .*found no match`));
    assert.match(run.stderr, /1 of 2 replays did not succeed/);
    const [second, first] = await allLogs();
    assert.deepEqual([first!.replay_of, first!.route], [original.log_id, original.route]);
    assert.deepEqual((await readWholeCall(first!)).data, (await readWholeCall(original)).data, 'the same request');
    assert.deepEqual([second!.replay_of, second!.state, second!.error_code], [failedOrder, 'failed', 'NOT_FOUND']);
  });

  test('show and replay of a log that does not exist say so', async () => {
    const missing = '01J0000000000000000000000Z';
    const [show, replay, malformed] = await Promise.all([cli('logs', 'show', missing), cli('logs', 'replay', missing), cli('logs', 'show', 'abc')]);
    assert.equal(show.code, 1);
    assert.match(show.stderr, new RegExp(`No log ${missing}`));
    assert.equal(replay.code, 1);
    assert.match(replay.stdout, /\[1\/1\] .* not sent: no such log/);
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /'abc' is not a log id/);
  });
});
