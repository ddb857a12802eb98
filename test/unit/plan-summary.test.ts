import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { WritePlan, summarizePlan } from '../../shared/plan';
import { NOW, model as m, state } from '../support/plan';

test('a plan is counted by model and kind; the parents its lines change are updates', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('sale.order.line'), 30, { order_id: 10, product_id: 5, product_uom_qty: 2, price_unit: 2.5 });
  plan.create(m('sale.order.line'), 31, { order_id: 10, product_id: 5, product_uom_qty: 1, price_unit: 1 });
  plan.delete(m('sale.order.line'), state('sale.order.line', 29, { order_id: 10, price_subtotal: 4 }));
  assert.deepEqual(summarizePlan(plan, []), {
    create: { 'sale.order.line': 2 },
    update: { 'sale.order': 1 },
    delete: { 'sale.order.line': 1 },
    auto_create: [],
  });
});

test('a record the plan touches without changing it is not counted', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('res.partner'), state('res.partner', 4, { name: 'Same', city: 'Paris' }), { city: 'Paris' });
  assert.deepEqual(summarizePlan(plan, []).update, {});
});

test('auto-created records show their id and their non-empty writable values, in stored form', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('res.partner'), 7, { name: 'New', ref: 'C9', company_id: 1, category_id: [2, 3], email: null });
  plan.create(m('res.partner'), 8, { name: 'Not auto-created' });
  assert.deepEqual(summarizePlan(plan, [{ model: 'res.partner', id: 7 }]).auto_create, [
    { model: 'res.partner', values: { id: 7, name: 'New', ref: 'C9', company_id: 1, category_id: [2, 3] } },
  ]);
});

test('a record is counted as updated when the plan only links, only unlinks or only adds to a number of it', () => {
  for (const change of [
    (plan: WritePlan) => plan.link('res.partner', 4, 'category_id', [2]),
    (plan: WritePlan) => plan.unlink('res.partner', 4, 'category_id', [2]),
    (plan: WritePlan) => plan.increment('product.product', 4, 'list_price', 1.5),
  ]) {
    const plan = new WritePlan(catalogue, NOW);
    change(plan);
    assert.equal(Object.values(summarizePlan(plan, []).update).reduce((a, b) => a + b, 0), 1, String(change));
  }
  const plan = new WritePlan(catalogue, NOW);
  plan.increment('product.product', 4, 'list_price', 1.5);
  plan.increment('product.product', 4, 'list_price', -1.5);
  assert.deepEqual(summarizePlan(plan, []).update, {}, 'additions that cancel out change nothing');
});

test('an auto-created record is the create of its model and id, not another record with the same id', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('product.product'), 7, { name: 'Same id, other model' });
  plan.create(m('res.partner'), 8, { name: 'Same model, other id' });
  plan.create(m('res.partner'), 7, { name: 'Asked for' });
  assert.deepEqual(summarizePlan(plan, [{ model: 'res.partner', id: 7 }]).auto_create, [{ model: 'res.partner', values: { id: 7, name: 'Asked for' } }]);
  assert.deepEqual(summarizePlan(plan, [{ model: 'res.partner', id: 9 }]).auto_create, [], 'none in the plan');
});

test('a record whose values the plan changes is counted as updated', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('res.partner'), state('res.partner', 4, { name: 'Old' }), { name: 'New' });
  assert.deepEqual(summarizePlan(plan, []).update, { 'res.partner': 1 });
});
