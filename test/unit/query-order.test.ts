import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buildCatalogue, catalogue, demoModels, type Model, type StoredScalar, type StoredValues } from '../../shared/catalogue';
import { boolean, char } from '../../shared/catalogue/fields';
import type { RecordState } from '../../shared/plan';
import { compareUtf8, parseOrder, planSearch } from '../../shared/query';
import { TRUE_COND } from '../../shared/query/conditions/cond';
import { sortRecords } from '../../shared/query/order';
import type { IndexAccess } from '../../shared/query/planner/plan';
import { keyCondition, type KeyRange } from '../../shared/store';
import { indexKey } from '../../shared/store/keys';
import { thrown } from '../support/errors';

const runs = Number(process.env.FC_RUNS ?? 1000);
const partner = catalogue.get('res.partner')!;
const rec = (id: number, values: StoredValues, model = partner): RecordState => ({ model: model.name, id, values, version: 1, attachments: [] });
const sorted = (list: RecordState[], order: string, model = partner, names = new Map<string, string>()) =>
  sortRecords(list, parseOrder(model, order), names).map((r) => r.id);
const keys = (order: string) => parseOrder(partner, order).map((k) => [k.field, k.desc ? 'desc' : 'asc', k.nullsFirst ? 'nulls first' : 'nulls last']);

describe('order: reading it', () => {
  test('the default order is the model order with id as the tie-break', () => {
    assert.deepEqual(keys(''), [['id', 'asc', 'nulls last']]);
    assert.deepEqual(parseOrder(partner, undefined).map((k) => k.field), ['id']);
    assert.deepEqual(keys('name DESC,city'), [['name', 'desc', 'nulls first'], ['city', 'asc', 'nulls last'], ['id', 'asc', 'nulls last']]);
    assert.deepEqual(keys('display_name desc'), [['name', 'desc', 'nulls first'], ['id', 'desc', 'nulls first']]);
  });

  test('nulls first and nulls last follow a key, after its direction, in any case', () => {
    assert.deepEqual(keys('city nulls first'), [['city', 'asc', 'nulls first'], ['id', 'asc', 'nulls last']]);
    assert.deepEqual(keys('city DESC NULLS LAST, name asc nulls last'), [['city', 'desc', 'nulls last'], ['name', 'asc', 'nulls last'], ['id', 'asc', 'nulls last']]);
    for (const order of ['city nulls', 'city nulls first desc', 'city first', 'city nulls none', 'city desc nulls first last']) {
      const e = thrown(() => parseOrder(partner, order));
      assert.equal(e.code, 'ORDER', order);
      assert.match(e.message, /is not a field name followed by asc or desc, then nulls first or nulls last/);
    }
  });
});

describe('order: sorting in memory', () => {
  const list = [rec(1, { city: 'b' }), rec(2, { city: null }), rec(3, { city: 'a' }), rec(4, { city: 'a' }), rec(5, { city: '' })];

  test('empty values come last ascending and first descending, as PostgreSQL sorts NULLs under Odoo', () => {
    assert.deepEqual(sorted(list, 'city'), [3, 4, 1, 2, 5]);
    assert.deepEqual(sorted(list, 'city desc'), [5, 2, 1, 4, 3]);
  });

  test('nulls first and nulls last put them where they say, whatever the direction', () => {
    assert.deepEqual(sorted(list, 'city nulls first'), [2, 5, 3, 4, 1]);
    assert.deepEqual(sorted(list, 'city asc nulls last'), [3, 4, 1, 2, 5]);
    assert.deepEqual(sorted(list, 'city desc nulls last'), [1, 4, 3, 5, 2]);
    assert.deepEqual(sorted(list, 'city desc nulls first'), [5, 2, 1, 4, 3]);
  });

  test('records that tie come in id order, in the direction of the last key', () => {
    assert.deepEqual(sorted(list, 'city desc, id'), [2, 5, 1, 3, 4]);
    assert.deepEqual(sorted(list, 'city nulls first, id desc'), [5, 2, 4, 3, 1]);
  });

  test('an empty boolean sorts as false, as Odoo orders booleans', () => {
    const flags = [rec(1, { is_company: true }), rec(2, { is_company: null }), rec(3, { is_company: false }), rec(4, {})];
    assert.deepEqual(sorted(flags, 'is_company'), [2, 3, 4, 1]);
    assert.deepEqual(sorted(flags, 'is_company desc'), [1, 4, 3, 2]);
    assert.deepEqual(sorted(flags, 'is_company nulls first'), [2, 3, 4, 1], 'no boolean is empty to order');
  });

  test('a many2one sorts by the related name; an empty one, or one whose record is gone, as an empty value', () => {
    const names = new Map([['res.partner,10', 'Beta'], ['res.partner,11', 'Alpha']]);
    const contacts = [rec(1, { parent_id: 10 }), rec(2, { parent_id: null }), rec(3, { parent_id: 11 }), rec(4, { parent_id: 99 })];
    assert.deepEqual(sorted(contacts, 'parent_id', partner, names), [3, 1, 2, 4]);
    assert.deepEqual(sorted(contacts, 'parent_id desc', partner, names), [4, 2, 1, 3]);
    assert.deepEqual(sorted(contacts, 'parent_id nulls first', partner, names), [2, 4, 3, 1]);
  });

  test('strings compare by code point, which is UTF-8 byte order, as DynamoDB compares keys', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        assert.equal(Math.sign(compareUtf8(a, b)), Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: runs },
    );
    assert.ok(compareUtf8('\uffff', '😀') < 0, 'a character above U+FFFF sorts after U+FFFF');
  });
});

/**
 * The entries an index read returns, as DynamoDB would: each range's key condition applied to the
 * entries' sort keys in byte order, ranges in turn, each read backwards and in reverse when the plan
 * reads backwards (as execution/collect.ts reads them).
 */
function readIndex(model: Model, field: string, records: RecordState[], ranges: readonly KeyRange[], backward: boolean): number[] {
  const entries = records
    .map((r) => ({ id: r.id, sk: Buffer.from(indexKey(model, field, (r.values[field] ?? null) as StoredScalar | null, r.id).sk) }))
    .sort((a, b) => Buffer.compare(a.sk, b.sk));
  const inRange = (sk: Buffer, range: KeyRange): boolean => {
    const key = keyCondition(range);
    if (!key) return false;
    const at = (s: string) => Buffer.compare(sk, Buffer.from(s));
    switch (key.op) {
      case 'all':
        return true;
      case 'begins_with':
        return sk.subarray(0, Buffer.byteLength(key.from)).equals(Buffer.from(key.from));
      case 'between':
        return at(key.from) >= 0 && at(key.to) <= 0;
      case '>=':
        return at(key.from) >= 0;
      case '<':
        return at(key.to) < 0;
    }
  };
  return (backward ? [...ranges].reverse() : ranges).flatMap((range) => {
    const found = entries.filter((e) => inRange(e.sk, range)).map((e) => e.id);
    return backward ? found.reverse() : found;
  });
}

describe('order: read from an index', () => {
  const attachment = catalogue.get('ir.attachment')!;
  const indexPlan = (model: Model, order: string) => {
    const p = planSearch(model, TRUE_COND, parseOrder(model, order));
    assert.equal(p.mode, 'stream', order);
    const { ranges, readAhead } = p.access as IndexAccess;
    return { ranges, backward: p.backward, ...(readAhead ? { readAhead } : {}) };
  };

  test('the entries with a value, then the empty ones: a second range only where Odoo puts empty values after', () => {
    const present = { from: { value: '', inclusive: false } };
    const empty = { to: { value: '', inclusive: true } };
    assert.deepEqual(indexPlan(partner, 'email'), { ranges: [present, empty], backward: false });
    assert.deepEqual(indexPlan(partner, 'email desc'), { ranges: [present, empty], backward: true, readAhead: true }, 'the empty entries first, the others asked for with them');
    assert.deepEqual(indexPlan(partner, 'email nulls first'), { ranges: [{}], backward: false });
    assert.deepEqual(indexPlan(partner, 'email desc nulls last'), { ranges: [{}], backward: true });
    assert.deepEqual(keyCondition(present), { op: '>=', from: '\u0001' });
    assert.deepEqual(keyCondition(empty), { op: '<', to: '\u0001' });
  });

  test('an indexed boolean is sorted in memory: its empty entries are apart from the false ones', () => {
    const models = buildCatalogue([...demoModels, { name: 'x.flag', description: 'Flags', fields: { name: char(), on: boolean({ index: true }) } }]);
    const flag = models.get('x.flag')!;
    assert.equal(planSearch(flag, TRUE_COND, parseOrder(flag, 'on')).mode, 'sort');
  });

  // Texts without U+0000 (the separator of an entry's key) and numbers of every magnitude.
  const text = fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 6 }).filter((s) => !s.includes('\u0000')));
  const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)));
  const order = (field: string) =>
    fc.tuple(fc.constantFrom('', ' asc', ' desc'), fc.constantFrom('', ' nulls first', ' nulls last')).map(([dir, nulls]) => `${field}${dir}${nulls}`);

  for (const [model, field, value] of [[partner, 'email', text], [attachment, 'res_id', number]] as const) {
    test(`an index read in the planned ranges gives the records in the order a sort in memory gives (${model.name}.${field})`, () => {
      fc.assert(
        fc.property(fc.array(fc.option(value as fc.Arbitrary<StoredScalar>, { freq: 3 }), { maxLength: 12 }), order(field), (values, spec) => {
          const records = values.map((v, i) => rec(i + 1, { [field]: v }, model));
          const { ranges, backward } = indexPlan(model, spec);
          assert.deepEqual(readIndex(model, field, records, ranges, backward), sorted(records, spec, model), spec);
        }),
        { numRuns: runs },
      );
    });
  }
});
