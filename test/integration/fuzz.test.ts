import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { useTestApi } from '../support/api';
import { BIG_FILE, LONG_NAMES, ODD_MIMETYPES, ODD_NUMBERS, request, type FuzzRequest, type Seeds } from '../support/payloads';
import { snapshot, unique } from '../support/records';
import { createRecord } from '../support/rpc';

// Random valid and invalid requests against the HTTP API. FC_RUNS raises the count.
const runs = Number(process.env.FC_RUNS ?? 1000);

const seeds: Seeds = { refs: [], codes: [], tags: [], ids: [] };
// Requests follow each other as fast as they go: a throttle would only answer 429.
const api = useTestApi({ throttle: { rateLimit: 100_000, burstLimit: 100_000 } }, async () => {
  for (let i = 0; i < 2; i++) {
    const ref = unique('R');
    const code = unique('P');
    const tag = unique('t');
    seeds.refs.push(ref);
    seeds.codes.push(code);
    seeds.tags.push(tag);
    seeds.ids.push(await createRecord(api, 'res.partner', { name: `Partner ${i}`, ref }));
    seeds.ids.push(await createRecord(api, 'product.product', { name: `Product ${i}`, default_code: code }));
    seeds.ids.push(await createRecord(api, 'res.partner.category', { name: tag }));
  }
  seeds.ids.push(await createRecord(api, 'sale.order', { partner_id: seeds.ids[0], order_line: [{ product_id: seeds.ids[1] }] }));
});

const STACK = /\n\s+at |\.ts:\d+|node_modules|Exception|TypeError|ReferenceError/;

/**
 * Requests that once answered 500, run first on every run whatever the random ones hit: numbers
 * DynamoDB cannot store as a method's parameters, a file of several megabytes, mimetypes S3
 * cannot carry, names longer than their index holds.
 */
function edgeRequests(): FuzzRequest[] {
  const partner = seeds.ids[0]!;
  const attach = (attachment: Record<string, unknown>): FuzzRequest => ({
    route: 'create_data',
    model: 'res.partner',
    vals: { payload: { name: 'Edge', attachment_ids: [attachment] } },
  });
  return [
    ...ODD_NUMBERS.map((limit): FuzzRequest => ({
      route: 'call_function',
      model: 'res.partner',
      vals: { search_key: { id: partner }, payload: { method: 'set_credit_limit', parameter: { limit } } },
    })),
    attach({ name: 'big.bin', datas: BIG_FILE }),
    ...ODD_MIMETYPES.map((mimetype) => attach({ name: 'a.txt', datas: 'aGVsbG8=', mimetype })),
    ...LONG_NAMES.map((name) => attach({ name, datas: 'aGVsbG8=' })),
  ];
}

test('random requests never get a 5xx, a hang, a stack trace or a partial write', { timeout: 30 * 60_000 }, async () => {
  let state = await snapshot();
  await fc.assert(
    fc.asyncProperty(request(seeds), async (req) => {
      const res = await api.post(`/api/${req.route}`, JSON.stringify({ jsonrpc: '2.0', id: 1, params: { model: req.model, vals: req.vals } }), {
        authorization: `Bearer ${api.key}`,
      });
      assert.ok(res.status < 500, `HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      const text = JSON.stringify(res.body);
      assert.doesNotMatch(text, STACK, 'no stack trace or internal name reaches the caller');
      if (res.status !== 200) {
        assert.equal(typeof res.body.error?.data?.code, 'string', text);
      } else {
        assert.equal(typeof res.body.result.is_success, 'boolean', text);
        if (!res.body.result.is_success) assert.equal(typeof res.body.result.error.code, 'string', text);
      }
      const after = await snapshot();
      // With rollback on, a failure writes nothing (ids, sequence numbers and write counters aside).
      if (res.status !== 200 || !res.body.result.is_success) assert.deepEqual(after, state, `${req.route} failed and wrote: ${text}`);
      state = after;
    }),
    { numRuns: runs, interruptAfterTimeLimit: 25 * 60_000, examples: edgeRequests().map((req) => [req]) },
  );
});
