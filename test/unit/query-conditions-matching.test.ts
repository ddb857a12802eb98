import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogue, type StoredValues } from '../../shared/catalogue';
import type { RecordState } from '../../shared/plan';
import { compileQuery, parseDomain } from '../../shared/query';
import { FALSE_COND, TRUE_COND, condAnd, condNot, condOr, likeRegex, matches, type Cond } from '../../shared/query/conditions/cond';

const partner = catalogue.get('res.partner')!;
const rec = (id: number, values: StoredValues): RecordState => ({ model: partner.name, id, values, version: 1, attachments: [] });

const records = [
  rec(1, { name: 'Azure', city: 'Paris', credit_limit: 10, category_id: [3] }),
  rec(2, { name: 'azure 50%', city: null, credit_limit: null, category_id: [] }),
  rec(3, { name: 'Décor', city: 'Lyon', credit_limit: 0, category_id: [3, 4] }),
  rec(4, { name: 'Deco', city: 'Lyon', credit_limit: -5 }),
];
const ids = (domain: unknown, list = records): number[] => {
  const { cond } = compileQuery(partner, parseDomain(domain), catalogue);
  return list.filter((r) => matches(cond, r)).map((r) => r.id);
};

describe('conditions: which records match', () => {
  test('each range operator keeps or leaves out its bound, and never matches an empty value', () => {
    assert.deepEqual(ids("[('credit_limit', '<', 10)]"), [3, 4]);
    assert.deepEqual(ids("[('credit_limit', '<=', 10)]"), [1, 3, 4]);
    assert.deepEqual(ids("[('credit_limit', '>', 0)]"), [1]);
    assert.deepEqual(ids("[('credit_limit', '>=', 0)]"), [1, 3]);
    assert.deepEqual(ids("[('name', '>=', 'Deco')]"), [1, 2, 3, 4].filter((id) => id !== 1), 'texts by code point: lower case after upper case');
    assert.deepEqual(ids("[('category_id', '=', False)]"), [2, 4]);
  });

  test('id is the record id, in any term', () => {
    assert.deepEqual(ids("[('id', 'in', [4, 1, 9])]"), [1, 4]);
    assert.deepEqual(ids("[('id', '>', 2)]"), [3, 4]);
    assert.deepEqual(ids("[('id', '!=', 2)]"), [1, 3, 4]);
  });

  test('& | and ! combine as Odoo reads them, in prefix order', () => {
    assert.deepEqual(ids("['|', ('city', '=', 'Paris'), ('credit_limit', '<', 0)]"), [1, 4]);
    // As Odoo does, ! reaches the terms: not below 0 is at least 0, which an empty value is not.
    assert.deepEqual(ids("['!', '|', ('city', '=', 'Paris'), ('credit_limit', '<', 0)]"), [3]);
    assert.deepEqual(ids("['!', '&', ('city', '=', 'Lyon'), ('credit_limit', '<', 0)]"), [1, 2, 3]);
    assert.deepEqual(ids("['!', '!', ('city', '=', 'Lyon')]"), [3, 4]);
    assert.deepEqual(ids("['!', ('credit_limit', '<', 5)]"), [1], 'not below is at least, and an empty value is neither');
    assert.deepEqual(ids("[('city', '=', 'Lyon'), '|', ('credit_limit', '<', 0), ('name', '=', 'Décor')]"), [3, 4]);
    assert.deepEqual(ids("['|', ('city', '=', 'Lyon'), '!', ('name', 'like', 'zure')]"), [3, 4]);
  });

  test('conditions combined after compiling (as related searches are) keep their meaning', () => {
    const leaf = (domain: string) => compileQuery(partner, parseDomain(domain), catalogue).cond;
    const lyon = leaf("[('city', '=', 'Lyon')]");
    const below = leaf("[('credit_limit', '<', 0)]");
    const found = (cond: Cond) => records.filter((r) => matches(cond, r)).map((r) => r.id);
    assert.deepEqual(found(condNot(condAnd([lyon, below]))), [1, 2, 3], 'the empty credit limit is not below 0, so not both');
    assert.deepEqual(found(condNot(condOr([lyon, below]))), [1, 2]);
    assert.deepEqual(found(condNot(condNot(condAnd([lyon, below])))), [4]);
    assert.deepEqual(found(condAnd([lyon, condOr([below, leaf("[('name', 'like', 'cor')]")])])), [3, 4]);
    assert.deepEqual(found(condAnd([TRUE_COND, lyon])), [3, 4]);
    assert.deepEqual(found(condAnd([lyon, FALSE_COND])), []);
    assert.deepEqual(found(condOr([FALSE_COND, below])), [4]);
    assert.deepEqual(found(condOr([below, TRUE_COND])), [1, 2, 3, 4]);
    assert.deepEqual(found(condNot(TRUE_COND)), []);
    assert.deepEqual(found(condNot(FALSE_COND)), [1, 2, 3, 4]);
    assert.deepEqual(found(condNot(leaf("[('name', 'like', 'zure')]"))), [3, 4]);
  });

  test('a term that can match nothing makes its & match nothing, and its | depend on the other terms', () => {
    const long = 'x'.repeat(1001);
    assert.deepEqual(ids([['name', '=', long], ['city', '=', 'Lyon']]), []);
    assert.deepEqual(ids(['|', ['name', '=', long], ['city', '=', 'Lyon']]), [3, 4]);
    assert.deepEqual(ids(['!', ['name', '=', long]]), [1, 2, 3, 4]);
    assert.deepEqual(ids(['|', ['name', 'not in', [long]], ['city', '=', 'Lyon']]), [1, 2, 3, 4]);
    assert.deepEqual(ids(['!', ['name', 'not in', [long]]]), []);
  });

  test('like, not like and their = forms on text, numbers and empty values', () => {
    assert.deepEqual(ids("[('name', 'not like', 'zure')]"), [3, 4]);
    assert.deepEqual(ids("[('city', 'not like', 'yo')]"), [1, 2], 'an empty value is not like anything');
    assert.deepEqual(ids("[('city', 'like', 'yo')]"), [3, 4]);
    assert.deepEqual(ids("[('name', 'not ilike', 'DECO')]"), [1, 2, 3]);
    assert.deepEqual(ids("[('credit_limit', 'like', '-')]"), [4], 'numbers match as their text');
    assert.deepEqual(ids("[('category_id', 'like', '')]"), [1, 3]);
    assert.deepEqual(ids("[('name', '=like', 'D_cor')]"), [3]);
    assert.deepEqual(ids("[('name', '=like', 'Deco%')]"), [4]);
  });
});

describe('conditions: LIKE patterns', () => {
  const like = (pattern: string, text: string, insensitive = false) => likeRegex(pattern, insensitive).test(text);

  test('% is any text, _ one character (one code point, even above U+FFFF), across lines', () => {
    assert.ok(like('a%z', 'a\nb\nz'));
    assert.ok(like('a_z', 'a\nz'));
    assert.ok(like('_', '😀'), 'one character, not one UTF-16 unit');
    assert.ok(!like('__', '😀'));
    assert.ok(!like('a_z', 'az'));
    assert.ok(like('a%', 'a'));
  });

  test('regular expression characters are literal; \\ makes the next character literal, and a final \\ is itself', () => {
    const specials = '^$.*+?()[]{}|/';
    assert.ok(like(specials, specials));
    assert.ok(!like('a.c', 'abc') && !like('a+', 'aa') && !like('[ab]', 'a') && !like('a{2}', 'aa') && !like('a|b', 'a') && !like('^a$', 'a'));
    assert.ok(like('50\\%', '50%') && !like('50\\%', '500'));
    assert.ok(like('a\\_c', 'a_c') && !like('a\\_c', 'abc'));
    assert.ok(like('a\\\\b', 'a\\b'));
    assert.ok(like('a\\', 'a\\') && !like('a\\', 'a'));
    assert.ok(like('\\a', 'a'));
  });

  test('ilike ignores case, also beyond ASCII; like does not', () => {
    assert.ok(like('ÉCOLE', 'école', true));
    assert.ok(!like('ÉCOLE', 'école'));
  });
});

describe('conditions: leaves answered by searches of their own', () => {
  test('a related search or a tree left unresolved is a fault, never a silent answer', () => {
    for (const domain of ["[('parent_id.name', '=', 'x')]", "[('parent_id', 'child_of', 1)]"]) {
      const { cond } = compileQuery(partner, parseDomain(domain), catalogue);
      assert.throws(() => matches(cond, records[0]!), /reached evaluation unresolved/, domain);
    }
  });
});
