import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { compileQuery, parseDomain, parseOrder, planSearch, type SearchPlan } from '../../shared/query';
import { FALSE_COND, TRUE_COND, condAnd, condNot, condOr, type Cond } from '../../shared/query/conditions/cond';
import { pushdown } from '../../shared/query/conditions/pushdown';
import { keyCondition } from '../../shared/store';
import { visibilityFilter } from '../../shared/store/filter';
import { visibilityFor } from '../../shared/auth/visibility';

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
  test('an order on an indexed field reads that index in order, forwards or backwards, empty values where the order puts them', () => {
    const split = [{ from: { value: '', inclusive: false } }, { to: { value: '', inclusive: true } }];
    assert.deepEqual(shape(plan("[('city', '=', 'Paris')]", 'name desc')), { access: { kind: 'index', field: 'name', ranges: split }, mode: 'stream', backward: true, exact: false });
    assert.deepEqual(shape(plan('[]', 'name')), { access: { kind: 'index', field: 'name', ranges: split }, mode: 'stream', backward: false, exact: true });
    assert.deepEqual(shape(plan('[]', 'name nulls first')), { access: { kind: 'index', field: 'name', ranges: [{}] }, mode: 'stream', backward: false, exact: true });
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

  test('numbers DynamoDB cannot carry (past MAX_SAFE_INTEGER, below 1E-130) are checked in memory only', () => {
    assert.equal(filter("[('credit_limit', '>', 1e16)]"), null);
    assert.equal(filter("[('credit_limit', '<', -1e-200)]"), null);
    assert.equal(filter("[('credit_limit', 'in', [1, 1e300])]"), null);
    assert.deepEqual(filter("[('credit_limit', '>', 1e-7), ('credit_limit', '!=', 1e300)]"), { attr: 'credit_limit', cmp: '>', value: 1e-7 });
    assert.deepEqual(filter("[('credit_limit', '=', 0)]"), { attr: 'credit_limit', cmp: '=', value: 0 });
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

  test(">= '' is no lower bound, and < '' an empty range (DynamoDB refuses an empty key value)", () => {
    assert.deepEqual(keyCondition({ from: { value: '', inclusive: true } }), { op: 'all' });
    assert.deepEqual(keyCondition({ from: { value: '', inclusive: true }, to: { value: 'z', inclusive: true } }), { op: '<', to: 'z\u0001' });
    assert.equal(keyCondition({ to: { value: '', inclusive: false } }), null);
    assert.equal(keyCondition({ from: { value: 'a', inclusive: true }, to: { value: '', inclusive: false } }), null);
    assert.deepEqual(keyCondition({ from: { value: '', inclusive: false } }), { op: '>=', from: '\u0001' });
    assert.deepEqual(keyCondition({ prefix: '' }), { op: 'all' });
  });

  test('a value longer than an entry holds: = and prefixes are empty, bounds move to a prefix within the key limit', () => {
    const long = `${'a'.repeat(999)}\u20ac${'z'.repeat(50)}`;
    assert.equal(keyCondition({ eq: long }), null);
    assert.equal(keyCondition({ prefix: long }), null);
    assert.deepEqual(keyCondition({ from: { value: long, inclusive: false } }), { op: '>=', from: 'a'.repeat(999) });
    assert.deepEqual(keyCondition({ to: { value: long, inclusive: false } }), { op: '<', to: `${'a'.repeat(999)}\u20ac\u0001` });
    const wide = keyCondition({ from: { value: 'é'.repeat(900), inclusive: true }, to: { value: '\u{10FFFF}'.repeat(400), inclusive: true } });
    assert.deepEqual(wide, { op: 'between', from: 'é'.repeat(500), to: `${'\u{10FFFF}'.repeat(250)}\u0001` });
  });

  test('numbers travel in key conditions as text of fixed length, whatever their magnitude', () => {
    for (const value of [1e300, -1e300, 1e-200, Number.MAX_SAFE_INTEGER * 4]) {
      const c = keyCondition({ from: { value, inclusive: true }, to: { value, inclusive: true } }) as { from: unknown; to: unknown };
      assert.equal(typeof c.from, 'string');
      assert.equal(typeof c.to, 'string');
      assert.equal((keyCondition({ eq: value }) as { from: string }).from.length, 17);
    }
  });
});

describe('query compiler: values an index cannot hold', () => {
  test('= and in with a text longer than an indexed field holds match nothing; != and not in everything', () => {
    const long = 'x'.repeat(1001);
    assert.deepEqual(cond(JSON.stringify([['name', '=', long]])), { kind: 'or', children: [] });
    assert.deepEqual(cond(JSON.stringify([['name', 'not in', [long]]])), { kind: 'and', children: [] });
    assert.deepEqual((cond(JSON.stringify([['name', 'in', [long, 'b']]])) as { values: unknown }).values, ['b']);
    assert.deepEqual((cond(JSON.stringify([['street', '=', long]])) as { values: unknown }).values, [long], 'a field without index keeps it');
  });
});

describe('visibility as a filter DynamoDB applies', () => {
  const principal = { name: 'k', id: 'key:k', companyId: 1, allowedCompanyIds: [1, 3] };
  const records = (model: string) => ({ id: 'id', company: catalogue.get(model)!.companyScoped ? 'company_id' : null, active: 'active' });

  test('records of company-scoped models: their companies or none, and active ones unless asked', () => {
    assert.deepEqual(visibilityFilter(visibilityFor(principal, partner, new Set(), true), records('res.partner')), { and: [
      { or: [{ attr: 'company_id', exists: false }, { attr: 'company_id', in: [1, 3] }] },
      { or: [{ attr: 'active', exists: false }, { attr: 'active', cmp: '=', value: true }] },
    ] });
    assert.equal(visibilityFilter(visibilityFor(principal, partner, new Set(['res.partner']), false), records('res.partner')), null);
  });

  test('companies themselves: their own ids, never a company attribute (their entries carry none)', () => {
    const company = catalogue.get('res.company')!;
    const v = visibilityFor(principal, company, new Set(), false);
    assert.deepEqual(visibilityFilter(v, { id: 'id', company: null, active: 'act' }), { attr: 'id', in: [1, 3] });
    assert.equal(visibilityFilter(visibilityFor({ ...principal, allowedCompanyIds: 'all' }, company, new Set(), false), records('res.company')), null);
  });

  test('more ids than one IN holds are left to the check on every item', () => {
    const many = Array.from({ length: 150 }, (_, i) => i + 1);
    assert.equal(visibilityFilter({ companies: null, ids: many, activeOnly: false }, { id: 'id', company: null, active: null }), null);
  });
});

describe('query planner: which term drives', () => {
  const driver = (domain: unknown, order?: string) => {
    const p = plan(domain as string, order);
    return p.access.kind === 'index' ? [p.access.field, p.access.ranges] : p.access.kind;
  };

  test('one value beats several, a prefix or two bounds, which beat one bound; the first of equals drives', () => {
    assert.deepEqual(driver("[('ref', '=', 'A'), ('email', '=', 'x')]"), ['ref', [{ eq: 'A' }]]);
    assert.deepEqual(driver("[('email', '=', 'x'), ('ref', '=', 'A')]"), ['email', [{ eq: 'x' }]]);
    assert.deepEqual(driver("[('ref', 'in', ['A', 'B']), ('email', '=', 'x')]"), ['email', [{ eq: 'x' }]]);
    assert.deepEqual(driver("[('ref', 'in', ['A', 'B']), ('email', '=', False)]"), ['ref', [{ eq: 'A' }, { eq: 'B' }]], 'the empty value is no single value');
    assert.deepEqual(driver("[('ref', 'in', ['A', 'B']), ('name', '=like', 'Azure')]"), ['name', [{ eq: 'Azure' }]]);
    assert.deepEqual(driver("[('name', '>', 'a'), ('email', '=like', 'x%')]"), ['email', [{ prefix: 'x' }]]);
    assert.deepEqual(driver("[('email', '=like', 'x%'), ('name', '>', 'a'), ('name', '<', 'b')]"), ['email', [{ prefix: 'x' }]]);
    assert.deepEqual(driver("[('name', '>', 'a'), ('email', '>', 'b'), ('email', '<', 'c')]"), [
      'email', [{ from: { value: 'b', inclusive: false }, to: { value: 'c', inclusive: false } }],
    ]);
    assert.deepEqual(driver("[('name', '<=', 'm'), ('email', '>', 'b')]"), ['name', [{ from: undefined, to: { value: 'm', inclusive: true } }]]);
  });

  test('bounds on both sides make one range: the tighter of two bounds on a side, the exclusive one where they are equal', () => {
    const range = (domain: string) => (driver(`[('name', '<', 'z'), ${domain}]`) as [string, unknown[]])[1][0];
    const upTo = { value: 'z', inclusive: false };
    assert.deepEqual(range("('name', '>', 'a'), ('name', '>=', 'a')"), { from: { value: 'a', inclusive: false }, to: upTo });
    assert.deepEqual(range("('name', '>=', 'a'), ('name', '>', 'a')"), { from: { value: 'a', inclusive: false }, to: upTo });
    assert.deepEqual(range("('name', '>=', 'a'), ('name', '>=', 'b')"), { from: { value: 'b', inclusive: true }, to: upTo });
    assert.deepEqual(range("('name', '>', 'b'), ('name', '>=', 'a')"), { from: { value: 'b', inclusive: false }, to: upTo });
    const from = (domain: string) => (driver(`[('name', '>', 'a'), ${domain}]`) as [string, unknown[]])[1][0];
    const above = { value: 'a', inclusive: false };
    assert.deepEqual(from("('name', '<=', 'm'), ('name', '<', 'm')"), { from: above, to: { value: 'm', inclusive: false } });
    assert.deepEqual(from("('name', '<', 'm'), ('name', '<=', 'm')"), { from: above, to: { value: 'm', inclusive: false } });
    assert.deepEqual(from("('name', '<', 'z'), ('name', '<', 'm')"), { from: above, to: { value: 'm', inclusive: false } });
    assert.deepEqual(from("('name', '<=', 'm'), ('name', '<', 'z')"), { from: above, to: { value: 'm', inclusive: true } });
  });

  test('terms no index can serve read the records: not equal, not like, a suffix, an unindexed field, like on a number', () => {
    assert.equal(driver("[('ref', '!=', 'A')]"), 'records');
    assert.equal(driver("[('ref', 'not in', ['A'])]"), 'records');
    assert.equal(driver("[('name', 'not like', 'A')]"), 'records');
    assert.equal(driver("[('name', '=like', '%zure')]"), 'records');
    assert.equal(driver("[('credit_limit', '>', 5), ('credit_limit', '<', 9)]"), 'records');
    assert.equal(plan("[('res_id', '=like', '5%')]", undefined, catalogue.get('ir.attachment')!).access.kind, 'records', 'numbers are not indexed as their text');
  });

  test('=like reads its literal text, escapes undone, as one value, or as a prefix up to its first wildcard', () => {
    assert.deepEqual(driver("[('name', '=like', 'A\\\\%z')]"), ['name', [{ eq: 'A%z' }]]);
    assert.deepEqual(driver("[('name', '=like', 'A\\\\_z%')]"), ['name', [{ prefix: 'A_z' }]]);
    assert.deepEqual(driver("[('name', '=like', 'Az\\\\')]"), ['name', [{ eq: 'Az\\' }]], 'a final backslash is itself');
    assert.deepEqual(driver("[('name', '=like', 'A_z')]"), ['name', [{ prefix: 'A' }]]);
    assert.deepEqual(driver("[('name', '=like', 'A%z%')]"), ['name', [{ prefix: 'A' }]]);
  });

  test('a prefix is less selective than a few values; a term on the same field that no index serves does not narrow the range', () => {
    assert.deepEqual(driver("[('ref', 'in', ['A', 'B']), ('name', '=like', 'Az%')]"), ['ref', [{ eq: 'A' }, { eq: 'B' }]]);
    assert.deepEqual(driver("[('name', '>', 'a'), ('name', 'ilike', 'z')]"), ['name', [{ from: { value: 'a', inclusive: false }, to: undefined }]]);
    assert.deepEqual(driver("[('name', '>', 'a'), ('name', '!=', 'c')]"), ['name', [{ from: { value: 'a', inclusive: false }, to: undefined }]]);
  });

  test('every record has an id: False among ids finds nothing more', () => {
    assert.deepEqual(plan("[('id', 'in', [3, False, 1])]").access, { kind: 'ids', ids: [1, 3] });
    assert.deepEqual(plan("[('id', '=', False)]").access, { kind: 'ids', ids: [] });
  });

  test(`an in over MAX_INDEX_VALUES values still reads the index`, () => {
    const values = Array.from({ length: 50 }, (_, i) => `R${i}`);
    assert.deepEqual(driver(JSON.stringify([['ref', 'in', values]])), ['ref', values.map((eq) => ({ eq }))]);
  });

  test('a condition that can match nothing reads nothing', () => {
    assert.deepEqual(shape(plan(JSON.stringify([['name', '=', 'x'.repeat(1001)]]))), { access: { kind: 'ids', ids: [] }, mode: 'ids', backward: false, exact: false });
  });
});

describe('query planner: whether the access decides the matches', () => {
  test('terms no index serves, under an order an index keeps, are checked on each record', () => {
    assert.equal(plan("[('city', '=', 'x'), ('street', '=', 'y')]", 'name').exact, false);
    assert.equal(plan("[('city', '=', 'x'), ('street', '=', 'y')]", 'name').mode, 'stream');
  });

  test('an & is exact when the driving access covers each term', () => {
    assert.equal(plan("[('name', '>=', 'a'), ('name', '<', 'b')]").exact, true);
    assert.equal(plan("[('name', '>=', 'a'), ('name', '<', 'b'), ('city', '=', 'x')]").exact, false);
    assert.equal(plan("[('name', '>', 'a'), ('email', '=', 'x')]").exact, false);
  });

  test('an | inside an | is served by indexes when its branch is, but is exact only if every branch is covered', () => {
    const p = plan("['|', ('ref', '=', 'A'), '&', ('email', '=', 'x'), '|', ('name', '=', 'n'), ('ref', '=', 'B')]");
    assert.deepEqual(shape(p), { access: { kind: 'union', parts: [['ref', [{ eq: 'A' }]], ['email', [{ eq: 'x' }]]] }, mode: 'ids', backward: false, exact: false });
    const nested = plan("['|', ('ref', '=', 'A'), '&', '|', ('name', '=', 'n'), ('ref', '=', 'B'), ('city', '=', 'c')]");
    assert.equal(nested.access.kind, 'records', 'a union within a union is read from the records');
  });
});

describe('query planner: order and direction', () => {
  test('records read in id order, backwards for id desc', () => {
    assert.deepEqual(shape(plan("[('city', '=', 'x')]", 'id desc')), {
      access: { kind: 'records', filter: { attr: 'city', cmp: '=', value: 'x' } }, mode: 'stream', backward: true, exact: false,
    });
  });

  test('an order on an index read in full: its last key must go the same way, and only one key with id', () => {
    assert.equal(plan('[]', 'name, id desc').mode, 'sort');
    assert.equal(plan('[]', 'name desc, id').mode, 'sort');
    assert.deepEqual(shape(plan('[]', 'name desc, id desc')), shape(plan('[]', 'name desc')));
    assert.equal((plan('[]', 'name').access as { readAhead?: boolean }).readAhead, undefined);
    assert.equal((plan('[]', 'name desc nulls last').access as { readAhead?: boolean }).readAhead, undefined);
  });

  test('under one value, the next key decides: id streams either way, another key sorts', () => {
    assert.deepEqual([plan("[('ref', '=', 'A')]", 'ref desc').mode, plan("[('ref', '=', 'A')]", 'ref desc').backward], ['stream', true]);
    assert.deepEqual([plan("[('ref', '=', 'A')]", 'ref, id desc').mode, plan("[('ref', '=', 'A')]", 'ref, id desc').backward], ['stream', true]);
    assert.equal(plan("[('ref', '=', 'A')]", 'ref, city').mode, 'sort');
  });

  test('a range streams only for an order on its own field that its index keeps', () => {
    assert.deepEqual([plan("[('name', '>', 'a')]", 'name desc').mode, plan("[('name', '>', 'a')]", 'name desc').backward], ['stream', true]);
    assert.equal(plan("[('name', '>', 'a')]", 'email').mode, 'sort');
    assert.equal(plan("[('name', '>', 'a')]", 'name, city').mode, 'sort');
    assert.equal(plan("[('parent_id', '>', 5)]", 'parent_id').mode, 'sort', 'a many2one is ordered by name, its index by id');
  });

  test('several ranges are gathered: by id, in either direction, or sorted', () => {
    assert.deepEqual([plan("[('ref', 'in', ['A', 'B'])]", 'id desc').mode, plan("[('ref', 'in', ['A', 'B'])]", 'id desc').backward], ['ids', true]);
    assert.deepEqual([plan("[('ref', 'in', ['A', 'B'])]", 'ref desc').mode, plan("[('ref', 'in', ['A', 'B'])]", 'ref desc').backward], ['sort', true]);
  });
});

describe('query planner: conditions combined after compiling (as related searches are)', () => {
  const city = cond("[('city', '=', 'x')]");
  const byName = parseOrder(partner, 'name');

  test('a condition that always holds is read from the index in order and counted on its entries', () => {
    assert.equal(planSearch(partner, condOr([city, TRUE_COND]), byName).exact, true);
    assert.equal(planSearch(partner, condAnd([TRUE_COND, TRUE_COND]), byName).exact, true);
    assert.equal(planSearch(partner, condNot(FALSE_COND), byName).exact, true);
  });

  test('a condition that never holds reads nothing', () => {
    for (const never of [condNot(TRUE_COND), condAnd([city, FALSE_COND]), condOr([FALSE_COND, FALSE_COND])]) {
      assert.deepEqual(planSearch(partner, never, parseOrder(partner, 'city')).access, { kind: 'ids', ids: [] });
    }
  });

  test('a negated group reads every record and is checked in memory', () => {
    const or = cond("['|', ('ref', '=', 'a'), ('email', '=', 'b')]");
    assert.deepEqual(planSearch(partner, condNot(or), parseOrder(partner, undefined)).access, { kind: 'records', filter: null });
  });

  test('a negated term is checked by DynamoDB as its opposite; a group negated twice is the group again', () => {
    const or = cond("['|', ('city', '=', 'a'), ('street', '=', 'b')]");
    assert.deepEqual((planSearch(partner, condNot(city), parseOrder(partner, undefined)).access as { filter: unknown }).filter, {
      or: [{ attr: 'city', exists: false }, { attr: 'city', cmp: '<>', value: 'x' }],
    });
    assert.deepEqual(planSearch(partner, condNot(condNot(or)), parseOrder(partner, undefined)), planSearch(partner, or, parseOrder(partner, undefined)));
  });
});
