import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { ATTACHMENTS, WritePlan, type UpdateOp } from '../../shared/plan';
import { NOW, model as m, state } from '../support/plan';

test('a line created with its order is listed in the order and summed into its total', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('sale.order'), 10, { partner_id: 1, name: 'S1' });
  plan.create(m('sale.order.line'), 20, { order_id: 10, product_id: 5, product_uom_qty: 3, price_unit: 0.1 });
  plan.create(m('sale.order.line'), 21, { order_id: 10, product_id: 5, product_uom_qty: 1, price_unit: 0.2 });
  const [order, line] = plan.list();
  assert.equal(order?.kind, 'create');
  if (order?.kind === 'create' && line?.kind === 'create') {
    assert.deepEqual(order.values.order_line, [20, 21]);
    assert.equal(order.values.amount_total, 0.5);
    assert.equal(line.values.price_subtotal, 0.3);
    assert.equal(order.values.create_date, NOW);
  }
});

test('a line added to a stored order links it and adds its subtotal without reading the order', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('sale.order.line'), 30, { order_id: 10, product_id: 5, product_uom_qty: 2, price_unit: 2.5 });
  const parent = plan.list().find((op) => op.model.name === 'sale.order') as UpdateOp;
  assert.equal(parent.kind, 'update');
  assert.equal(parent.before, null);
  assert.deepEqual(parent.link, { order_line: [30] });
  assert.deepEqual(parent.increment, { amount_total: 5 });
});

test('changing a line moves its subtotal; moving it to another order moves it between totals', () => {
  const plan = new WritePlan(catalogue, NOW);
  const line = state('sale.order.line', 30, { order_id: 10, product_id: 5, product_uom_qty: 2, price_unit: 2.5, price_subtotal: 5 });
  plan.update(m('sale.order.line'), line, { product_uom_qty: 4 });
  const order = plan.list().find((op) => op.model.name === 'sale.order') as UpdateOp;
  assert.deepEqual(order.increment, { amount_total: 5 });
  const lineOp = plan.list().find((op) => op.model.name === 'sale.order.line') as UpdateOp;
  assert.deepEqual([lineOp.set.product_uom_qty, lineOp.set.price_subtotal], [4, 10]);

  const move = new WritePlan(catalogue, NOW);
  move.update(m('sale.order.line'), line, { order_id: 11 });
  const [, from, to] = move.list() as UpdateOp[];
  assert.deepEqual([from?.id, from?.unlink, from?.increment], [10, { order_line: [30] }, { amount_total: -5 }]);
  assert.deepEqual([to?.id, to?.link, to?.increment], [11, { order_line: [30] }, { amount_total: 5 }]);
});

test('deleting a line takes it out of its order', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.delete(m('sale.order.line'), state('sale.order.line', 30, { order_id: 10, price_subtotal: 7.25 }));
  const order = plan.list().find((op) => op.model.name === 'sale.order') as UpdateOp;
  assert.deepEqual([order.unlink, order.increment], [{ order_line: [30] }, { amount_total: -7.25 }]);
});

test('an update that changes nothing adds nothing', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('res.partner'), state('res.partner', 1, { name: 'Same', email: null }), { name: 'Same', email: null });
  assert.equal(plan.size, 1);
  const op = plan.list()[0] as UpdateOp;
  assert.deepEqual(op.set, {});
});

test('an attachment is listed on the record it belongs to', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('res.partner'), 7, { name: 'Owner' });
  plan.create(m('ir.attachment'), 8, { name: 'a.pdf', res_model: 'res.partner', res_id: 7 });
  const owner = plan.list()[0];
  assert.ok(owner?.kind === 'create' && owner.attachments.includes(8));
  const later = new WritePlan(catalogue, NOW);
  later.create(m('ir.attachment'), 9, { name: 'b.pdf', res_model: 'res.partner', res_id: 7 });
  assert.deepEqual((later.list()[1] as UpdateOp).link, { [ATTACHMENTS]: [9] });
});
