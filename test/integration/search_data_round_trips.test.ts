import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { countBy, watchCalls } from '../support/sdk-calls';
import { createRecord } from '../support/rpc';
import { shardsOf } from '../support/records';

const api = useTestApi();

async function measure(model: string, payload: Record<string, unknown>) {
  const { result, calls, rounds } = await watchCalls(() => api.call('/api/search_data', { model, vals: { payload } }));
  assert.equal(result.body.result.is_success, true, JSON.stringify(result.body));
  return { result: result.body.result, rounds, byCommand: countBy(calls) };
}

async function addOrders(count: number, lines: number, partner: number, products: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const order_line = Array.from({ length: lines }, (_, j) => ({ product_id: products[(i + j) % products.length], price_unit: 1 }));
    await createRecord(api, 'sale.order', { partner_id: partner, note: 'rounds', order_line });
  }
}

test('reading orders with order_line{product_id{name}} takes 3 rounds of DynamoDB calls, whatever the number of orders', async () => {
  const partner = await createRecord(api, 'res.partner', { name: 'Round trip customer' });
  const products: number[] = [];
  for (let i = 0; i < 6; i++) products.push(await createRecord(api, 'product.product', { name: `Product ${i}` }));
  const payload = { search_domain: "[('note', '=', 'rounds')]", search_field: ['name', 'order_line{product_id{name}}'] };

  await addOrders(2, 2, partner, products);
  const small = await measure('sale.order', payload);
  await addOrders(10, 4, partner, products);
  const large = await measure('sale.order', payload);

  // One Query of the orders (one per shard, at once), one round of BatchGetItem for every line, one for every product.
  assert.deepEqual([small.rounds, large.rounds], [3, 3]);
  assert.equal(large.result.result.length, 12);
  assert.equal(large.byCommand.QueryCommand, shardsOf('sale.order'));
  assert.equal(large.byCommand.BatchGetItemCommand, 2, 'up to 100 keys a call: 44 lines, then 6 products');
  const [first] = large.result.result;
  assert.deepEqual(first.order_line.map((l: { product_id: { name: string }[] }) => l.product_id[0]!.name), ['Product 0', 'Product 1']);
});

test('an indexed equality search with a limit makes the same calls however many records the model has', async () => {
  const measureTags = () => measure('res.partner.category', { search_domain: "[('name', '=', 'same')]", search_field: ['name'], limit: 10 });
  for (let i = 0; i < 12; i++) await createRecord(api, 'res.partner.category', { name: 'same' });
  const small = await measureTags();
  for (let i = 0; i < 40; i++) await createRecord(api, 'res.partner.category', { name: `other ${i}` });
  for (let i = 0; i < 20; i++) await createRecord(api, 'res.partner.category', { name: 'same' });
  const large = await measureTags();
  // One Query of the index entries (the page and one more), one BatchGetItem of the page's records.
  for (const m of [small, large]) {
    assert.deepEqual({ rounds: m.rounds, calls: m.byCommand }, { rounds: 2, calls: { QueryCommand: 1, BatchGetItemCommand: 1 } });
    assert.deepEqual([m.result.result.length, m.result.next_offset], [10, 10]);
  }
});

test('a dotted path adds one round for the related search, whatever it finds', async () => {
  const partner = await createRecord(api, 'res.partner', { name: 'Path customer', ref: 'PATH-1' });
  const product = await createRecord(api, 'product.product', { name: 'Path product' });
  await createRecord(api, 'sale.order', { partner_id: partner, order_line: [{ product_id: product }] });
  const m = await measure('sale.order', { search_domain: "[('partner_id.ref', '=', 'PATH-1')]", search_field: ['name'] });
  // The partner's ref index (one shard: the value's), then the orders' partner_id index (every
  // shard: a many2one's entries follow their record's), then the orders themselves.
  assert.deepEqual({ rounds: m.rounds, calls: m.byCommand }, { rounds: 3, calls: { QueryCommand: 1 + shardsOf('sale.order'), BatchGetItemCommand: 1 } });
  assert.equal(m.result.result.length, 1);
});
