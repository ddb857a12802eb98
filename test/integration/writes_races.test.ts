import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { createOrderParties } from '../support/orders';
import { freezeClock } from '../support/clock';
import { indexedIds, readBack, unique } from '../support/records';
import { createRecord, outcome } from '../support/rpc';

// Bursts of concurrent calls on one record: each ends as requests applied whole, one after another.
// The functions' clock is frozen during a burst, and the gateway and the functions wait as long as
// it takes: the requests lose races until their turn comes, and on a slow machine their time would
// run out first (they would answer CONFLICT, or the gateway 504, as they must when a request's time
// is up). Here every request gets the time it needs, so what is asserted is how the races end.

let code: string;
let partnerId: number;
const api = useTestApi({ functionTimeoutMs: 600_000, gatewayTimeoutMs: 600_000 }, async () => {
  ({ code, partnerId } = await createOrderParties(api, 'Race'));
});

test('20 concurrent replaces of one order\'s lines all succeed and end as one of them applied whole, burst after burst', async (t) => {
  for (let burst = 1; burst <= 3; burst++) {
    const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId, order_line: [{ product_id: { default_code: code }, price_unit: 1 }] });
    const clock = freezeClock(t);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        outcome(api, 'update_data', 'sale.order', {
          search_key: { id: orderId },
          payload: { order_line: [{ product_id: { default_code: code }, price_unit: i + 2 }] },
        }),
      ),
    );
    clock.reset();
    for (const a of answers) assert.equal(a.is_success, true, `burst ${burst}: ${JSON.stringify(a)}`);
    const order = await readBack('sale.order', orderId);
    const listed = order?.order_line as number[];
    assert.equal(listed.length, 1, `burst ${burst}: one line listed`);
    assert.deepEqual(await indexedIds('sale.order.line', 'order_id', orderId), listed, `burst ${burst}: no other line points at the order`);
    const line = await readBack('sale.order.line', listed[0]!);
    assert.equal(order?.amount_total, line?.price_subtotal, `burst ${burst}: the total is the line's`);
  }
});

test('50 concurrent identical upserts of an order with a line all succeed, and make one order with one line', async (t) => {
  const ref = unique('UP');
  const vals = {
    search_key: { client_order_ref: ref },
    payload: { partner_id: partnerId, order_line: [{ product_id: { default_code: code }, product_uom_qty: 2, price_unit: 3 }] },
  };
  const clock = freezeClock(t);
  const answers = await Promise.all(Array.from({ length: 50 }, () => outcome(api, 'create_update_data', 'sale.order', vals)));
  clock.reset();
  for (const a of answers) assert.equal(a.is_success, true, JSON.stringify(a));
  assert.equal(answers.filter((a) => a.result.created === true).length, 1, 'exactly one created it');
  const ids = new Set(answers.map((a) => a.result.id as number));
  assert.equal(ids.size, 1, 'all name the same order');
  assert.deepEqual(await indexedIds('sale.order', 'client_order_ref', ref), [...ids]);
  const order = await readBack('sale.order', [...ids][0]!);
  assert.equal((order?.order_line as number[]).length, 1);
  assert.equal(order?.amount_total, 6);
});
