import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { ATTACHMENTS, WritePlan, type CreateOp, type UpdateOp } from '../../shared/plan';
import { crates } from '../support/crates';
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

// Under a catalogue of crates and their items (test/support/crates.ts): integer and float sums,
// an integer computed from two fields, a many2many.

const update = (plan: WritePlan, model: string, id: number) =>
  plan.list().find((op) => op.kind === 'update' && op.model.name === model && op.id === id) as UpdateOp;

test('a new record holds every field: empty lists, zero sums, empty values, its timestamps, no id or display name', () => {
  const { catalogue: c, crate, item } = crates();
  const plan = new WritePlan(c, NOW);
  plan.create(crate, 1, { name: 'C1' });
  plan.create(item, 2, { crate_id: 1, qty: 3, price: 4, weight: 0.1 });
  plan.create(item, 3, { crate_id: 1, qty: 2, price: 5, weight: 0.2 });
  plan.create(crate, 4, { name: 'Empty' });
  assert.deepEqual((plan.list()[3] as CreateOp).values, {
    name: 'Empty', item_ids: [], label_ids: [], units: 0, weight: 0, create_date: NOW, write_date: NOW,
  });
  assert.deepEqual(plan.list().slice(0, 2), [
    {
      kind: 'create', model: crate, id: 1, attachments: [],
      values: { name: 'C1', item_ids: [2, 3], label_ids: [], units: 5, weight: 0.3, create_date: NOW, write_date: NOW },
    },
    {
      kind: 'create', model: item, id: 2, attachments: [],
      values: { name: null, crate_id: 1, qty: 3, price: 4, weight: 0.1, amount: 12, create_date: NOW, write_date: NOW },
    },
  ]);
});

test('lines created before their parent in the same plan are listed and summed in it', () => {
  const { catalogue: c, crate, item } = crates();
  const plan = new WritePlan(c, NOW);
  plan.create(item, 3, { crate_id: 1, qty: 2, weight: 0.25 });
  plan.create(item, 2, { crate_id: 1, qty: 1, weight: 0.25 });
  plan.create(crate, 1, { name: 'C1', label_ids: [7] });
  plan.link('crate', 1, 'label_ids', [6]);
  assert.deepEqual(plan.list().map((op) => [op.kind, op.id]), [['create', 3], ['create', 1], ['create', 2]], 'listed where first touched');
  const parent = plan.list()[1];
  if (parent?.kind === 'create') {
    assert.deepEqual([parent.values.item_ids, parent.values.units, parent.values.label_ids], [[2, 3], 3, [6, 7]]);
    assert.equal(parent.values.weight, 0.6, 'each addition is rounded to the sum’s digits, as the store adds');
  }
});

test('a change recomputes what depends on it, and only that; the parent’s sum moves by the difference', () => {
  const { catalogue: c, item } = crates();
  const stored = state('crate.item', 2, { crate_id: 1, qty: 3, price: 4, amount: 12, weight: 0.5, name: 'a' });
  const plan = new WritePlan(c, NOW);
  plan.update(item, stored, { qty: 5 });
  assert.deepEqual(update(plan, 'crate.item', 2).set, { qty: 5, amount: 20, write_date: NOW });
  assert.deepEqual(update(plan, 'crate', 1), {
    kind: 'update', model: c.get('crate'), id: 1, before: null, set: {}, link: {}, unlink: {}, increment: { units: 2 }, checkVersion: false,
  });

  const same = new WritePlan(c, NOW);
  same.update(item, stored, { qty: 6, price: 2 });
  assert.deepEqual(update(same, 'crate.item', 2).set, { qty: 6, price: 2, write_date: NOW }, 'the amount stays 12');

  const stale = new WritePlan(c, NOW);
  stale.update(item, { ...stored, values: { ...stored.values, amount: 99 } }, { name: 'b' });
  assert.deepEqual(update(stale, 'crate.item', 2).set, { name: 'b', write_date: NOW }, 'the name is no dependency');
  assert.equal(stale.size, 1, 'the crate is not touched');
});

test('a line outside any parent, or put into one, touches only the parents it has', () => {
  const { catalogue: c, item } = crates();
  const loose = state('crate.item', 2, { crate_id: null, qty: 3, weight: 1 });
  const plan = new WritePlan(c, NOW);
  plan.update(item, loose, { qty: 4 });
  assert.equal(plan.size, 1);
  const into = new WritePlan(c, NOW);
  into.update(item, loose, { crate_id: 1 });
  assert.equal(into.size, 2);
  assert.deepEqual([update(into, 'crate', 1).link, update(into, 'crate', 1).increment], [{ item_ids: [2] }, { units: 3, weight: 1 }]);
  const out = new WritePlan(c, NOW);
  out.update(item, { ...loose, values: { ...loose.values, crate_id: 1 } }, { crate_id: null });
  assert.deepEqual(out.list().map((op) => [op.model.name, op.id]), [['crate.item', 2], ['crate', 1]]);
  assert.deepEqual([update(out, 'crate', 1).unlink, update(out, 'crate', 1).increment], [{ item_ids: [2] }, { units: -3, weight: -1 }]);
});

test('a changed line stays linked to its unchanged parent without being linked again', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('sale.order.line'), state('sale.order.line', 30, { order_id: 10, product_uom_qty: 2, price_unit: 2.5, price_subtotal: 5 }), { price_unit: 3 });
  const order = plan.list().find((op) => op.model.name === 'sale.order') as UpdateOp;
  assert.deepEqual([order.link, order.unlink, order.increment], [{}, {}, { amount_total: 1 }]);
});

test('ids linked and unlinked by an update count only when they change the list, written out sorted', () => {
  const { catalogue: c, crate } = crates();
  const stored = state('crate', 1, { name: 'C', label_ids: [5, 8] });
  const plan = new WritePlan(c, NOW);
  plan.update(crate, stored, {}, { link: { label_ids: [9, 5, 3] }, unlink: { label_ids: [4, 8] } });
  const op = update(plan, 'crate', 1);
  assert.deepEqual([op.set, op.link, op.unlink, op.checkVersion], [{ write_date: NOW }, { label_ids: [3, 9] }, { label_ids: [8] }, false]);

  for (const x2many of [{ link: { label_ids: [9] } }, { unlink: { label_ids: [5] } }]) {
    const one = new WritePlan(c, NOW);
    one.update(crate, stored, {}, x2many);
    assert.deepEqual(update(one, 'crate', 1).set, { write_date: NOW }, JSON.stringify(x2many));
  }

  const none = new WritePlan(c, NOW);
  none.update(crate, stored, {}, { link: { label_ids: [5] }, unlink: { label_ids: [4] }, checkVersion: true });
  assert.deepEqual([update(none, 'crate', 1).set, update(none, 'crate', 1).checkVersion], [{}, false], 'nothing to write, nothing to check');
});

test('a list set to the same ids in another order is no change; other ids or another length are', () => {
  const { catalogue: c, crate } = crates();
  const stored = state('crate', 1, { name: 'C', label_ids: [1, 2] });
  const set = (label_ids: number[] | null) => {
    const plan = new WritePlan(c, NOW);
    plan.update(crate, stored, { label_ids });
    return update(plan, 'crate', 1).set.label_ids;
  };
  assert.deepEqual([set([2, 1]), set([1, 3]), set([1, 2, 3]), set([1]), set(null)], [undefined, [1, 3], [1, 2, 3], [1], null]);
});

test('an update made on condition of the version read, at once or later, keeps that condition', () => {
  const { catalogue: c, crate } = crates();
  const plan = new WritePlan(c, NOW);
  plan.update(crate, state('crate', 1, { name: 'A' }), { name: 'B' }, { checkVersion: true });
  assert.equal(update(plan, 'crate', 1).checkVersion, true);

  const later = new WritePlan(c, NOW);
  later.link('crate', 2, 'label_ids', [1]);
  later.checkVersion(crate, 2);
  assert.equal(update(later, 'crate', 2).checkVersion, false, 'a record never read has no version to check');
  const read = state('crate', 2, { name: 'A' });
  later.update(crate, read, { name: 'B' });
  assert.equal(update(later, 'crate', 2).before, read, 'the record read later is the one the update starts from');
  later.checkVersion(crate, 2);
  later.checkVersion(crate, 3);
  later.create(crate, 4, { name: 'new' });
  later.checkVersion(crate, 4);
  assert.deepEqual(later.list().map((op) => [op.id, op.kind === 'update' ? op.checkVersion : op.kind]), [[2, true], [4, 'create']]);
});

test('a link then an unlink of the same ids cancel out; the last one wins', () => {
  const { catalogue: c } = crates();
  const plan = new WritePlan(c, NOW);
  plan.link('crate', 1, 'label_ids', [4, 5]);
  plan.unlink('crate', 1, 'label_ids', [4]);
  plan.unlink('crate', 2, 'label_ids', [4]);
  plan.link('crate', 2, 'label_ids', [4]);
  plan.link('crate', 3, 'label_ids', []);
  plan.unlink('crate', 3, 'label_ids', []);
  plan.increment('crate', 3, 'units', 0);
  assert.deepEqual(update(plan, 'crate', 1).link, { label_ids: [5] });
  assert.deepEqual(update(plan, 'crate', 1).unlink, { label_ids: [4] });
  assert.deepEqual([update(plan, 'crate', 2).link, update(plan, 'crate', 2).unlink], [{ label_ids: [4] }, {}]);
  assert.equal(plan.size, 2, 'nothing to link, unlink or add makes no op');
});

test('a parent deleted with its lines, in either order, is deleted and nothing else', () => {
  const { catalogue: c, crate, item } = crates();
  const line = state('crate.item', 2, { crate_id: 1, qty: 3, weight: 1 });
  const parent = state('crate', 1, { name: 'C', item_ids: [2], units: 3, weight: 1 });
  for (const steps of [[parent, line], [line, parent]]) {
    const plan = new WritePlan(c, NOW);
    for (const s of steps) plan.delete(s.model === 'crate' ? crate : item, s);
    assert.deepEqual(plan.list().map((op) => [op.kind, op.model.name, op.id]).sort(), [['delete', 'crate', 1], ['delete', 'crate.item', 2]]);
    assert.deepEqual(plan.list().map((op) => Object.keys(op).sort()), [['before', 'id', 'kind', 'model'], ['before', 'id', 'kind', 'model']]);
  }
});

test('an attachment moves between owners; one without an owner in the catalogue is listed nowhere', () => {
  const att = (values: Record<string, unknown>) => state('ir.attachment', 9, { name: 'a.pdf', ...values });
  const moved = new WritePlan(catalogue, NOW);
  moved.update(m('ir.attachment'), att({ res_model: 'res.partner', res_id: 7 }), { res_id: 8 });
  assert.deepEqual(moved.list().slice(1).map((op) => [op.id, (op as UpdateOp).link, (op as UpdateOp).unlink]), [
    [7, {}, { [ATTACHMENTS]: [9] }],
    [8, { [ATTACHMENTS]: [9] }, {}],
  ]);
  const renamed = new WritePlan(catalogue, NOW);
  renamed.update(m('ir.attachment'), att({ res_model: 'res.partner', res_id: 7 }), { name: 'b.pdf' });
  assert.equal(renamed.size, 1, 'its owner is not touched');
  const deleted = new WritePlan(catalogue, NOW);
  deleted.delete(m('ir.attachment'), att({ res_model: 'res.partner', res_id: 7 }));
  assert.deepEqual((deleted.list()[1] as UpdateOp).unlink, { [ATTACHMENTS]: [9] });
  for (const owner of [{ res_model: 'res.partner', res_id: null }, { res_model: null, res_id: 7 }, { res_model: 'retired.model', res_id: 7 }]) {
    const plan = new WritePlan(catalogue, NOW);
    plan.create(m('ir.attachment'), 9, { name: 'a.pdf', ...owner });
    assert.equal(plan.size, 1, JSON.stringify(owner));
  }
});

test('search-key claims are written with the plan; a plan starts with none', () => {
  const plan = new WritePlan(catalogue, NOW);
  assert.deepEqual(plan.claims, []);
  plan.claim({ model: 'res.partner', company: 1, digest: 'd1' });
  assert.deepEqual(plan.claims, [{ model: 'res.partner', company: 1, digest: 'd1' }]);
});

test('a plan refuses an update of a record it creates, and a model the catalogue does not have', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('res.partner'), 1, { name: 'New' });
  assert.throws(() => plan.update(m('res.partner'), state('res.partner', 1, {}), { name: 'X' }), /^Error: plan: update of res.partner,1 after its create$/);
  assert.throws(() => plan.link('no.model', 1, 'x', [1]), /^Error: plan: unknown model no.model$/);
});
