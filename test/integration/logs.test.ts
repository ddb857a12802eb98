import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { LOG_ID, REPLAY_HEADER, newLogId } from '../../shared/logs';
import { UNKNOWN_MODEL, listingKey, shardOf } from '../../shared/logs/keys';
import { MAX_MODEL_CHARS } from '../../shared/logs/record';
import { dynamoClient } from '../../shared/store/client';
import { useTestApi } from '../support/api';
import { freezeClock, paramsPeriodMs } from '../support/clock';
import { allLogs, latestLog, rawLogItem } from '../support/logs';
import { injectFault } from '../support/faults';
import { snapshot, unique } from '../support/records';
import { createData } from '../support/rpc';
import { countBy, watchCalls } from '../support/sdk-calls';

const api = useTestApi();

describe('API logs: one log per call', () => {
  test('a successful call writes one log with the fields of the contract', async () => {
    const params = { model: 'res.partner', vals: { payload: { name: 'Logged', ref: unique('L') } } };
    const before = Date.now();
    const res = await api.call('/api/create_data', params);
    assert.equal(res.body.result.is_success, true);
    const log = await latestLog();
    assert.match(log.log_id, LOG_ID);
    assert.ok(Date.parse(log.created_at) >= before - 5 && Date.parse(log.created_at) <= Date.now());
    assert.deepEqual(
      { ...log, log_id: 'x', created_at: 'x', duration_ms: 0, request_id: 'x' },
      {
        log_id: 'x',
        created_at: 'x',
        route: '/api/create_data',
        function_name: 'create_data',
        model: 'res.partner',
        log_type: 'receive',
        state: 'done',
        http_status: 200,
        error_code: null,
        duration_ms: 0,
        principal: 'development',
        principal_id: 'key:dev',
        company_id: 1,
        request_id: 'x',
        source_ip: '127.0.0.1',
        res_ids: [res.body.result.result.id],
        data_preview: JSON.stringify(params),
        data_size: Buffer.byteLength(JSON.stringify(params)),
        result_preview: JSON.stringify(res.body),
        result_size: Buffer.byteLength(JSON.stringify(res.body)),
        attachment: null,
      },
    );
    assert.ok(log.duration_ms >= 0 && log.duration_ms < 30_000);
    assert.equal(typeof log.request_id, 'string');
  });

  test('a handled failure is logged as failed with its error code, and its writes rolled back', async () => {
    const res = await createData(api, 'sale.order', { payload: { partner_id: { ref: unique('nobody') } } });
    assert.equal(res.body.result.error.code, 'NOT_FOUND');
    const log = await latestLog();
    assert.deepEqual(
      [log.state, log.http_status, log.error_code, log.res_ids, log.rolled_back, log.request_id],
      ['failed', 200, 'NOT_FOUND', [], true, res.body.result.request_id],
    );
    assert.equal(log.result_preview, JSON.stringify(res.body));
  });

  test('a failure whose written transactions were undone is logged, and nothing of it stays', async () => {
    const ref = unique('DUP');
    await createData(api, 'res.partner', { payload: { name: 'First', ref } });
    const before = await snapshot();
    // 40 contacts are more items than one transaction holds; the transaction holding the taken ref
    // fails and the others are undone (and the whole is tried again, as for any conflict).
    const children = Array.from({ length: 40 }, (_, i) => ({ name: `Contact ${i}`, ...(i === 39 ? { ref } : {}) }));
    const res = await createData(api, 'res.partner', { payload: { name: 'Second', child_ids: children } });
    assert.equal(res.body.result.error.code, 'DUPLICATE');
    assert.deepEqual(await snapshot(), before);
    const log = await latestLog();
    assert.deepEqual([log.state, log.error_code, log.rolled_back], ['failed', 'DUPLICATE', true]);
  });

  test('with rollback_except off, a failed call is logged as not rolled back and its auto-created record stays', async () => {
    await api.setParams({ rollback_except: 'false' });
    try {
      const ref = unique('AUTO');
      const res = await createData(api, 'sale.order', {
        payload: { partner_id: { ref }, order_line: [{ product_id: { default_code: unique('none') } }] },
        auto_create: { partner_id: { name: 'Kept' } },
      });
      assert.equal(res.body.result.error.code, 'NOT_FOUND');
      const log = await latestLog();
      assert.deepEqual([log.state, log.error_code, log.rolled_back], ['failed', 'NOT_FOUND', false]);
      const again = await createData(api, 'sale.order', { payload: { partner_id: { ref } }, result_field: ['partner_id'] });
      assert.equal(again.body.result.result.partner_id[1], 'Kept', 'the auto-created partner stayed');
    } finally {
      await api.setParams({ rollback_except: 'true' });
    }
  });

  test('a protocol failure of an authenticated caller is logged with its status, its raw body as the data', async () => {
    const body = '{"params": {"model": ';
    const res = await api.post('/api/create_data', body, { authorization: `Bearer ${api.key}` });
    assert.equal(res.status, 400);
    const log = await latestLog();
    assert.deepEqual(
      [log.state, log.http_status, log.error_code, log.model, log.data_preview, log.result_preview],
      ['failed', 400, 'PARSE_ERROR', null, body, JSON.stringify(res.body)],
    );
  });

  test('an unexpected fault is logged as INTERNAL with status 500, and the caller sees no detail', async () => {
    const heal = injectFault(dynamoClient, (command) => command === 'TransactWriteItemsCommand', 'ValidationException');
    try {
      const res = await createData(api, 'res.partner', { payload: { name: 'Doomed' } });
      assert.equal(res.status, 500);
      assert.equal(res.body.error.message, 'Internal error');
    } finally {
      heal();
    }
    const log = await latestLog();
    assert.deepEqual([log.state, log.http_status, log.error_code, log.model], ['failed', 500, 'INTERNAL', 'res.partner']);
  });

  test('a model name of 3,000 characters is logged, cut to 256, under the listing of models outside the catalogue', async () => {
    const model = `x.${'y'.repeat(2998)}`;
    const res = await createData(api, model, { payload: { name: 'x' } });
    assert.equal(res.body.result.error.code, 'UNKNOWN_MODEL');
    const log = await latestLog();
    assert.equal(log.request_id, res.body.result.request_id, 'the log of this call was written');
    assert.equal(log.model, `${model.slice(0, MAX_MODEL_CHARS)} ...`);
    assert.equal((await rawLogItem(log)).modelKey, listingKey('model', UNKNOWN_MODEL, shardOf(log.log_id)));
    const typo = unique('res.partnr');
    await createData(api, typo, { payload: { name: 'x' } });
    assert.deepEqual((await allLogs({ model: typo })).map((l) => l.model), [typo], 'found by the name the caller sent');
    assert.deepEqual((await allLogs({ model: UNKNOWN_MODEL })).map((l) => l.model), [typo, log.model], "'?' lists them all");
    assert.ok((await allLogs({ model: 'res.partner' })).every((l) => l.model === 'res.partner'));
  });

  test('a model name of several megabytes still leaves a log within the item size limit', async () => {
    const model = 'm'.repeat(4 * 1024 * 1024);
    const res = await createData(api, model, { payload: { name: 'x' } });
    assert.equal(res.body.result.error.code, 'UNKNOWN_MODEL');
    const log = await latestLog();
    assert.deepEqual([log.request_id, log.state, log.model?.length], [res.body.result.request_id, 'failed', MAX_MODEL_CHARS + 4]);
  });

  test('a call without valid credentials (401) writes no log', async () => {
    const before = (await allLogs()).length;
    assert.equal((await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: null })).status, 401);
    assert.equal((await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: 'whk_wrong' })).status, 401);
    assert.equal((await allLogs()).length, before);
  });

  test('passwords, tokens and keys are never logged', async () => {
    const res = await createData(api, 'res.partner', { payload: { name: 'x', password: 'hunter2-secret', nested: [{ api_key: 'k-123456' }] } });
    assert.equal(res.body.result.error.code, 'UNKNOWN_FIELD');
    const log = await latestLog();
    const stored = JSON.stringify(await rawLogItem(log));
    for (const secret of ['hunter2-secret', 'k-123456', api.key]) assert.ok(!stored.includes(secret), `${secret} is not in the log`);
    assert.match(log.data_preview, /"password":"\[redacted\]"/);
  });

  test('a replayed call names the log it replays; a header that is not a log id is ignored', async () => {
    const original = newLogId();
    await createData(api, 'res.partner', { payload: { name: 'Replayed' } }, { headers: { [REPLAY_HEADER]: original } });
    assert.equal((await latestLog()).replay_of, original);
    await createData(api, 'res.partner', { payload: { name: 'Not replayed' } }, { headers: { [REPLAY_HEADER]: 'robert"); drop table' } });
    assert.equal((await latestLog()).replay_of, undefined);
  });

  test('the log write is one PutItem, after the business rounds', async () => {
    const params = { model: 'res.partner', vals: { payload: { name: 'Counted' } } };
    const without = await watchCalls(() => api.call('/api/create_data', params), { withoutIdDraws: true });
    const { calls, rounds } = await watchCalls(() => api.call('/api/create_data', params), { includeLogs: true, withoutIdDraws: true });
    const logCalls = calls.filter((c) => c.tables.includes(process.env.LOGS_TABLE!));
    assert.deepEqual(countBy(logCalls), { PutItemCommand: 1 });
    assert.equal(rounds, without.rounds + 1);
    assert.equal(logCalls[0]!.start >= Math.max(...calls.filter((c) => !logCalls.includes(c)).map((c) => c.end)), true);
  });
});

describe('API logs: parameters', () => {
  afterEach(() => api.setParams({ create_data_log: 'true', log_retention_days: '0' }));

  test("turning a route's log off stops its logs from the end of the cache period, and on again restarts them", async (t) => {
    const period = paramsPeriodMs();
    const clock = freezeClock(t);
    try {
      clock.tick(period);
      await createData(api, 'res.partner', { payload: { name: 'reads the parameters' } });
      await api.setParam('create_data_log', 'false');
      const before = (await allLogs()).length;
      await createData(api, 'res.partner', { payload: { name: 'logged: the cached value' } });
      clock.tick(period - 1);
      await createData(api, 'res.partner', { payload: { name: 'logged: a millisecond before the period ends' } });
      assert.equal((await allLogs()).length, before + 2);
      clock.tick(1);
      for (let i = 0; i < 3; i++) await createData(api, 'res.partner', { payload: { name: 'unlogged' } });
      assert.equal((await allLogs()).length, before + 2, 'no log from the first request of the next period on');

      await api.setParam('create_data_log', 'TRUE');
      clock.tick(period);
      await createData(api, 'res.partner', { payload: { name: 'logged again' } });
      assert.equal((await allLogs()).length, before + 3);
    } finally {
      clock.reset();
    }
  });

  test('log_retention_days sets the expiry DynamoDB deletes the log at; 0 keeps it', async () => {
    await createData(api, 'res.partner', { payload: { name: 'kept' } });
    assert.equal((await rawLogItem(await latestLog())).expiresAt, undefined);
    await api.setParams({ log_retention_days: '7' });
    await createData(api, 'res.partner', { payload: { name: 'expiring' } });
    const log = await latestLog();
    assert.equal((await rawLogItem(log)).expiresAt, Math.floor(Date.parse(log.created_at) / 1000) + 7 * 86_400);
  });
});
