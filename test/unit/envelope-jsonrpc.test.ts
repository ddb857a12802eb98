import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { WebhookError, jsonDepth, parseRpcBody, renderError, renderInternal, renderSuccess } from '../../shared/envelope';

const runs = Number(process.env.FC_RUNS ?? 1000);

test('a JSON-RPC body is read with its id and params; jsonrpc, method and id are optional', () => {
  const full = parseRpcBody('{"jsonrpc": "2.0", "method": "call", "id": 7, "params": {"model": "res.partner", "vals": {}}}');
  assert.deepEqual(full, { ok: true, request: { id: 7, params: { model: 'res.partner', vals: {} } } });
  const bare = parseRpcBody('{"params": {}}');
  assert.deepEqual(bare, { ok: true, request: { id: null, params: {} } });
});

test('protocol failures keep the id when it could be read', () => {
  const parsed = parseRpcBody('{"id": "x1", "params": 3}');
  assert.equal(parsed.ok, false);
  if (!parsed.ok) {
    assert.equal(parsed.id, 'x1');
    assert.equal(parsed.error.code, 'INVALID_REQUEST');
  }
});

test('any text is either read or refused with a protocol code, never thrown', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify({ params: v }))), (text) => {
      const parsed = parseRpcBody(text);
      if (parsed.ok) return typeof parsed.request.params === 'object';
      return ['PARSE_ERROR', 'INVALID_REQUEST', 'NESTING_TOO_DEEP', 'BODY_TOO_LARGE'].includes(parsed.error.code);
    }),
    { numRuns: runs },
  );
});

test('nesting depth is measured without recursion', () => {
  const deep = JSON.parse(`${'['.repeat(200000)}${']'.repeat(200000)}`);
  assert.ok(jsonDepth(deep) > 64);
  assert.equal(jsonDepth({ a: [1, { b: 2 }] }), 3);
  assert.equal(jsonDepth(5), 0);
});

test('a success renders the outcome object with the exact message and extra keys beside result', () => {
  const res = renderSuccess(3, { result: [1], messages: 'Record search successfully', extra: { next_offset: 80 } });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(JSON.parse(res.body), {
    jsonrpc: '2.0',
    id: 3,
    result: { is_success: true, result: [1], messages: 'Record search successfully', next_offset: 80 },
  });
});

test('a handled failure is HTTP 200 with is_success false, the code, the message and the request id', () => {
  const res = renderError(1, new WebhookError('NOT_FOUND', "'partner_id': 'X' found no match.", { field: 'partner_id' }), 'req-1');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(JSON.parse(res.body).result, {
    is_success: false,
    messages: "'partner_id': 'X' found no match.",
    error: { code: 'NOT_FOUND', message: "'partner_id': 'X' found no match.", details: { field: 'partner_id' } },
    request_id: 'req-1',
  });
});

test('a protocol failure is a JSON-RPC error with its HTTP status; an internal one says only Internal error', () => {
  const res = renderError(null, new WebhookError('PARSE_ERROR', 'bad'), 'r');
  assert.equal(res.statusCode, 400);
  assert.deepEqual(JSON.parse(res.body).error, { code: -32700, message: 'bad', data: { code: 'PARSE_ERROR', http_status: 400, request_id: 'r' } });
  const internal = renderInternal(5, 'r2');
  assert.equal(internal.statusCode, 500);
  assert.deepEqual(JSON.parse(internal.body), {
    jsonrpc: '2.0',
    id: 5,
    error: { code: -32603, message: 'Internal error', data: { code: 'INTERNAL', http_status: 500, request_id: 'r2' } },
  });
});
