import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogue, catalogue, demoModels, type StoredValues } from '../../shared/catalogue';
import { char, many2one } from '../../shared/catalogue/fields';
import type { RecordState } from '../../shared/plan';
import { compileQuery, parseDomain } from '../../shared/query';
import { likeRegex, matches, type Cond } from '../../shared/query/conditions/cond';
import { thrown } from '../support/errors';

const partner = catalogue.get('res.partner')!;
const compiled = (domain: string, model = partner) => compileQuery(model, parseDomain(domain), catalogue);
const rec = (id: number, values: StoredValues): RecordState => ({ model: partner.name, id, values, version: 1, attachments: [] });

const records = [
  rec(1, { name: 'Azure', city: 'Paris', is_company: true, credit_limit: 10, parent_id: null, category_id: [3], date: null }),
  rec(2, { name: 'azure 50%', city: null, is_company: null, credit_limit: null, parent_id: 1, category_id: [] }),
  rec(3, { name: 'Décor', city: 'Lyon', is_company: false, credit_limit: 0, parent_id: 1, category_id: [3, 4] }),
];
const compiledIds = (domain: string, list: RecordState[]): number[] => {
  const { cond } = compiled(domain);
  return list.filter((r) => matches(cond, r)).map((r) => r.id);
};
const ids = (domain: string): number[] => compiledIds(domain, records);

describe('conditions: Odoo meanings, checked in memory', () => {
  test('= False and != False speak of empty values; False of a boolean is also empty', () => {
    assert.deepEqual(ids("[('city', '=', False)]"), [2]);
    assert.deepEqual(ids("[('city', '!=', False)]"), [1, 3]);
    assert.deepEqual(ids("[('is_company', '=', False)]"), [2, 3]);
    assert.deepEqual(ids("[('is_company', '!=', True)]"), [2, 3]);
  });

  test('!= and not in match empty values; ranges never do', () => {
    assert.deepEqual(ids("[('city', '!=', 'Paris')]"), [2, 3]);
    assert.deepEqual(ids("[('city', 'not in', ['Paris', 'Lyon'])]"), [2]);
    assert.deepEqual(ids("[('credit_limit', '<', 100)]"), [1, 3]);
    assert.deepEqual(ids("['!', ('credit_limit', '>=', 100)]"), [1, 3], '! of a range is the opposite range, as in Odoo');
  });

  test('like escapes and wildcards: % and _ are wildcards, \\ makes them literal', () => {
    assert.deepEqual(ids("[('name', 'like', '50%')]"), [2]);
    assert.deepEqual(ids("[('name', 'like', '50\\\\%')]"), [2]);
    assert.deepEqual(ids("[('name', '=like', 'azure_50\\\\%')]"), [2]);
    assert.deepEqual(ids("[('name', '=like', 'A_ure')]"), [1]);
    assert.deepEqual(ids("[('name', 'ilike', 'DÉC')]"), [3]);
    assert.deepEqual(ids("[('name', '=ilike', 'a%')]"), [1, 2]);
    assert.ok(likeRegex('a.b*(c)', false).test('a.b*(c)'));
    assert.ok(!likeRegex('a.b', false).test('axb'));
    assert.ok(likeRegex('x\ny', false).test('x\ny'));
  });

  test('an x2many holds one of the ids, or is empty for False; a many2one is its id', () => {
    assert.deepEqual(ids("[('category_id', '=', 4)]"), [3]);
    assert.deepEqual(ids("[('category_id', 'in', [3, 9])]"), [1, 3]);
    assert.deepEqual(ids("[('category_id', '=', False)]"), [2]);
    assert.deepEqual(ids("[('category_id', 'not in', [4])]"), [1, 2]);
    assert.deepEqual(ids("[('parent_id', '=', 1)]"), [2, 3]);
    assert.deepEqual(ids("[('parent_id', '!=', 1)]"), [1]);
  });

  test('a datetime compared with a date means its midnight, but its last second for > and <= (the whole day counts)', () => {
    const order = catalogue.get('sale.order')!;
    const bound = (domain: string) => {
      const { cond } = compiled(domain, order);
      return cond.kind === 'range' ? [cond.op, cond.value] : cond.kind === 'in' ? ['in', ...cond.values] : cond.kind;
    };
    assert.deepEqual(bound("[('date_order', '>=', '2026-03-01')]"), ['>=', '2026-03-01 00:00:00']);
    assert.deepEqual(bound("[('date_order', '<', '2026-03-01')]"), ['<', '2026-03-01 00:00:00']);
    assert.deepEqual(bound("[('date_order', '>', '2026-03-01')]"), ['>', '2026-03-01 23:59:59']);
    assert.deepEqual(bound("[('date_order', '<=', '2026-03-01')]"), ['<=', '2026-03-01 23:59:59']);
    assert.deepEqual(bound("['!', ('date_order', '<=', '2026-03-01')]"), ['>', '2026-03-01 23:59:59']);
    assert.deepEqual(bound("[('date_order', '=', '2026-03-01')]"), ['in', '2026-03-01 00:00:00']);
    assert.deepEqual(bound("[('date_order', '>', '2026-03-01 10:00:00')]"), ['>', '2026-03-01 10:00:00'], 'a time given is kept');
    assert.deepEqual(bound("[('date_order', '<', '2026-03-01T12:00:00+07:00')]"), ['<', '2026-03-01 05:00:00']);
    assert.equal(thrown(() => compiled("[('date_order', '>', '2026-02-30')]", order)).code, 'DOMAIN');
  });

  test('like and ilike with an empty pattern match every record, empty values included; their negations none', () => {
    assert.deepEqual(ids("[('city', 'ilike', '')]"), [1, 2, 3]);
    assert.deepEqual(ids("[('city', 'like', '')]"), [1, 2, 3]);
    assert.deepEqual(ids("[('city', 'ilike', False)]"), [1, 2, 3], 'False and None are the empty pattern, as in Odoo');
    assert.deepEqual(ids("[('city', 'not ilike', '')]"), []);
    assert.deepEqual(ids("[('city', 'not like', None)]"), []);
    assert.deepEqual(ids("['!', ('city', 'ilike', '')]"), []);
    assert.deepEqual(ids("[('city', '=like', '')]"), [2], '=like with an empty pattern is the empty value');
    assert.deepEqual(compiledIds("[('city', '=ilike', '')]", [rec(4, { city: '' }), rec(5, { city: 'x' }), rec(6, {})]), [4, 6], 'or an empty text');
    assert.deepEqual(ids("[('credit_limit', 'ilike', '')]"), [1, 2, 3]);
  });

  test('on a relation, like with an empty pattern means it is set, not like that it is empty', () => {
    assert.deepEqual(ids("[('parent_id', 'ilike', '')]"), [2, 3]);
    assert.deepEqual(ids("[('parent_id', 'not ilike', '')]"), [1]);
    assert.deepEqual(ids("[('parent_id', '=ilike', '')]"), [1]);
    assert.deepEqual(ids("[('category_id', 'like', '')]"), [1, 3]);
    assert.deepEqual(ids("[('category_id', 'not like', False)]"), [2]);
    assert.equal(compiled("[('parent_id', 'ilike', '')]").cond.kind, 'in', 'no search of the related names');
  });

  test('archived records are left out unless the domain names active, and only on archivable models', () => {
    assert.equal(compiled('[]').activeTest, true);
    assert.equal(compiled("[('active', '=', False)]").activeTest, false);
    assert.equal(compiled("['|', ('name', '=', 'x'), ('active', '!=', True)]").activeTest, false);
    assert.equal(compiled("[('parent_id.active', '=', False)]").activeTest, true, 'the path names the parent, not this record');
    assert.equal(compiled('[]', catalogue.get('sale.order')!).activeTest, false);
  });

  test('relations: paths and names become searches of the related model, a many2one one finding archived records too', () => {
    const sub = (domain: string) => compiled(domain).cond as Extract<Cond, { kind: 'sub' }>;
    assert.equal(sub("[('parent_id.ref', '=', 'A1')]").kind, 'sub');
    assert.equal(sub("[('parent_id.ref', '=', 'A1')]").query.activeTest, false);
    assert.equal(sub("[('category_id.name', '=', 'VIP')]").query.activeTest, true);
    assert.equal(sub("[('parent_id', 'ilike', 'azure')]").query.activeTest, false, 'a many2one compared with text finds archived records');
    assert.equal(sub("[('parent_id', '=', 'Azure')]").query.activeTest, false);
    assert.equal(sub("[('category_id', 'ilike', 'vip')]").query.activeTest, true, 'an x2many compared with text does not');
    const byName = compiled("[('parent_id', 'not ilike', 'azure')]").cond;
    assert.equal(byName.kind, 'not');
    assert.equal((byName as { child: Extract<Cond, { kind: 'sub' }> }).child.query.activeTest, false);
    assert.equal(compiled("[('display_name', '=', 'x')]").cond.kind, 'in');
  });

  test('child_of on a many2one to the same model is the tree of the records themselves, along that field', () => {
    const tree = (domain: string, model = partner) => {
      const { field, parent, direction, model: of, roots } = compiled(domain, model).cond as Extract<Cond, { kind: 'tree' }>;
      return { field, parent, direction, of: of.name, roots: 'model' in roots ? { names: roots.cond, activeTest: roots.activeTest } : roots };
    };
    assert.deepEqual(tree("[('parent_id', 'child_of', 7)]"), { field: 'id', parent: 'parent_id', direction: 'child_of', of: 'res.partner', roots: [7] });
    assert.deepEqual(tree("[('parent_id', 'parent_of', [7, 8])]"), { field: 'id', parent: 'parent_id', direction: 'parent_of', of: 'res.partner', roots: [7, 8] });
    assert.deepEqual(tree("[('id', 'child_of', 7)]"), { field: 'id', parent: 'parent_id', direction: 'child_of', of: 'res.partner', roots: [7] });
    const order = catalogue.get('sale.order')!;
    assert.deepEqual(tree("[('partner_id', 'child_of', 7)]", order), { field: 'partner_id', parent: 'parent_id', direction: 'child_of', of: 'res.partner', roots: [7] });
    const byName = tree("[('partner_id', 'child_of', ['Azure', 'Deco'])]", order).roots as { names: Cond; activeTest: boolean };
    assert.deepEqual(byName.names, { kind: 'in', field: 'name', def: partner.fields.name, values: ['Azure', 'Deco'], negated: false }, 'names match exactly');
    assert.equal(byName.activeTest, false, 'through a many2one, archived records are found by name too');
    assert.equal((tree("[('id', 'child_of', 'Azure')]").roots as { activeTest: boolean }).activeTest, true);
  });

  test('child_of follows the many2one it is written on, when that one points to its own model', () => {
    const models = buildCatalogue([
      ...demoModels,
      { name: 'x.node', description: 'Nodes', fields: { name: char(), parent_id: many2one('x.node'), next_id: many2one('x.node', { index: true }) } },
    ]);
    const node = models.get('x.node')!;
    const leaf = compileQuery(node, parseDomain("[('next_id', 'child_of', 1)]"), models).cond as Extract<Cond, { kind: 'tree' }>;
    assert.deepEqual([leaf.field, leaf.parent], ['id', 'next_id']);
    assert.match(thrown(() => compileQuery(node, parseDomain("[('id', 'child_of', 1)]"), models)).message, /'child_of' needs an indexed parent_id on 'x.node'/);
  });

  test('terms the catalogue refuses are DOMAIN', () => {
    const order = catalogue.get('sale.order')!;
    const attachment = catalogue.get('ir.attachment')!;
    assert.equal(thrown(() => compiled("[('datas', '=', False)]", attachment)).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('parent_id', 'like', 5)]")).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('category_id', '>', 1)]")).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('id', 'child_of', 1)]", order)).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('name', 'child_of', 1)]")).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('state', '=', 'posted')]", order)).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('invoice_date', '=', '2026-02-30')]", catalogue.get('account.move')!)).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('ref', 'in', None)]")).code, 'DOMAIN');
    assert.equal(thrown(() => compiled("[('a.b.c.d.e.f.g.h.i', '=', 1)]")).code, 'DOMAIN');
    assert.doesNotThrow(() => compiled("[('parent_id.parent_id.parent_id.name', '=', 'x')]"));
  });
});
