import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogue, type StoredValues } from '../../shared/catalogue';
import type { RecordState } from '../../shared/plan';
import { compileQuery, parseDomain } from '../../shared/query';
import { likeRegex, matches, type Cond } from '../../shared/query/cond';
import { thrown } from '../support/errors';

const partner = catalogue.get('res.partner')!;
const compiled = (domain: string, model = partner) => compileQuery(model, parseDomain(domain), catalogue);
const rec = (id: number, values: StoredValues): RecordState => ({ model: partner.name, id, values, version: 1, attachments: [] });

const records = [
  rec(1, { name: 'Azure', city: 'Paris', is_company: true, credit_limit: 10, parent_id: null, category_id: [3], date: null }),
  rec(2, { name: 'azure 50%', city: null, is_company: null, credit_limit: null, parent_id: 1, category_id: [] }),
  rec(3, { name: 'Décor', city: 'Lyon', is_company: false, credit_limit: 0, parent_id: 1, category_id: [3, 4] }),
];
const ids = (domain: string): number[] => {
  const { cond } = compiled(domain);
  return records.filter((r) => matches(cond, r)).map((r) => r.id);
};

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

  test('a datetime compared with a date means its midnight', () => {
    const order = catalogue.get('sale.order')!;
    const { cond } = compiled("[('date_order', '>=', '2026-03-01')]", order);
    assert.deepEqual((cond as Extract<Cond, { kind: 'range' }>).value, '2026-03-01 00:00:00');
    assert.deepEqual((compiled("[('date_order', '<', '2026-03-01T12:00:00+07:00')]", order).cond as Extract<Cond, { kind: 'range' }>).value, '2026-03-01 05:00:00');
  });

  test('archived records are left out unless the domain names active, and only on archivable models', () => {
    assert.equal(compiled('[]').activeTest, true);
    assert.equal(compiled("[('active', '=', False)]").activeTest, false);
    assert.equal(compiled("['|', ('name', '=', 'x'), ('active', '!=', True)]").activeTest, false);
    assert.equal(compiled("[('parent_id.active', '=', False)]").activeTest, true, 'the path names the parent, not this record');
    assert.equal(compiled('[]', catalogue.get('sale.order')!).activeTest, false);
  });

  test('relations: paths and names become searches of the related model, a many2one one finding archived records too', () => {
    const path = compiled("[('parent_id.ref', '=', 'A1')]").cond;
    assert.equal(path.kind, 'sub');
    assert.equal((path as Extract<Cond, { kind: 'sub' }>).query.activeTest, false);
    const m2m = compiled("[('category_id.name', '=', 'VIP')]").cond as Extract<Cond, { kind: 'sub' }>;
    assert.equal(m2m.query.activeTest, true);
    const byName = compiled("[('parent_id', 'not ilike', 'azure')]").cond;
    assert.equal(byName.kind, 'not');
    assert.equal(compiled("[('display_name', '=', 'x')]").cond.kind, 'in');
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
