import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, WebhookError, jsonDepth, parseRpcBody, renderError, renderInternal, renderRawResult, renderSuccess } from '../../shared/envelope';

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

const refusal = (body: string | null | undefined) => {
  const parsed = parseRpcBody(body);
  return parsed.ok ? 'read' : { id: parsed.id, code: parsed.error.code, message: parsed.error.message };
};

test('a body of exactly the size limit is read; one byte more, counted in UTF-8, is BODY_TOO_LARGE', () => {
  const padded = (bytes: number, char: string) => {
    const frame = '{"id": 1, "params": {"pad": ""}}';
    const room = bytes - Buffer.byteLength(frame);
    return frame.replace('""', `"${char.repeat(Math.floor(room / Buffer.byteLength(char)))}"`);
  };
  assert.equal(Buffer.byteLength(padded(MAX_BODY_BYTES, 'x')), MAX_BODY_BYTES);
  assert.equal(refusal(padded(MAX_BODY_BYTES, 'x')), 'read');
  const tooLarge = { id: null, code: 'BODY_TOO_LARGE', message: `Request body is larger than ${MAX_BODY_BYTES} bytes` };
  assert.deepEqual(refusal(padded(MAX_BODY_BYTES + 1, 'x')), tooLarge);
  const accents = padded(MAX_BODY_BYTES + 2, 'é');
  assert.ok(accents.length < MAX_BODY_BYTES);
  assert.deepEqual(refusal(accents), tooLarge);
});

test('each malformed body is refused with its own code and message', () => {
  const empty = { id: null, code: 'INVALID_REQUEST', message: 'Request body is empty; expected a JSON-RPC object with "params"' };
  for (const body of [null, undefined, '', ' \n\t ']) assert.deepEqual(refusal(body), empty, JSON.stringify(body));
  const broken = refusal('{"params": ');
  assert.ok(typeof broken === 'object' && broken.code === 'PARSE_ERROR' && broken.message.startsWith('Request body is not valid JSON: '), JSON.stringify(broken));
  assert.notEqual(broken.message, 'Request body is not valid JSON: ');
  for (const body of ['[{"params": {}}]', '"params"', 'null', '7']) {
    assert.deepEqual(refusal(body), { id: null, code: 'INVALID_REQUEST', message: 'Request body must be a JSON object with "params"' }, body);
  }
  assert.deepEqual(refusal('{"id": "a", "params": [1]}'), { id: 'a', code: 'INVALID_REQUEST', message: "Missing 'params': expected an object" });
  assert.deepEqual(refusal('{"id": {"x": 1}}'), { id: null, code: 'INVALID_REQUEST', message: "Missing 'params': expected an object" });
});

test('a body nesting exactly 64 levels is read; 65 is NESTING_TOO_DEEP, its id kept', () => {
  const nested = (levels: number) => `{"id": 9, "params": {"a": ${'['.repeat(levels - 2)}${']'.repeat(levels - 2)}}}`;
  assert.equal(jsonDepth(JSON.parse(nested(MAX_JSON_DEPTH))), MAX_JSON_DEPTH);
  assert.equal(refusal(nested(MAX_JSON_DEPTH)), 'read');
  assert.deepEqual(refusal(nested(MAX_JSON_DEPTH + 1)), { id: 9, code: 'NESTING_TOO_DEEP', message: 'Request body nests deeper than 64 levels' });
});

test('depth is that of the deepest branch, wherever it is; null and scalars are no level', () => {
  assert.equal(jsonDepth({ a: {}, b: [[[]]], c: 1 }), 4);
  assert.equal(jsonDepth([[[]], {}]), 3);
  assert.equal(jsonDepth(null), 0);
  assert.equal(jsonDepth({ a: null, b: 'x' }), 1);
});

test('every answer is JSON with its content type; headers given are added', () => {
  const answers = [
    renderSuccess(1, { result: true, messages: 'ok' }, { 'x-extra': '1' }),
    renderRawResult(2, { uid: 5 }, { 'x-extra': '1' }),
    renderError(3, new WebhookError('NOT_FOUND', 'gone'), 'r'),
    renderInternal(4, 'r'),
  ];
  for (const a of answers) assert.equal(a.headers['content-type'], 'application/json');
  assert.equal(answers[0]!.headers['x-extra'], '1');
  assert.deepEqual(answers[1], { statusCode: 200, headers: { 'content-type': 'application/json', 'x-extra': '1' }, body: '{"jsonrpc":"2.0","id":2,"result":{"uid":5}}' });
  assert.equal(JSON.parse(answers[2]!.body).jsonrpc, '2.0');
});

test('a protocol failure carries its details when it has some', () => {
  const res = renderError(1, new WebhookError('NESTING_TOO_DEEP', 'deep', { depth: 65 }), 'r');
  assert.deepEqual(JSON.parse(res.body).error.data, { code: 'NESTING_TOO_DEEP', http_status: 400, request_id: 'r', details: { depth: 65 } });
});
