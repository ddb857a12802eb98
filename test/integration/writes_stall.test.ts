import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startStallProxy } from '../support/stall-proxy';

// DynamoDB calls held 35 s on the way (longer than API Gateway's 29 s): the handlers of this file
// reach DynamoDB through a proxy that holds the calls a rule picks. The shared code is imported
// only once the endpoint points at the proxy.

const proxy = await startStallProxy(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
const { useTestApi } = await import('../support/api');
const { createOrderParties } = await import('../support/orders');
const { latestLog } = await import('../support/logs');
const { indexedIds, journalEntries, snapshot, unique } = await import('../support/records');
const { outcome } = await import('../support/rpc');

const STALL_MS = 35_000;
const TRANSACT = 'DynamoDB_20120810.TransactWriteItems';

let code: string;
let partnerId: number;
const api = useTestApi(async () => {
  ({ code, partnerId } = await createOrderParties(api, 'Stalled'));
});
after(() => proxy.stop());

test('a transaction whose answer is held 35 s is sent again with its token: the request answers in time and writes once', async () => {
  const ref = unique('HELD');
  proxy.stall({ when: (target, body) => target === TRANSACT && body.includes(ref), hold: 'answer', ms: STALL_MS, times: 1 });
  const out = await outcome(api, 'create_data', 'res.partner', { payload: { name: 'Held answer', ref } });
  assert.equal(out.is_success, true, JSON.stringify(out));
  assert.equal((await indexedIds('res.partner', 'ref', ref)).length, 1);
  assert.equal((await latestLog()).state, 'done');
});

test('transactions held 35 s on their way never write after their request was answered', async () => {
  const before = await snapshot();
  const price = 7.25;
  const ref = unique('LATE');
  // Every send of one transaction of a 300-line order, and of a one-transaction create.
  proxy.stall({ when: (target, body) => target === TRANSACT && body.includes(`{"N":"${price}"}`) && body.includes('{"N":"150"}'), hold: 'request', ms: STALL_MS });
  proxy.stall({ when: (target, body) => target === TRANSACT && body.includes(ref), hold: 'request', ms: STALL_MS });
  const lines = Array.from({ length: 300 }, (_, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: price }));
  const [order, single] = await Promise.all([
    api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines } } }),
    api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Held request', ref } } }),
  ]);
  // The order: the held transaction was fenced, the others undone; nothing was written, and it says so.
  assert.equal(order.status, 503, JSON.stringify(order.body));
  assert.match(order.body.error.message, /nothing was written|will not remain/);
  // The one-transaction create: DynamoDB never answered, and the answer says the outcome is unknown.
  assert.equal(single.status, 503, JSON.stringify(single.body));
  assert.deepEqual(single.body.error.data.details, { outcome: 'unknown' });

  await proxy.drained();
  // The held copies of the order's transaction arrived after the answer, and found their fence.
  const orders = (snap: string[]) => snap.filter((k) => /^[RIU]#sale\.order/.test(k));
  assert.deepEqual(orders(await snapshot()), orders(before), 'nothing of the order was written');
  assert.equal((await journalEntries()).c, undefined);
  // The held copies of the create carried one token: at most one of them wrote, as the answer allowed.
  assert.ok(((await indexedIds('res.partner', 'ref', ref)).length) <= 1);
});
