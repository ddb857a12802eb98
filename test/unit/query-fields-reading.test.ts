import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { readSearchFields, type Projection } from '../../shared/query';
import { thrown } from '../support/errors';

const order = catalogue.get('sale.order')!;
const partner = catalogue.get('res.partner')!;
const read = (raw: unknown, model = order, key?: string) => readSearchFields(model, raw, catalogue, key);
const names = (p: Projection): unknown[] => p.fields.map((f) => (f.expand ? [f.name, names(f.expand)] : f.name));
const said = (raw: unknown, key?: string) => {
  const e = thrown(() => read(raw, order, key));
  return { code: e.code, message: e.message, details: e.details };
};
const every = (model = partner) => Object.keys(model.fields).filter((name) => name !== 'id' && model.fields[name]!.type !== 'binary');

test('one field may come as a text instead of a list; null is every field', () => {
  assert.deepEqual(names(read('partner_id{name}')), [['partner_id', ['name']]]);
  assert.deepEqual(names(read(null, partner)), every());
  assert.deepEqual(names(read([], partner)), every());
  assert.equal(read(['name']).model, order);
});

test('expanded records are of the related model, with the fields named, or all of them for {}', () => {
  const p = read(['partner_id{ name , email }', 'order_line{}']);
  assert.equal(p.fields[0]!.expand!.model, partner);
  assert.deepEqual(names(p.fields[0]!.expand!), ['name', 'email']);
  const line = catalogue.get('sale.order.line')!;
  assert.equal(p.fields[1]!.expand!.model, line);
  assert.deepEqual(names(p.fields[1]!.expand!), every(line));
  assert.deepEqual(names(read(['partner_id {name}'])), [['partner_id', ['name']]], 'space before the brace');
});

test('a field named plain and expanded is expanded, whichever comes first; expansions merge at every depth', () => {
  assert.deepEqual(names(read(['partner_id{name}', 'partner_id'])), [['partner_id', ['name']]]);
  assert.deepEqual(names(read(['partner_id', 'partner_id{name}'])), [['partner_id', ['name']]]);
  assert.deepEqual(names(read(['partner_id{parent_id{name}}', 'partner_id{parent_id{email}, name}'])), [['partner_id', [['parent_id', ['name', 'email']], 'name']]]);
  assert.deepEqual(names(read(['partner_id{name, name, parent_id, parent_id{ref}}'])), [['partner_id', ['name', ['parent_id', ['ref']]]]]);
});

test('a list that is not of texts is INVALID_VALUE under the key it was sent as', () => {
  assert.deepEqual(said(['name', 5]), { code: 'INVALID_VALUE', message: "'search_field' must be a list of field names", details: { path: 'search_field' } });
  assert.deepEqual(said(5, 'result_field'), { code: 'INVALID_VALUE', message: "'result_field' must be a list of field names", details: { path: 'result_field' } });
});

test('mistakes in a field list say what, at which position of which entry, under the key it was sent as', () => {
  assert.deepEqual(said(['name', 'partner_id{name} x']), {
    code: 'INVALID_VALUE',
    message: `search_field: expected ',' between fields at position 17 of "partner_id{name} x"`,
    details: { path: 'search_field[1]', position: 17 },
  });
  assert.deepEqual(said(['name}'], 'result_field'), {
    code: 'INVALID_VALUE',
    message: `result_field: unexpected '}' at position 4 of "name}"`,
    details: { path: 'result_field[0]', position: 4 },
  });
  assert.equal(said(['name,']).message, `search_field: expected a field name at position 5 of "name,"`);
  assert.equal(said(['name, ,state']).message, `search_field: expected a field name at position 6 of "name, ,state"`);
  assert.equal(said(['name{']).message, `search_field: 'name' is a char field; only many2one, one2many and many2many fields expand at position 4 of "name{"`);
  assert.equal(said(['partner_id{name']).message, `search_field: expected '}' to close 'partner_id{' at position 15 of "partner_id{name"`);
  assert.equal(said(['partner_id{name{']).message, `search_field: 'name' is a char field; only many2one, one2many and many2many fields expand at position 15 of "partner_id{name{"`);
});

test('an unknown field is UNKNOWN_FIELD, also for names every object has', () => {
  for (const name of ['nmae', 'constructor', 'toString', '__proto__']) {
    const e = thrown(() => read([`partner_id{${name}}`]));
    assert.equal(e.code, 'UNKNOWN_FIELD', name);
    assert.equal(e.message, `Field '${name}' does not exist on model 'res.partner'`);
    assert.equal(e.details.path, `search_field[0].${name}`);
  }
  assert.equal(thrown(() => read(['name', 'nmae'], order, 'result_field')).details.path, 'result_field[1].nmae');
});

test('the depth limit counts levels of braces, not fields', () => {
  const nested = (depth: number) => `${'parent_id{'.repeat(depth)}name${'}'.repeat(depth)}`;
  assert.doesNotThrow(() => read([`${nested(8)}, ${nested(8)}`], partner));
  const e = thrown(() => read([nested(9)], partner));
  assert.equal(e.message, `search_field: fields are expanded more than 8 levels deep at position ${'parent_id{'.repeat(8).length + 'parent_id'.length} of "${nested(9)}"`);
});
