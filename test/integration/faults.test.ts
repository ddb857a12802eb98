import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { s3 } from '../../shared/files';
import { dynamoClient } from '../../shared/store';
import { useTestApi } from '../support/api';
import { injectFault } from '../support/faults';
import { latestLog } from '../support/logs';
import { snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';

// SSM unreachable is shown in params.test.ts and params_unreachable.test.ts; S3 failing during a
// log spill in logs_spill.test.ts; a failed chunk of a large write in all_or_nothing.test.ts.

let heal = () => {};
const api = useTestApi();
afterEach(() => heal());

test('DynamoDB throttling is retried by the SDK with backoff, and the request succeeds', async () => {
  const ref = unique('T');
  await createRecord(api, 'res.partner', { name: 'Throttled', ref });
  let throttled = 0;
  // Inside the SDK's retry loop: each attempt of the lookup passes here.
  heal = injectFault(dynamoClient, (c) => c === 'BatchGetItemCommand' && throttled++ < 2, 'throttle', { step: 'deserialize' });
  const out = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: { ref } } });
  assert.equal(typeof out.id, 'number');
  assert.equal(throttled, 3, 'two throttled attempts, then one that went through');
});

test('throttling past the retries answers 503 UNAVAILABLE, with nothing written', async () => {
  const ref = unique('T');
  await createRecord(api, 'res.partner', { name: 'Throttled', ref });
  const before = await snapshot();
  heal = injectFault(dynamoClient, (c) => c === 'BatchGetItemCommand', 'throttle', { step: 'deserialize' });
  const res = await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: { ref } } } });
  heal();
  assert.equal(res.status, 503);
  assert.equal(res.body.error.data.code, 'UNAVAILABLE');
  assert.doesNotMatch(JSON.stringify(res.body), /Throttling|Rate exceeded|injected/);
  assert.deepEqual(await snapshot(), before);
  const log = await latestLog();
  assert.deepEqual([log.request_id, log.http_status, log.error_code, log.state], [res.body.error.data.request_id, 503, 'UNAVAILABLE', 'failed'], 'the log says what the caller was answered');
});

test('a transaction cancelled by a concurrent one is run again, and writes once', async () => {
  let conflicts = 0;
  heal = injectFault(dynamoClient, (c) => c === 'TransactWriteItemsCommand' && conflicts++ < 1, 'conflict');
  const before = (await snapshot()).length;
  const out = await ok(api, 'create_data', 'res.partner', { payload: { name: 'Once', ref: unique('C') } });
  assert.equal(conflicts, 2);
  assert.equal(typeof out.id, 'number');
  // The record, its unique guard and its five index entries: written once.
  assert.equal((await snapshot()).length - before, 7);
});

test('S3 down while storing an attachment answers 503 UNAVAILABLE, with nothing written; the next request works', async () => {
  const before = await snapshot();
  heal = injectFault(s3, (c) => c === 'PutObjectCommand', 'ServiceUnavailable');
  const payload = { name: 'With file', attachment_ids: [{ name: 'a.txt', datas: Buffer.from('hello').toString('base64') }] };
  const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload } });
  heal();
  assert.equal(res.status, 503);
  assert.equal(res.body.error.data.code, 'UNAVAILABLE');
  assert.deepEqual(await snapshot(), before);
  assert.deepEqual([(await latestLog()).http_status, (await latestLog()).error_code], [503, 'UNAVAILABLE']);
  await ok(api, 'create_data', 'res.partner', { payload });
});

test("S3 down while reading an attachment's bytes answers 503 UNAVAILABLE", async () => {
  const id = await createRecord(api, 'res.partner', { name: 'Has file', attachment_ids: [{ name: 'b.txt', datas: Buffer.from('bytes').toString('base64') }] });
  const search = () =>
    api.call('/api/search_data', { model: 'ir.attachment', vals: { payload: { search_domain: [['res_id', '=', id], ['res_model', '=', 'res.partner']], search_field: ['name', 'datas'] } } });
  heal = injectFault(s3, (c) => c === 'GetObjectCommand', 'ServiceUnavailable');
  const res = await search();
  heal();
  assert.equal(res.status, 503, JSON.stringify(res.body));
  const fine = await search();
  assert.equal(Buffer.from(fine.body.result.result[0].datas, 'base64').toString(), 'bytes');
});

test('a lookup that DynamoDB refuses as malformed is a bug: 500 Internal error, nothing of it shown', async () => {
  heal = injectFault(dynamoClient, (c) => c === 'BatchGetItemCommand', 'ValidationException');
  const out = await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: { ref: 'x' } } } });
  heal();
  assert.equal(out.status, 500);
  assert.equal(out.body.error.message, 'Internal error');
  assert.deepEqual([(await latestLog()).http_status, (await latestLog()).error_code], [500, 'INTERNAL']);
  assertFailure(await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: { ref: 'nobody' } } }), 'NOT_FOUND');
});
