import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { useTestApi } from '../support/api';
import { createOrderParties } from '../support/orders';
import { freezeClock } from '../support/clock';
import { injectFault, transactionPutting } from '../support/faults';
import { dynamoClient } from '../../shared/store';
import { journalEntries, readBack, snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';
import { watchCalls } from '../support/sdk-calls';
import { getParams } from '../../shared/params';
import { recoverWrites } from '../../shared/recovery';

let code: string;
let partnerId: number;
const api = useTestApi(async () => {
  ({ code, partnerId } = await createOrderParties(api, 'Bulk'));
});
let heal = () => {};
afterEach(() => heal());

/** Matches the stored item of the line with this quantity (the n-th line of `lines`). */
const line = (qty: number) => (item: Record<string, unknown>) => String(item.pk).startsWith('R#sale.order.line#') && item.product_uom_qty === qty;

/** One run of the recovery, as its schedule would make it once the request's time is up. */
const recover = async () => recoverWrites({ now: Date.now() + 60_000, until: Date.now() + 20_000, params: await getParams() });

/**
 * Asserts a failed write's answer, and returns the table once the write is settled. On a slow
 * machine DynamoDB may not let the request finish its undo in its time: the answer then says that
 * what was written is being undone (`details.recovery: "pending"`), and it is, by the recovery's
 * next run (made here, as its schedule would once the request's time is up).
 */
async function failedWrite(out: { error: { details: { recovery?: string } } }, code: string): Promise<string[]> {
  const pending = out.error.details.recovery === 'pending';
  assertFailure(out, code, pending ? /being undone and will not remain/ : 'nothing was written');
  if (pending) await recover();
  return snapshot();
}

const lines = (n: number, last?: Record<string, unknown>) => {
  const out: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: 1 }));
  if (last) out[n - 1] = last;
  return out;
};

test('a 300-line order is written in several transactions; one failing leaves no trace', async () => {
  const before = await snapshot();
  // The chunk holding line 150 fails on every attempt; the others commit, then are undone.
  heal = injectFault(dynamoClient, transactionPutting(line(150)), 'conflict');
  const { result: out, calls } = await watchCalls(() => outcome(api, 'create_data', 'sale.order', { payload: { partner_id: partnerId, order_line: lines(300) } }));
  heal();
  assert.ok(calls.filter((c) => c.command === 'TransactWriteItemsCommand').length > 6, 'chunks were committed and undone');
  assert.deepEqual(await failedWrite(out, 'CONFLICT'), before);
});

test('a transaction that fails once is undone and the request runs again: one order, all its lines', async (t) => {
  const before = (await snapshot()).length;
  heal = injectFault(dynamoClient, transactionPutting(line(250), 1), 'conflict');
  // The functions' clock is frozen: a slow machine must not use up the request's time for work
  // before the second attempt (the request would then answer CONFLICT rather than run again).
  const clock = freezeClock(t);
  const out = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: partnerId, order_line: lines(300) }, result_field: ['order_line', 'amount_total'] });
  clock.reset();
  heal();
  assert.equal((out.order_line as number[]).length, 300);
  assert.equal(out.amount_total, (300 * 301) / 2);
  // The order (record, name index, name guard, 3 more index entries) and 300 lines (record, 3 index entries each).
  const added = (await snapshot()).length - before;
  assert.equal(added, 6 + 300 * 4);
});

test('an unexpected fault in one transaction is undone too, and answers Internal error with a request id', async () => {
  const before = await snapshot();
  heal = injectFault(dynamoClient, transactionPutting(line(150)), 'crash');
  const res = await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines(300) } } });
  heal();
  assert.equal(res.status, 500);
  assert.equal(res.body.error.message, 'Internal error');
  assert.equal(typeof res.body.error.data.request_id, 'string');
  assert.ok(!JSON.stringify(res.body).includes('injected'), 'the fault itself does not reach the caller');
  // A committed transaction whose undo DynamoDB did not let end in the request's time (a slow
  // machine) keeps its journal entry: the recovery undoes it.
  if ((await journalEntries()).c) await recover();
  assert.deepEqual(await snapshot(), before);
});

test('a bad product on the last of 150 lines leaves no trace', async () => {
  const before = await snapshot();
  const out = await outcome(api, 'create_data', 'sale.order', {
    payload: { partner_id: partnerId, order_line: lines(150, { product_id: { default_code: 'NO-SUCH-CODE' } }) },
  });
  assertFailure(out, 'NOT_FOUND', "'product_id': 'NO-SUCH-CODE' found no match.");
  assert.deepEqual(await snapshot(), before);
});

test('an update replacing 120 lines by 150 that fails restores the old lines', async () => {
  const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId, order_line: lines(120) });
  const before = await snapshot();
  heal = injectFault(dynamoClient, transactionPutting(line(140)), 'conflict');
  const out = await outcome(api, 'update_data', 'sale.order', { search_key: { id: orderId }, payload: { order_line: lines(150) } });
  heal();
  assert.deepEqual(await failedWrite(out, 'CONFLICT'), before);
  assert.equal(((await readBack('sale.order', orderId))?.order_line as number[]).length, 120);
});

test('concurrent updates of one record lose no write', async () => {
  const id = await createRecord(api, 'res.partner', { name: 'Busy' });
  const tags = Array.from({ length: 8 }, () => unique('tag'));
  for (const name of tags) await createRecord(api, 'res.partner.category', { name });
  const results = await Promise.all(
    tags.map((name, i) =>
      outcome(api, 'update_data', 'res.partner', { search_key: { id }, payload: { category_id: { mode: 'add', records: [{ name }] }, email: `busy${i}@example.com` } }),
    ),
  );
  for (const r of results) assert.equal(r.is_success, true, JSON.stringify(r));
  const stored = await readBack('res.partner', id);
  assert.equal((stored?.category_id as number[]).length, 8, 'every tag added');
  // The email index follows the value that won: the record is found by it, and by no other.
  const found = await outcome(api, 'update_data', 'res.partner', { search_key: { email: stored?.email }, payload: {} });
  assert.equal(found.result.id, id);
  for (let i = 0; i < 8; i++) {
    if (`busy${i}@example.com` === stored?.email) continue;
    assertFailure(await outcome(api, 'update_data', 'res.partner', { search_key: { email: `busy${i}@example.com` }, payload: {} }), 'NOT_FOUND');
  }
});

test('concurrent lines added to one order keep its total exact', async () => {
  const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId });
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      ok(api, 'update_data', 'sale.order', { search_key: { id: orderId }, payload: { order_line: { mode: 'add', records: [{ product_id: { default_code: code }, price_unit: 0.1 * (i + 1) }] } } }),
    ),
  );
  const order = await readBack('sale.order', orderId);
  assert.equal((order?.order_line as number[]).length, 10);
  assert.equal(order?.amount_total, 5.5);
});
