import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { getFile, s3 } from '../../shared/files';
import { readWholeCall } from '../../shared/logs';
import { dynamoClient } from '../../shared/store/client';
import { useTestApi } from '../support/api';
import { allLogs, latestLog } from '../support/logs';
import { injectFault } from '../support/faults';

const api = useTestApi();
afterEach(async () => {
  await api.setParams({ preview_limit: '2000' });
});

const bigRequest = () => ({
  model: 'res.partner',
  vals: { payload: { name: 'Big', child_ids: Array.from({ length: 30 }, (_, i) => ({ name: `Contact ${i}`, city: 'Bangkok' })) } },
});

const usePreviewLimit = async (limit: number) => {
  await api.setParams({ preview_limit: String(limit) });
};

test('with preview_limit 100, a large request has cut previews and an S3 file whose data equals the whole request', async () => {
  await usePreviewLimit(100);
  const params = bigRequest();
  const res = await api.call('/api/create_data', params);
  assert.equal(res.body.result.is_success, true);
  const log = await latestLog();
  const text = JSON.stringify(params);
  assert.equal(log.data_preview, `${text.slice(0, 100)} ...`);
  assert.equal(log.data_size, Buffer.byteLength(text));
  assert.equal(log.result_preview, `${JSON.stringify(res.body).slice(0, 100)} ...`);
  assert.match(log.attachment!, new RegExp(`^logs/\\d{4}-\\d{2}-\\d{2}/${log.log_id}\\.json$`));
  const file = JSON.parse((await getFile(log.attachment!)).toString('utf8'));
  assert.deepEqual(file, { data: params, result: res.body });
  assert.deepEqual(await readWholeCall(log), { data: params, result: res.body, complete: true });
});

/**
 * The `x-amz-tagging` header of each PutObject of a spilled body, as sent on the wire: s3rver
 * implements object tagging but ignores the tags of a PutObject, so they are read off the request.
 */
function watchSpillTags(): { tags: (string | undefined)[]; stop: () => void } {
  const tags: (string | undefined)[] = [];
  const name = `watch-tags-${Math.random().toString(36).slice(2)}`;
  type Request = { path?: string; headers?: Record<string, string> };
  s3.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as Request;
      if (request.path?.includes('/logs/')) tags.push(request.headers?.['x-amz-tagging']);
      return next(args);
    },
    { step: 'finalizeRequest', name },
  );
  return { tags, stop: () => void s3.middlewareStack.remove(name) };
}

test('a spilled body is tagged with log_retention_days rounded up to its retention class; 0 tags nothing', async () => {
  await usePreviewLimit(100);
  const watch = watchSpillTags();
  try {
    await api.setParams({ log_retention_days: '10' });
    await api.call('/api/create_data', bigRequest());
    assert.match((await latestLog()).attachment!, /^logs\//);
    await api.setParams({ log_retention_days: '0' });
    await api.call('/api/create_data', bigRequest());
  } finally {
    watch.stop();
    await api.setParam('log_retention_days', '0');
  }
  assert.deepEqual(watch.tags, ['retention-days=14', undefined]);
});

test('secrets are redacted in the spilled file as in the previews: raw bodies and nested keys alike', async () => {
  await usePreviewLimit(100);
  const raw = `login=shop&x-api-key=K3Y-value&access_token=T0KEN-value&note=${'n'.repeat(500)}`;
  const res = await api.post('/api/create_data', raw, { authorization: `Bearer ${api.key}` });
  assert.equal(res.status, 400);
  const rawLog = await latestLog();
  const params = { model: 'res.partner', vals: { payload: { name: 'Big', child_ids: bigRequest().vals.payload.child_ids, Session_Id: 'SE55ION-value' } } };
  await api.call('/api/create_data', params);
  const jsonLog = await latestLog();
  for (const log of [rawLog, jsonLog]) {
    assert.match(log.attachment!, /^logs\//);
    const stored = (await getFile(log.attachment!)).toString('utf8') + log.data_preview;
    for (const secret of ['K3Y-value', 'T0KEN-value', 'SE55ION-value', api.key]) assert.ok(!stored.includes(secret), `${secret} is not in ${stored.slice(0, 200)}`);
    assert.ok(stored.includes('[redacted]'));
  }
});

test('texts within preview_limit are whole in the log and nothing is saved to S3', async () => {
  const params = bigRequest();
  const res = await api.call('/api/create_data', params);
  const log = await latestLog();
  assert.equal(log.attachment, null);
  assert.equal(log.data_preview, JSON.stringify(params));
  assert.deepEqual(await readWholeCall(log), { data: params, result: res.body, complete: true });
});

test('with S3 failing, the log is still written with its previews and a marker', async () => {
  await usePreviewLimit(100);
  const heal = injectFault(s3, (command, input) => command === 'PutObjectCommand' && String(input.Key).startsWith('logs/'));
  let res;
  try {
    res = await api.call('/api/create_data', bigRequest());
  } finally {
    heal();
  }
  assert.equal(res.body.result.is_success, true);
  const log = await latestLog();
  assert.equal(log.attachment, null);
  assert.match(log.attachment_error!, /could not be saved to S3 \(ServiceUnavailable\)/);
  assert.ok(log.data_preview.endsWith(' ...') && log.data_preview.length === 104);
  const whole = await readWholeCall(log);
  assert.equal(whole.complete, false, 'only cut previews exist');
});

test("when the log itself cannot be written, the caller's answer is what it would have been", async () => {
  const before = (await allLogs()).length;
  const heal = injectFault(dynamoClient, (_command, input) => input.TableName === process.env.LOGS_TABLE);
  let res;
  try {
    res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Unlogged' } } }, { id: 9 });
  } finally {
    heal();
  }
  assert.equal(res.status, 200);
  assert.deepEqual(Object.keys(res.body.result), ['is_success', 'result', 'messages']);
  assert.equal(res.body.id, 9);
  assert.equal(res.body.result.is_success, true);
  assert.equal((await allLogs()).length, before);
});
