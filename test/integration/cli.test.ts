import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { LOG_FIELDS, readWholeCall, type ApiLog } from '../../shared/logs';
import { useTestApi } from '../support/api';
import { allLogs, latestLog } from '../support/logs';
import { localDataDir, runCli, type Run } from '../support/cli';
import { paramsReadAgain } from '../support/params';
import { startRecordingProxy, type RecordingProxy } from '../support/proxy';
import { recordLines, snapshot, unique } from '../support/records';
import { createData } from '../support/rpc';

/** The operator CLI run as operators run it, as a child process against this file's stack. */
let dataDir: string;
const root = join(import.meta.dirname, '../..');

const api = useTestApi(async () => {
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
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all([api.setParam('preview_limit', '2000'), api.setParam('search_max_limit', '1000')]);
});

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

/** Runs `check` with the CLI pointed at a proxy in front of this file's API, which records what passes. */
async function throughProxy(check: (proxy: RecordingProxy, run: (...args: string[]) => Promise<Run>) => Promise<void>): Promise<void> {
  const proxy = await startRecordingProxy(api.url);
  const dataDir = localDataDir({ ...api, url: proxy.url });
  try {
    await check(proxy, (...args) => runCli(args, { dataDir }));
  } finally {
    await proxy.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
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
    await createData(api, 'res.partner', { payload: { name: 'x', street: 's'.repeat(300) } });
    assert.equal((await latestLog()).data_preview.length, 124);
  });

  test('set refuses an invalid value with what the parameter accepts, and changes nothing', async () => {
    await api.setParam('rollback_except', 'false');
    const [bad, unknown, negative] = await Promise.all([
      cli('params', 'set', 'rollback_except', 'maybe'),
      cli('params', 'set', 'previewlimit', '5'),
      cli('params', 'set', 'preview_limit', '-5'),
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'maybe' is not a valid value for rollback_except: expected true, false, 1 or 0/);
    assert.equal(negative.code, 2);
    assert.equal(negative.stderr, "'-5' is not a valid value for preview_limit: expected a whole number, at least 0. Nothing was changed.\n", 'a value, not an option');
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
    await createData(api, 'res.partner', { payload: { name: 'a' } });
    await createData(api, 'sale.order', { payload: { partner_id: { ref: unique('nobody') } } });
    await createData(api, 'res.partner', { payload: { name: 'b' } });
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
    const run = await cli('logs', 'replay', original.log_id, failedOrder, '--force');
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

  test('replay --dry-run checks each request and writes nothing; a real replay sends Idempotency-Key replay-<log id>, a dry run none', async () => {
    await createData(api, 'res.partner', { payload: { name: unique('dry-') } });
    const original = await latestLog();
    await api.call('/api/search_data', { model: 'res.company', vals: {} });
    const search = await latestLog();
    await throughProxy(async (proxy, run) => {
      const before = await snapshot();
      const dry = await run('logs', 'replay', original.log_id, search.log_id, '--dry-run');
      assert.equal(dry.code, 1, 'search_data has no dry run');
      const lines = dry.stdout.trim().split('\n');
      assert.match(lines[0]!, new RegExp(`^\\[1/2\\] ${original.log_id} /api/create_data \\(dry run\\) -> 200 done: Dry run: nothing written$`));
      assert.equal(lines[1], `[2/2] ${search.log_id} not sent: /api/search_data takes no dry run`);
      assert.deepEqual(await snapshot(), before, 'nothing written');
      const dryLog = await latestLog();
      assert.deepEqual([dryLog.state, dryLog.replay_of, dryLog.res_ids], ['dry_run', original.log_id, []]);

      const real = await run('logs', 'replay', original.log_id, '--force');
      ok(real);
      assert.match(real.stdout, /-> 200 done: Record created successfully/);
      const sent = proxy.seen.filter((r) => r.path === '/api/create_data');
      assert.deepEqual(
        sent.map((r) => [r.headers['x-webhook-replay-of'], r.headers['idempotency-key']]),
        [[original.log_id, undefined], [original.log_id, `replay-${original.log_id}`]],
      );
    });
  });

  test('replay refuses a successful write unless --force, saying why and how: nothing is sent; a failed write and a search go as they are', async () => {
    const made = await createData(api, 'res.partner', { payload: { name: unique('once-') } });
    const written = await latestLog();
    assert.deepEqual([written.state, written.res_ids], ['done', [made.body.result.result.id]]);
    await api.call('/api/search_data', { model: 'res.company', vals: {} });
    const search = await latestLog();
    await throughProxy(async (proxy, run) => {
      const before = await snapshot();
      const refused = await run('logs', 'replay', written.log_id, failedOrder, search.log_id);
      assert.equal(refused.code, 1);
      const lines = refused.stdout.trim().split('\n');
      assert.equal(
        lines[0],
        `[1/3] ${written.log_id} not sent: it was a successful write (create_data done, res.partner ${made.body.result.result.id}): sending it again writes again; ` +
          'add --force to send it anyway, or --dry-run to see what it would do now without writing',
      );
      assert.match(lines[1]!, new RegExp(`^\\[2/3\\] ${failedOrder} /api/create_data -> 200 failed NOT_FOUND`));
      assert.match(lines[2]!, new RegExp(`^\\[3/3\\] ${search.log_id} /api/search_data -> 200 done`));
      assert.deepEqual(proxy.seen.map((r) => r.headers['x-webhook-replay-of']), [failedOrder, search.log_id], 'the successful write was not sent');
      assert.deepEqual(await snapshot(), before, 'nothing written');

      const forced = await run('logs', 'replay', written.log_id, '--force');
      ok(forced);
      assert.match(forced.stdout, new RegExp(`^\\[1/1\\] ${written.log_id} /api/create_data -> 200 done: Record created successfully\n$`));
      assert.equal(proxy.seen.at(-1)!.headers['idempotency-key'], `replay-${written.log_id}`);
    });
  });

  test('replay --force of one successful write, run twice, writes once: the second gets the kept answer (Idempotent-Replayed), logged replayed; --dry-run writes nothing', async () => {
    await createData(api, 'res.partner', { payload: { name: unique('kept-') } });
    const written = await latestLog();
    const partners = (keys: string[]) => recordLines(keys, 'res.partner').length;
    await throughProxy(async (proxy, run) => {
      const before = await snapshot();
      ok(await run('logs', 'replay', written.log_id, '--dry-run'));
      assert.deepEqual(await snapshot(), before, 'the dry run wrote nothing');

      const first = await run('logs', 'replay', written.log_id, '--force');
      ok(first);
      assert.equal(first.stdout, `[1/1] ${written.log_id} /api/create_data -> 200 done: Record created successfully\n`);
      const afterFirst = await snapshot();
      assert.equal(partners(afterFirst), partners(before) + 1, 'the first replay writes');

      const second = await run('logs', 'replay', written.log_id, '--force');
      ok(second);
      assert.equal(
        second.stdout,
        `[1/1] ${written.log_id} /api/create_data -> 200 done: Record created successfully (the answer of an earlier replay of this log, given again: nothing written)\n`,
      );
      assert.deepEqual(await snapshot(), afterFirst, 'the second wrote nothing');

      const sent = proxy.seen.filter((r) => r.path === '/api/create_data');
      const key = `replay-${written.log_id}`;
      assert.deepEqual(
        sent.map((r) => [r.headers['idempotency-key'], r.answer?.status, r.answer?.headers['idempotent-replayed']]),
        [[undefined, 200, undefined], [key, 200, undefined], [key, 200, 'true']],
      );
      const [again, made, dry] = (await allLogs({ route: 'create_data' })).filter((l) => l.replay_of === written.log_id);
      assert.deepEqual([again!.state, made!.state, dry!.state], ['replayed', 'done', 'dry_run']);
      assert.equal(again!.original_log_id, made!.log_id);
      assert.equal(again!.idempotency_key, key);
      const answerOf = async (log: ApiLog) => ((await readWholeCall(log)).result as { result: unknown }).result;
      assert.deepEqual(await answerOf(again!), await answerOf(made!), 'the same answer');

      // A replayed log answered a successful write: sent again under a key of its own, it would write.
      const refused = await run('logs', 'replay', again!.log_id);
      assert.equal(refused.code, 1);
      assert.match(refused.stdout, /not sent: it was a successful write \(create_data replayed\): sending it again writes again;/);
    });
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
