/**
 * Record ids drawn in blocks a function container keeps: never one id twice, whichever container
 * draws it, and the model's counter written once a block, not once a request.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { fixture, startChildApi, success, type ChildApi } from '../support/catalogue-stack';
import { unique } from '../support/records';
import { ok } from '../support/rpc';
import { countBy, watchCalls } from '../support/sdk-calls';

let products: string[];
const api = useTestApi(async () => {
  products = [unique('P'), unique('P')];
  for (const code of products) await ok(api, 'create_data', 'product.product', { payload: { name: code, default_code: code } });
});

const partner = () => ({ payload: { name: unique('Partner') } });
const order = (partnerId: number, lines: number) => ({
  payload: { partner_id: partnerId, order_line: Array.from({ length: lines }, (_, i) => ({ product_id: { default_code: products[i % 2] }, product_uom_qty: i + 1 })) },
});

test('a container creating records one after another writes the id counter once a block, and its ids increase', async () => {
  const ids: number[] = [];
  const { calls } = await watchCalls(async () => {
    for (let i = 0; i < 20; i++) ids.push((await ok(api, 'create_data', 'res.partner', partner())).id);
  });
  // A partner of a name only looks nothing up: its UpdateItems are its id draws.
  const draws = countBy(calls).UpdateItemCommand ?? 0;
  assert.ok(draws > 0 && draws <= 10, `${draws} counter writes for 20 creates`);
  assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'ids increase within a container');
  assert.equal(new Set(ids).size, 20);
});

test('orders created at once through several function containers never share an id, nor do their lines', async () => {
  const base = fixture('base');
  const children: ChildApi[] = await Promise.all([startChildApi(api, base), startChildApi(api, base)]);
  try {
    const customer = (await ok(api, 'create_data', 'res.partner', partner())).id as number;
    const containers = [
      (vals: Record<string, unknown>) => ok(api, 'create_data', 'sale.order', vals),
      ...children.map((c) => async (vals: Record<string, unknown>) => success(await c.call('create_data', 'sale.order', vals)).result),
    ];
    // Each container first draws a few blocks alone, so that all of them hold ids when the burst comes.
    for (const create of containers) for (let i = 0; i < 3; i++) await create(order(customer, 5));
    const created = await Promise.all(containers.flatMap((create) => Array.from({ length: 8 }, () => create(order(customer, 5)))));
    const orderIds = created.map((r) => r.id as number);
    assert.equal(new Set(orderIds).size, orderIds.length, `order ids: ${orderIds.join(' ')}`);
    const found = await ok(api, 'search_data', 'sale.order', {
      payload: { search_domain: `[('id', 'in', [${orderIds.join(', ')}])]`, search_field: ['order_line'], limit: 100 },
    });
    assert.equal(found.length, orderIds.length);
    const lineIds = found.flatMap((o: { order_line: number[] }) => o.order_line);
    assert.equal(lineIds.length, orderIds.length * 5, 'every order holds its 5 lines');
    assert.equal(new Set(lineIds).size, lineIds.length, 'no line id is another order\'s');
    for (const id of [...orderIds, ...lineIds]) assert.ok(Number.isSafeInteger(id) && id > 0, String(id));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
});
