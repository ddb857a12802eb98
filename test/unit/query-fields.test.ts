import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { readSearchFields, type Projection } from '../../shared/query';
import { thrown } from '../support/errors';

const order = catalogue.get('sale.order')!;
const read = (raw: unknown, model = order) => readSearchFields(model, raw, catalogue);

/** A projection as nested names: `['name', ['order_line', [...]]]`. */
function names(p: Projection): unknown[] {
  return p.fields.map((f) => (f.expand ? [f.name, names(f.expand)] : f.name));
}

const failure = (raw: unknown) => thrown(() => read(raw));

test('search_field lists fields, and field{...} expands a relation, to any depth up to the limit', () => {
  assert.deepEqual(names(read(['name', 'partner_id{name, parent_id{name}}', 'order_line{product_id{company_id{name}}}'])), [
    'name',
    ['partner_id', ['name', ['parent_id', ['name']]]],
    ['order_line', [['product_id', [['company_id', ['name']]]]]],
  ]);
  assert.deepEqual(names(read(' name ,state ')), ['name', 'state']);
});

test('a field named twice is returned once, and its expansions are merged', () => {
  assert.deepEqual(names(read(['partner_id', 'partner_id{name}', 'partner_id{email}', 'name', 'name'])), [['partner_id', ['name', 'email']], 'name']);
});

test('no search_field, an empty list or {} means every field except binary ones', () => {
  const attachment = catalogue.get('ir.attachment')!;
  const all = names(read([], attachment));
  assert.ok(all.includes('name') && all.includes('display_name') && !all.includes('datas') && !all.includes('id'));
  assert.deepEqual(names(read(undefined, attachment)), all);
  assert.deepEqual((names(read(['partner_id{}']))[0] as [string, string[]])[1], names(read([], catalogue.get('res.partner')!)));
  assert.deepEqual(names(read(['datas'], attachment)), ['datas']);
});

test('mistakes are reported with the entry and position', () => {
  assert.equal(failure(['name', 'partner_id{nmae}']).code, 'UNKNOWN_FIELD');
  assert.equal(failure(['partner_id{nmae}']).details.path, 'search_field[0].nmae');
  const brace = failure(['name', 'partner_id{name']);
  assert.equal(brace.code, 'INVALID_VALUE');
  assert.match(brace.message, /expected '}' to close 'partner_id\{' at position 15 of "partner_id\{name"/);
  assert.equal(brace.details.path, 'search_field[1]');
  assert.match(failure(['name email']).message, /expected ',' between fields at position 5/);
  assert.match(failure(['9name']).message, /expected a field name at position 0/);
  assert.match(failure(['name{x}']).message, /'name' is a char field/);
  assert.match(failure({ name: 1 }).message, /must be a list of field names/);
});

test('expansions deeper than MAX_PROJECTION_DEPTH are refused', () => {
  const partner = catalogue.get('res.partner')!;
  const nested = (depth: number) => `${'parent_id{'.repeat(depth)}name${'}'.repeat(depth)}`;
  assert.doesNotThrow(() => readSearchFields(partner, [nested(8)], catalogue));
  assert.throws(() => readSearchFields(partner, [nested(9)], catalogue), /more than 8 levels deep/);
});
