import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { WritePlan, type RecordState } from '../../shared/plan';
import { toTransactItems } from '../../shared/store/transact-items';
import { StoreError } from '../../shared/store';

// Offline: the DynamoDB requests a plan would send, without a database.
const NOW = '2026-01-01 00:00:00';
const m = (name: string) => catalogue.get(name)!;
const items = (plan: WritePlan) => toTransactItems('records', plan.list());

test('a new record is put only if absent, with its index entries and its unique guards', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('res.partner'), 5, { name: 'Azure', ref: 'C1', company_id: 1 });
  const out = items(plan);
  const kinds = out.map((i) => `${i.about.kind}:${i.about.field ?? ''}`);
  assert.deepEqual(kinds.sort(), ['guard:ref', 'index:company_id', 'index:email', 'index:name', 'index:parent_id', 'index:ref', 'record:'].sort());
  const record = out.find((i) => i.about.kind === 'record')!.write.Put!;
  assert.equal(record.ConditionExpression, 'attribute_not_exists(pk)');
  assert.deepEqual([record.Item!.pk, record.Item!.sk, record.Item!._v], ['R#res.partner', '000000000005', 1]);
  const guard = out.find((i) => i.about.kind === 'guard')!;
  assert.deepEqual([guard.write.Put!.Item!.pk, guard.write.Put!.Item!.sk], ['U#res.partner#ref#1', 'C1']);
  assert.match(guard.write.Put!.ConditionExpression!, /attribute_not_exists\(pk\)/);
  const name = out.find((i) => i.about.field === 'name')!.write.Put!.Item!;
  assert.deepEqual([name.pk, name.sk, name.co, name.act, name.v], ['I#res.partner#name', 'Azure\u0000000000000005', 1, true, 'Azure']);
  for (const i of out) assert.ok(i.undo.Delete, 'a put is undone by a delete');
});

test('changing an indexed value moves its entry, on condition that the value is still the one read', () => {
  const before: RecordState = { model: 'res.partner', id: 5, values: { name: 'Azure', ref: 'C1', company_id: 1, email: null, parent_id: null }, version: 2, attachments: [] };
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('res.partner'), before, { ref: 'C2', phone: '555' });
  const out = items(plan);
  const update = out.find((i) => i.about.kind === 'record')!.write.Update!;
  const names = update.ExpressionAttributeNames!;
  const values = update.ExpressionAttributeValues!;
  const refPh = Object.keys(names).find((k) => names[k] === 'ref')!;
  assert.match(update.ConditionExpression!, new RegExp(`${refPh} = :v\\d+`));
  assert.ok(Object.values(values).includes('C1'), 'conditioned on the value read');
  assert.ok(!update.ConditionExpression!.includes(Object.keys(names).find((k) => names[k] === 'phone')!), 'no condition on a field without index');
  const moved = out.filter((i) => i.about.kind !== 'record').map((i) => `${Object.keys(i.write)[0]} ${i.about.kind}:${String(i.about.value)}`);
  assert.deepEqual(moved.sort(), ['Delete guard:C1', 'Delete index:C1', 'Put guard:C2', 'Put index:C2'].sort());
  const undo = out.find((i) => i.about.kind === 'record')!.undo.Update!;
  assert.ok(Object.values(undo.ExpressionAttributeValues!).includes('C1'), 'the undo writes the old value back');
});

test('archiving a record rewrites its index entries so that lookups stop finding it', () => {
  const before: RecordState = { model: 'product.product', id: 3, values: { name: 'Desk', default_code: 'D1', company_id: 1, active: true }, version: 1, attachments: [] };
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('product.product'), before, { active: false });
  const puts = items(plan).filter((i) => i.write.Put);
  assert.ok(puts.length >= 3);
  for (const p of puts) assert.equal(p.write.Put!.Item!.act, false);
});

test('linking a line to a stored order is an unconditional ADD, undone by a DELETE', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('sale.order.line'), 30, { order_id: 10, product_id: 5, product_uom_qty: 1, price_unit: 4 });
  const order = items(plan).find((i) => i.about.model === 'sale.order')!;
  assert.match(order.write.Update!.UpdateExpression!, /^ADD #a\d+ :v\d+, #a\d+ :v\d+, #a\d+ :v\d+$/);
  assert.equal(order.write.Update!.ConditionExpression, 'attribute_exists(#a0)');
  assert.match(order.undo.Update!.UpdateExpression!, /DELETE/);
});

test('a deleted record is deleted only at the version read, and undone by putting it back', () => {
  const before: RecordState = { model: 'sale.order.line', id: 30, values: { order_id: 10, product_id: 5, price_subtotal: 4 }, version: 4, attachments: [] };
  const plan = new WritePlan(catalogue, NOW);
  plan.delete(m('sale.order.line'), before);
  const record = items(plan).find((i) => i.about.kind === 'record' && i.about.model === 'sale.order.line')!;
  assert.equal(record.write.Delete!.ExpressionAttributeValues![':v'], 4);
  assert.equal(record.undo.Put!.Item!.order_id, 10);
});

test('a unique value released and taken in one plan is one put of its guard, allowed for either holder', () => {
  const old: RecordState = { model: 'res.partner', id: 7, values: { name: 'Old', ref: 'K', company_id: 1 }, version: 1, attachments: [] };
  const plan = new WritePlan(catalogue, NOW);
  plan.delete(m('res.partner'), old);
  plan.create(m('res.partner'), 8, { name: 'New', ref: 'K', company_id: 1 });
  const guards = items(plan).filter((i) => i.about.kind === 'guard');
  assert.equal(guards.length, 1);
  const put = guards[0]!.write.Put!;
  assert.equal(put.Item!.id, 8);
  assert.match(put.ConditionExpression!, /attribute_not_exists\(pk\) OR #id IN \(:h0, :h1\)/);
  assert.deepEqual(Object.values(put.ExpressionAttributeValues!).sort(), [7, 8]);
  assert.equal(guards[0]!.undo.Put!.Item!.id, 7, 'undone, the old holder has it back');
});

test('two records of one plan taking one unique value is a duplicate, refused before sending', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('res.partner'), 8, { name: 'A', ref: 'K', company_id: 1 });
  plan.create(m('res.partner'), 9, { name: 'B', ref: 'K', company_id: 1 });
  assert.throws(() => items(plan), (e: unknown) => e instanceof StoreError && e.failure.reason === 'duplicate');
});

/** An update's expressions with their placeholders replaced by the names and values they stand for. */
function readable(u: { UpdateExpression?: string; ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> }) {
  const fill = (text = '') =>
    text
      .replace(/#\w+/g, (k) => u.ExpressionAttributeNames![k]!)
      .replace(/:\w+/g, (k) => JSON.stringify(u.ExpressionAttributeValues![k], (_key, x: unknown) => (x instanceof Set ? [...x] : x)));
  return { update: fill(u.UpdateExpression), condition: fill(u.ConditionExpression) };
}

test("an update's undo sets back only the fields it changed, and only while they hold what the write left", () => {
  const before: RecordState = {
    model: 'res.partner',
    id: 5,
    values: { name: 'Azure', ref: 'C1', phone: '111', email: 'a@example.com', company_id: 1, parent_id: null },
    version: 2,
    attachments: [],
  };
  const plan = new WritePlan(catalogue, NOW);
  plan.update(m('res.partner'), before, { ref: 'C2', phone: '555', email: null });
  const record = items(plan).find((i) => i.about.kind === 'record')!;
  const undo = readable(record.undo.Update!);
  assert.equal(undo.update, 'SET ref = "C1", phone = "111", email = "a@example.com" REMOVE write_date ADD _v 1', 'name and the others are not touched');
  assert.equal(
    undo.condition,
    'attribute_exists(pk) AND ref = "C2" AND phone = "555" AND attribute_not_exists(email) AND write_date = "2026-01-01 00:00:00"',
    'each field set back holds what the write left (a cleared one: nothing)',
  );
  // Additions commute: taking one back needs no condition on the number or the set.
  const line = new WritePlan(catalogue, NOW);
  line.create(m('sale.order.line'), 30, { order_id: 10, product_id: 5, product_uom_qty: 2, price_unit: 4 });
  const order = readable(items(line).find((i) => i.about.model === 'sale.order')!.undo.Update!);
  assert.equal(order.condition, 'attribute_exists(pk)');
  assert.equal(order.update, 'ADD amount_total -8, _v 1 DELETE order_line [30]');
});

test('a created record is deleted by its undo only while it is as created; a deleted one is put back only where nothing took its place', () => {
  const plan = new WritePlan(catalogue, NOW);
  plan.create(m('res.partner'), 5, { name: 'Azure', company_id: 1 });
  const created = items(plan).find((i) => i.about.kind === 'record')!.undo.Delete!;
  assert.equal(readable(created).condition, '_v = 1');
  const before: RecordState = { model: 'res.partner', id: 6, values: { name: 'Gone', company_id: 1 }, version: 3, attachments: [] };
  const removal = new WritePlan(catalogue, NOW);
  removal.delete(m('res.partner'), before);
  const deleted = items(removal).find((i) => i.about.kind === 'record')!;
  assert.equal(readable(deleted.write.Delete!).condition, '_v = 3');
  assert.equal(deleted.undo.Put!.ConditionExpression, 'attribute_not_exists(pk)');
});
