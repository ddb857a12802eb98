import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { useTestApi } from '../support/api';
import { createOrderParties } from '../support/orders';
import { firstOnly, injectFault, loseAnswers, transactionPutting } from '../support/faults';
import { latestLog } from '../support/logs';
import { indexedIds, journalEntries, readBack, snapshot, unique } from '../support/records';
import { outcome } from '../support/rpc';
import { dynamoClient } from '../../shared/store';

// DynamoDB failing under a write: answers lost after the commit, throttling past every retry.

let code: string;
let partnerId: number;
const api = useTestApi(async () => {
  ({ code, partnerId } = await createOrderParties(api, 'Faulty'));
});
let heal = () => {};
afterEach(() => heal());

const transactions = (command: string) => command === 'TransactWriteItemsCommand';
const line = (qty: number) => (item: Record<string, unknown>) => String(item.pk).startsWith('R#sale.order.line#') && item.product_uom_qty === qty;
const lines = (n: number, price = 1) => Array.from({ length: n }, (_, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: price }));

test('a create whose answer is lost on every retry of its first send is sent again with its token: written once, answered success', async () => {
  const ref = unique('LOST');
  // Eight attempts: every retry the SDK makes of the first send commits, or finds it committed, and loses the answer.
  heal = loseAnswers(dynamoClient, firstOnly(transactions, 8));
  const out = await outcome(api, 'create_data', 'res.partner', { payload: { name: 'Lost answer', ref } });
  heal();
  assert.equal(out.is_success, true, JSON.stringify(out));
  assert.equal((await indexedIds('res.partner', 'ref', ref)).length, 1);
  const log = await latestLog();
  assert.deepEqual([log.state, log.res_ids], ['done', [out.result.id]]);
});

test('a transaction of a 300-line order whose answer never comes is found committed by its fence: the order is whole', async () => {
  heal = loseAnswers(dynamoClient, (command, input) => transactions(command) && transactionPutting(line(150))(command, input));
  const out = await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: partnerId, order_line: lines(300) }, result_field: ['amount_total'] });
  heal();
  assert.equal(out.is_success, true, JSON.stringify(out));
  const order = await readBack('sale.order', out.result.id);
  assert.equal((order?.order_line as number[]).length, 300);
  assert.equal(order?.amount_total, (300 * 301) / 2);
  assert.equal((await journalEntries()).c, undefined, 'its journal is gone');
});

test('a create whose answers never come is answered 503 with its outcome unknown, which the log says too', async () => {
  const ref = unique('UNKNOWN');
  heal = loseAnswers(dynamoClient, transactions);
  const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Unknown', ref } } });
  heal();
  assert.equal(res.status, 503, JSON.stringify(res.body));
  assert.equal(res.body.error.data.code, 'UNAVAILABLE');
  assert.deepEqual(res.body.error.data.details, { outcome: 'unknown' });
  assert.match(res.body.error.message, /may have been made/);
  // The answer is true: DynamoDB did write it, and did not say so.
  assert.equal((await indexedIds('res.partner', 'ref', ref)).length, 1);
  const log = await latestLog();
  assert.deepEqual([log.state, log.error_code, log.outcome_unknown, log.rolled_back], ['failed', 'UNAVAILABLE', true, undefined]);
});

test('throttling of every transaction past every retry answers 503 before the function ends, with nothing written', async () => {
  const before = await snapshot();
  heal = injectFault(dynamoClient, transactions, 'throttle', { step: 'deserialize' });
  const single = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Throttled', ref: unique('T') } } });
  const several = await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines(300) } } });
  heal();
  for (const res of [single, several]) {
    // 503 from the function, not 502 from a function that ran out of time.
    assert.equal(res.status, 503, JSON.stringify(res.body));
    assert.deepEqual(res.body.error.data.details, { committed: false });
    assert.match(res.body.error.message, /nothing was written/);
  }
  assert.deepEqual(await snapshot(), before);
  const log = await latestLog();
  assert.deepEqual([log.error_code, log.rolled_back], ['UNAVAILABLE', true]);
});

test('throttling of one transaction of a 300-line order past every retry undoes the others: 503, nothing written', async () => {
  const before = await snapshot();
  heal = injectFault(dynamoClient, transactionPutting(line(150)), 'throttle', { step: 'deserialize' });
  const res = await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines(300) } } });
  heal();
  assert.equal(res.status, 503, JSON.stringify(res.body));
  assert.match(res.body.error.message, /nothing was written/);
  assert.deepEqual(await snapshot(), before);
  assert.equal((await journalEntries()).c, undefined);
});
