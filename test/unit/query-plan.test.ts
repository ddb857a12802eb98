import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { compileQuery, parseDomain, parseOrder, planSearch, type SearchPlan } from '../../shared/query';
import type { Cond } from '../../shared/query/cond';
import { pushdown } from '../../shared/query/pushdown';
import { keyCondition } from '../../shared/store';

const partner = catalogue.get('res.partner')!;
const cond = (domain: string, model = partner): Cond => compileQuery(model, parseDomain(domain), catalogue).cond;
const plan = (domain: string, order?: string, model = partner): SearchPlan => planSearch(model, cond(domain, model), parseOrder(model, order));

/** The plan without the leaves it checks, for readable comparisons. */
function shape(p: SearchPlan): unknown {
  const { access } = p;
  const a = access.kind === 'index' ? { kind: 'index', field: access.field, ranges: access.ranges } : access.kind === 'union'
    ? { kind: 'union', parts: access.parts.map((x) => (x.kind === 'index' ? [x.field, x.ranges] : x.ids)) }
    : access;
  return { access: a, mode: p.mode, backward: p.backward, exact: p.exact };
}

describe('query planner: access paths', () => {
  test('= on an indexed field reads that index, in id order, and counts on the entries alone', () => {
    assert.deepEqual(shape(plan("[('ref', '=', 'A1')]")), { access: { kind: 'index', field: 'ref', ranges: [{ eq: 'A1' }] }, mode: 'stream', backward: false, exact: true });
    assert.deepEqual(shape(plan("[('ref', '=', 'A1')]", 'id desc')), { access: { kind: 'index', field: 'ref', ranges: [{ eq: 'A1' }] }, mode: 'stream', backward: true, exact: true });
  });

  test('id = and id in read the records by key', () => {
    assert.deepEqual(shape(plan("[('id', 'in', [3, 1, 3])]")), { access: { kind: 'ids', ids: [1, 3] }, mode: 'ids', backward: false, exact: false });
  });

  test('in reads one range per value; False reads the empty entries', () => {
    assert.deepEqual(shape(plan("[('ref', 'in', ['A', False])]")), {
      access: { kind: 'index', field: 'ref', ranges: [{ eq: 'A' }, { eq: null }] }, mode: 'ids', backward: false, exact: true,
    });
  });

  test('an in over more values than MAX_INDEX_VALUES reads the records instead', () => {
    const values = Array.from({ length: 51 }, (_, i) => `'R${i}'`).join(', ');
    assert.equal(plan(`[('ref', 'in', [${values}])]`).access.kind, 'records');
  });

  test('bounds on one indexed field make one range; =like with a prefix is a prefix range', () => {
    assert.deepEqual((plan("[('name', '>=', 'a'), ('name', '<', 'b'), ('name', '>', 'A')]").access as { ranges: unknown }).ranges, [
      { from: { value: 'a', inclusive: true }, to: { value: 'b', inclusive: false } },
    ]);
    assert.deepEqual(shape(plan("[('name', '=like', 'Az%')]")), { access: { kind: 'index', field: 'name', ranges: [{ prefix: 'Az' }] }, mode: 'ids', backward: false, exact: true });
    assert.deepEqual((plan("[('name', '=like', 'Azure')]").access as { ranges: unknown }).ranges, [{ eq: 'Azure' }]);
    assert.equal(plan("[('name', '=ilike', 'az%')]").access.kind, 'records');
    assert.equal(plan("[('name', 'like', 'az')]").access.kind, 'records');
  });

  test('the most selective term of an & drives, and the rest is checked on the records', () => {
    const p = plan("[('name', '>', 'a'), ('ref', '=', 'A1'), ('city', '=', 'Paris')]");
    assert.deepEqual(shape(p), { access: { kind: 'index', field: 'ref', ranges: [{ eq: 'A1' }] }, mode: 'stream', backward: false, exact: false });
  });

  test('an | is read from indexes only when each branch can be', () => {
    assert.deepEqual(shape(plan("['|', ('ref', '=', 'A'), ('email', '=', 'x')]")), {
      access: { kind: 'union', parts: [['ref', [{ eq: 'A' }]], ['email', [{ eq: 'x' }]]] }, mode: 'ids', backward: false, exact: true,
    });
    assert.equal(plan("['|', ('ref', '=', 'A'), ('city', '=', 'x')]").access.kind, 'records');
  });

  test('a union with ids is never exact: records found by id are read before they count', () => {
    assert.equal(plan("['|', ('id', '=', 4), ('ref', '=', 'A')]").exact, false);
  });

  test('a term no index serves reads the records in id order, narrowed by DynamoDB', () => {
    assert.deepEqual(shape(plan("[('city', '=', 'Paris')]")), {
      access: { kind: 'records', filter: { attr: 'city', cmp: '=', value: 'Paris' } }, mode: 'stream', backward: false, exact: false,
    });
  });
});

describe('query planner: order', () => {
  test('an order on an indexed field reads that index in order, forwards or backwards', () => {
    assert.deepEqual(shape(plan("[('city', '=', 'Paris')]", 'name desc')), { access: { kind: 'index', field: 'name', ranges: [{}] }, mode: 'stream', backward: true, exact: false });
    assert.deepEqual(shape(plan('[]', 'name')), { access: { kind: 'index', field: 'name', ranges: [{}] }, mode: 'stream', backward: false, exact: true });
  });

  test('a range read in value order serves an order on its field, but not the default id order', () => {
    assert.equal(plan("[('name', '>', 'a')]", 'name').mode, 'stream');
    assert.equal(plan("[('name', '>', 'a')]").mode, 'ids');
    assert.equal(plan("[('name', '>', 'a')]", 'name, id desc').mode, 'sort');
  });

  test('under one value, an order on that field is constant and id order decides', () => {
    assert.deepEqual([plan("[('name', '=', 'x')]", 'name desc').mode, plan("[('name', '=', 'x')]", 'name desc').backward], ['stream', true]);
    assert.equal(plan("[('name', '=', 'x')]", 'city').mode, 'sort');
  });

  test('other orders sort in memory', () => {
    assert.equal(plan('[]', 'city').mode, 'sort');
    assert.equal(plan('[]', 'parent_id').mode, 'sort');
    assert.equal(plan('[]', 'name, city').mode, 'sort');
  });
});

describe('query planner: what DynamoDB filters', () => {
  const filter = (domain: string) => pushdown(cond(domain));

  test('!= and not in keep empty values without NOT', () => {
    assert.deepEqual(filter("[('city', '!=', 'Paris')]"), { or: [{ attr: 'city', exists: false }, { attr: 'city', cmp: '<>', value: 'Paris' }] });
    assert.deepEqual(filter("[('city', 'not in', ['a', False])]"), { and: [{ attr: 'city', exists: true }, { attr: 'city', cmp: '<>', value: 'a' }] });
    assert.deepEqual(filter("[('city', '=', False)]"), { attr: 'city', exists: false });
    assert.deepEqual(filter("[('is_company', '=', False)]"), { or: [{ attr: 'is_company', cmp: '=', value: false }, { attr: 'is_company', exists: false }] });
  });

  test('like as contains, =like as begins_with, x2many ids as contains; ilike and ! stay in memory', () => {
    assert.deepEqual(filter("[('city', 'like', 'ari')]"), { attr: 'city', contains: 'ari' });
    assert.deepEqual(filter("[('city', '=like', 'Pa%s')]"), { attr: 'city', beginsWith: 'Pa' });
    assert.deepEqual(filter("[('category_id', 'in', [3, 4])]"), { or: [{ attr: 'category_id', contains: 3 }, { attr: 'category_id', contains: 4 }] });
    assert.equal(filter("[('city', 'ilike', 'ari')]"), null);
    assert.equal(filter("['!', ('city', '=like', 'P%')]"), null);
    assert.equal(filter("[('credit_limit', 'like', '5')]"), null, 'numbers are not text to DynamoDB');
  });

  test('an & keeps what it can; an | only when every branch can', () => {
    assert.deepEqual(filter("[('city', '=', 'a'), ('name', 'ilike', 'b')]"), { attr: 'city', cmp: '=', value: 'a' });
    assert.equal(filter("['|', ('city', '=', 'a'), ('name', 'ilike', 'b')]"), null);
    assert.deepEqual(filter("['|', ('city', '=', 'a'), ('credit_limit', '>', 5)]"), { or: [{ attr: 'city', cmp: '=', value: 'a' }, { attr: 'credit_limit', cmp: '>', value: 5 }] });
  });
});

describe('index key conditions', () => {
  test('ranges become sort-key conditions that skip or keep the bound value exactly', () => {
    const enc = (s: string) => s;
    assert.deepEqual(keyCondition({ eq: 'ab' }), { op: 'begins_with', from: 'ab\u0000' });
    assert.deepEqual(keyCondition({ prefix: 'ab' }), { op: 'begins_with', from: 'ab' });
    assert.deepEqual(keyCondition({ from: { value: 'a', inclusive: false } }), { op: '>=', from: enc('a\u0001') });
    assert.deepEqual(keyCondition({ to: { value: 'b', inclusive: true } }), { op: '<', to: 'b\u0001' });
    assert.deepEqual(keyCondition({ from: { value: 'a', inclusive: true }, to: { value: 'b', inclusive: false } }), { op: 'between', from: 'a', to: 'b' });
    assert.deepEqual(keyCondition({}), { op: 'all' });
  });

  test('an empty range is no Query at all (DynamoDB refuses a reversed BETWEEN)', () => {
    assert.equal(keyCondition({ from: { value: 'b', inclusive: true }, to: { value: 'a', inclusive: true } }), null);
    assert.equal(keyCondition({ from: { value: 'a', inclusive: false }, to: { value: 'a', inclusive: true } }), null);
    assert.notEqual(keyCondition({ from: { value: 'a', inclusive: true }, to: { value: 'a', inclusive: true } }), null);
  });
});
