import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { unique } from '../support/records';
import { countBy, watchCalls } from '../support/sdk-calls';

const api = useTestApi();

async function setUp(lines: number) {
  const ref = unique('R');
  const codes = Array.from({ length: lines }, () => unique('P'));
  await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Client', ref } } });
  for (const code of codes) await api.call('/api/create_data', { model: 'product.product', vals: { payload: { name: code, default_code: code } } });
  return {
    model: 'sale.order',
    vals: {
      payload: {
        partner_id: { ref },
        order_line: codes.map((code, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: 10 })),
      },
    },
  };
}

test('all lookups of an order are one round of DynamoDB calls, whatever the number of lines', async () => {
  const measured = [];
  for (const lines of [1, 50]) {
    const params = await setUp(lines);
    // Ids the container already holds need no draw: the comparison leaves draws out.
    const { result, calls, rounds } = await watchCalls(() => api.call('/api/create_data', params), { withoutIdDraws: true });
    assert.equal(result.body.result.is_success, true, JSON.stringify(result.body));
    const byCommand = countBy(calls);
    measured.push({ lines, rounds, byCommand });
  }
  const [one, fifty] = measured;
  // Round 1: the partner's and the products' unique guards (one BatchGetItem each) and the
  // sequence counter (and the id counters, when the container holds too few ids); round 2: the
  // transaction(s), sent concurrently.
  assert.equal(one!.rounds, 2, JSON.stringify(one));
  assert.equal(fifty!.rounds, 2, JSON.stringify(fifty));
  const lookups = (m: typeof one) => ({ BatchGetItem: m!.byCommand.BatchGetItemCommand, Query: m!.byCommand.QueryCommand ?? 0, UpdateItem: m!.byCommand.UpdateItemCommand });
  assert.deepEqual(lookups(fifty), lookups(one), 'the lookup round does not grow with the lines');
  assert.equal(one!.byCommand.BatchGetItemCommand, 2);
  assert.ok(fifty!.byCommand.TransactWriteItemsCommand! > 1, 'a plan over 100 items is written in several transactions');
});

test('tag lookups by name at every level of nested lines are batched into the same single round', async () => {
  const tags = [unique('t'), unique('t'), unique('t')];
  for (const name of tags) await api.call('/api/create_data', { model: 'res.partner.category', vals: { payload: { name } } });
  const measured = [];
  for (const contacts of [1, 40]) {
    const category_id = { mode: 'add', records: tags.map((name) => ({ name })) };
    const params = {
      model: 'res.partner',
      vals: { payload: { name: 'Company', category_id, child_ids: Array.from({ length: contacts }, (_, i) => ({ name: `Contact ${i}`, category_id })) } },
    };
    const { result, calls, rounds } = await watchCalls(() => api.call('/api/create_data', params));
    assert.equal(result.body.result.is_success, true, JSON.stringify(result.body));
    measured.push({ rounds, queries: countBy(calls).QueryCommand });
  }
  // One Query per distinct tag name, however many records name it.
  assert.deepEqual(measured, [
    { rounds: 2, queries: 3 },
    { rounds: 2, queries: 3 },
  ]);
});
