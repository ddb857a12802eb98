import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WebhookError } from '../../shared/envelope';
import { MAX_MODEL_CHARS, MAX_PREVIEW_CHARS, draftLog, preview, type CallFacts } from '../../shared/logs/record';
import { LOG_ID, timeOfLogId } from '../../shared/logs/keys';
import { REDACTED, redact, redactText } from '../../shared/logs/redact';
import { StoreError } from '../../shared/store/errors';

const facts = (over: Partial<CallFacts> = {}): CallFacts => ({
  functionName: 'create_data',
  startedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  finishedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 48),
  principal: { name: 'shop', id: 'key:abc', companyId: 3, allowedCompanyIds: [3] },
  requestId: 'req-1',
  sourceIp: '203.0.113.9',
  replayOf: null,
  request: { model: 'res.partner', vals: { payload: { name: 'ภาษาไทย' } } },
  response: { statusCode: 200, body: '{"jsonrpc":"2.0","id":null,"result":{"is_success":true}}' },
  resIds: [4],
  rollbackExcept: true,
  ...over,
});


test('a preview longer than the limit is cut there and ends with " ..."; a shorter one is whole', () => {
  assert.equal(preview('abcdef', 3), 'abc ...');
  assert.equal(preview('abc', 3), 'abc');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(40), (text, limit) => {
      const p = preview(text, limit);
      if (text.length <= limit) return p === text;
      return p.endsWith(' ...') && text.startsWith(p.slice(0, -4)) && p.length - 4 >= limit - 1 && p.length - 4 <= limit;
    }),
  );
});

test('a preview never cuts a character made of two UTF-16 units in half', () => {
  assert.equal(preview('ab😀cd', 3), 'ab ...');
  assert.equal(preview('ab😀cd', 4), 'ab😀 ...');
});

test('a log has the fields of the contract, sizes in bytes, the caller but never its secrets', () => {
  const { log, spill } = draftLog(facts(), 2000);
  const data = JSON.stringify(facts().request);
  assert.equal(spill, null);
  assert.match(log.log_id, LOG_ID);
  assert.equal(timeOfLogId(log.log_id), facts().startedAt);
  assert.deepEqual(
    { ...log, log_id: '' },
    {
      log_id: '',
      created_at: '2026-01-02T03:04:05.006Z',
      route: '/api/create_data',
      function_name: 'create_data',
      model: 'res.partner',
      log_type: 'receive',
      state: 'done',
      http_status: 200,
      error_code: null,
      duration_ms: 42,
      principal: 'shop',
      principal_id: 'key:abc',
      company_id: 3,
      request_id: 'req-1',
      source_ip: '203.0.113.9',
      res_ids: [4],
      data_preview: data,
      data_size: Buffer.byteLength(data),
      result_preview: facts().response.body,
      result_size: facts().response.body.length,
      attachment: null,
    },
  );
  assert.ok(log.data_size > data.length, 'Thai text takes 3 bytes a character');
});

test('a text longer than preview_limit makes a spill file holding the whole request and response', () => {
  const { log, spill } = draftLog(facts(), 10);
  assert.equal(log.data_preview, `${JSON.stringify(facts().request).slice(0, 10)} ...`);
  assert.deepEqual(JSON.parse(spill!), { data: facts().request, result: JSON.parse(facts().response.body) });
});

test('a request or a response exactly preview_limit characters long is whole and not spilled; one character more is', () => {
  const data = facts();
  const dataLength = JSON.stringify(data.request).length;
  assert.ok(dataLength > data.response.body.length);
  assert.deepEqual([draftLog(data, dataLength).spill, draftLog(data, dataLength).log.data_preview], [null, JSON.stringify(data.request)]);
  assert.notEqual(draftLog(data, dataLength - 1).spill, null);
  const result = facts({ response: { statusCode: 200, body: JSON.stringify({ result: 'r'.repeat(200) }) } });
  const resultLength = result.response.body.length;
  assert.deepEqual([draftLog(result, resultLength).spill, draftLog(result, resultLength).log.result_preview], [null, result.response.body]);
  assert.notEqual(draftLog(result, resultLength - 1).spill, null);
});

test('previews stay within a DynamoDB item whatever preview_limit says', () => {
  const big = facts({ request: { model: 'x', vals: { payload: { name: 'ก'.repeat(200_000) } } } });
  const { log } = draftLog(big, 10_000_000);
  assert.equal(log.data_preview.length, MAX_PREVIEW_CHARS + 4);
});

test('failures carry their code; rolled_back follows what the failure says stayed, else the rollback switch', () => {
  const failed = (error: unknown, rollbackExcept = true) => draftLog(facts({ error, rollbackExcept }), 2000).log;
  const notFound = new WebhookError('NOT_FOUND', 'x');
  assert.deepEqual([failed(notFound).state, failed(notFound).error_code, failed(notFound).res_ids], ['failed', 'NOT_FOUND', []]);
  assert.equal(failed(notFound).rolled_back, true);
  assert.equal(failed(notFound, false).rolled_back, false);
  assert.equal(failed(new WebhookError('DUPLICATE', 'x', { committed: true })).rolled_back, false);
  // An unsuccessful outcome discarded by rollback_state_failed, whatever rollback_except says.
  assert.equal(failed(new WebhookError('METHOD_FAILED', 'x', { committed: false }), false).rolled_back, true);
  assert.equal(failed(new WebhookError('METHOD_FAILED', 'x', { committed: true }), true).rolled_back, false);
  assert.equal(failed(new StoreError({ reason: 'unavailable' }, { committed: true })).rolled_back, false);
  assert.equal(failed(new StoreError({ reason: 'unavailable' })).rolled_back, true);
  assert.equal(failed(new TypeError('bug')).error_code, 'INTERNAL');
  assert.equal(draftLog(facts(), 2000).log.rolled_back, undefined);
});

test('a model name is kept up to 256 characters, cut as a preview is', () => {
  const model = (name: unknown) => draftLog(facts({ request: { model: name, vals: {} } }), 2000).log.model;
  assert.equal(model('res.partner'), 'res.partner');
  assert.equal(model('x'.repeat(MAX_MODEL_CHARS)), 'x'.repeat(MAX_MODEL_CHARS));
  assert.equal(model('x'.repeat(MAX_MODEL_CHARS + 1)), `${'x'.repeat(MAX_MODEL_CHARS)} ...`);
  assert.equal(model(42), null);
});

test('secret values are redacted at any depth, in parsed and in unparseable bodies', () => {
  assert.deepEqual(redact({ login: 'a', password: 'p', vals: [{ API_KEY: 'k', token: null, note: 'password' }] }), {
    login: 'a',
    password: REDACTED,
    vals: [{ API_KEY: REDACTED, token: null, note: 'password' }],
  });
  const raw = '{"params": {"login": "a", "password": "p\\"w", "x": "password"';
  assert.equal(redactText(raw), `{"params": {"login": "a", "password": "${REDACTED}", "x": "password"`);
  const { log } = draftLog(facts({ request: raw }), 2000);
  assert.ok(!log.data_preview.includes('p\\"w'));
  assert.equal(log.model, null);
});

test('a raw body spilled to S3 is redacted as its preview is', () => {
  const raw = `password=hunter2&${'x'.repeat(5000)}`;
  const { log, spill } = draftLog(facts({ request: raw }), 100);
  assert.ok(spill !== null && !spill.includes('hunter2') && spill.includes(REDACTED));
  assert.ok(!log.data_preview.includes('hunter2'));
});
