import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startStallProxy, type StallProxy } from '../support/stall-proxy';

// Copies of a write's transactions that reach DynamoDB late: the handlers of this file reach
// DynamoDB through a proxy that holds the calls a rule picks until the test releases them (a
// request stuck on the network, or in a busy DynamoDB's queue, while the SDK's attempt timeout
// gives up on it and sends again), or answers them itself. The shared code is imported only once
// the endpoint points at the proxy.

const proxy: StallProxy = await startStallProxy(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
// An attempt given up on after 10 s: a request whose first run waited for one has no time left
// for a second run (its time for work is 62 % of 26 s).
process.env.DYNAMODB_ATTEMPT_TIMEOUT_MS = '10000';
const { useTestApi } = await import('../support/api');
const { createOrderParties } = await import('../support/orders');
const { latestLog } = await import('../support/logs');
const { indexedIds, journalEntries, readBack, snapshot } = await import('../support/records');
const { assertFailure, outcome } = await import('../support/rpc');
const { getParams } = await import('../../shared/params');
const { recoverWrites } = await import('../../shared/recovery');

const TRANSACT = 'DynamoDB_20120810.TransactWriteItems';
const LINES = 30;
/** What an order of LINES lines adds: the order (record, name index, name guard, 3 index entries), each line (record, 3 index entries). */
const ORDER_ITEMS = 6 + LINES * 4;

let code: string;
let partnerId: number;
const api = useTestApi(async () => {
  ({ code, partnerId } = await createOrderParties(api, 'Late'));
});
after(() => proxy.stop());

/** An order of LINES lines at this price: two transactions, the last line in the second. */
const order = (price: number) => ({
  partner_id: partnerId,
  order_line: Array.from({ length: LINES }, (_, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: price })),
});

/** The transaction that writes the order's last line (not an undo: undo transactions put no line). */
const lastLineOf = (price: number) => (target: string, body: string) =>
  target === TRANSACT && body.includes(`"product_uom_qty":{"N":"${LINES}"}`) && body.includes(`"price_unit":{"N":"${price}"}`) && !body.includes('#st = :c');

/** An undo of a committed transaction: it changes the journal entry from committed to undone. */
const isUndo = (target: string, body: string) => target === TRANSACT && body.includes('SET #st = :st');

/** DynamoDB's answer to a transaction cancelled by a concurrent one on the same item. */
const CONFLICT = {
  status: 400,
  body: {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    Message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
  },
};

/** The items (records, index entries, guards) added since `before`. */
async function added(before: string[]): Promise<string[]> {
  const seen = new Set(before);
  return (await snapshot()).filter((k) => !seen.has(k));
}

test('a transaction whose first copy is held while its resend is cancelled is fenced: the late copy never writes', async () => {
  const price = 4.25;
  const before = await snapshot();
  // The first send of the last line's transaction is held on its way; the SDK gives up on it and
  // sends it again, and that copy is cancelled by a conflict. The held copy may still commit: the
  // request fences it, undoes the first transaction, and answers that nothing was written.
  proxy.stall({ when: lastLineOf(price), hold: 'request', times: 1 });
  proxy.stall({ when: lastLineOf(price), hold: 'refuse', answer: CONFLICT, times: 1 });
  const out = await outcome(api, 'create_data', 'sale.order', { payload: order(price) });
  assertFailure(out, 'CONFLICT', 'nothing was written');

  proxy.release();
  await proxy.drained();
  // The held copy arrived after the answer and found the fence in place of its journal entry.
  assert.deepEqual(await snapshot(), before, 'nothing of the order, not even the held transaction');
  assert.equal((await journalEntries()).c, undefined, 'no transaction committed late');
});

test('a transaction whose first copy is held while its resend commits writes once: the late copy changes nothing', async () => {
  const price = 5.25;
  const before = await snapshot();
  proxy.stall({ when: lastLineOf(price), hold: 'request', times: 1 });
  const out = await outcome(api, 'create_data', 'sale.order', { payload: order(price) });
  assert.equal(out.is_success, true, JSON.stringify(out));
  const id = out.result.id as number;
  const written = await snapshot();

  proxy.release();
  await proxy.drained();
  assert.deepEqual(await snapshot(), written, 'the late copy, with the token of the one that committed, wrote nothing');
  assert.equal((await added(before)).length, ORDER_ITEMS);
  const lines = (await readBack('sale.order', id))?.order_line as number[];
  assert.equal(lines.length, LINES);
  assert.deepEqual(await indexedIds('sale.order.line', 'order_id', id), lines);
});

test('an undo held past the undo phase: the answer says the written part will not remain, and it does not', async () => {
  const price = 6.25;
  const before = await snapshot();
  // The last line's transaction is cancelled; the first is undone, but its undo is held on its way
  // past the request's time for undo. The request answers, the recovery undoes the write, and the
  // held copies of the undo arrive last.
  proxy.stall({ when: lastLineOf(price), hold: 'refuse', answer: CONFLICT });
  const heldUndo = proxy.stall({ when: isUndo, hold: 'request' });
  const out = await outcome(api, 'create_data', 'sale.order', { payload: order(price) });
  heldUndo();
  assert.equal(out.is_success, false, JSON.stringify(out));
  assert.equal(out.error.code, 'CONFLICT');
  assert.match(out.messages, /is being undone and will not remain/);
  assert.deepEqual([out.error.details.committed, out.error.details.recovery], [false, 'pending']);
  const log = await latestLog();
  assert.equal(log.recovery, 'pending');
  assert.ok((await added(before)).length > 0, 'the first transaction stays until the recovery');

  const report = await recoverWrites({ now: Date.now() + 60_000, until: Date.now() + 20_000, params: await getParams() });
  assert.deepEqual(report.writes.filter((w) => w.facts?.logId === log.log_id).map((w) => w.action), ['undone']);
  proxy.release();
  await proxy.drained();
  assert.deepEqual(await snapshot(), before, 'nothing of the order remains');
  assert.equal((await journalEntries()).c, undefined);
});
