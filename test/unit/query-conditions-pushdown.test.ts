import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { compileQuery, parseDomain } from '../../shared/query';
import { condNot } from '../../shared/query/conditions/cond';
import { pushdown } from '../../shared/query/conditions/pushdown';
import { MAX_IN_OPERANDS } from '../../shared/store';

const partner = catalogue.get('res.partner')!;
const filter = (domain: unknown, model = partner) => pushdown(compileQuery(model, parseDomain(domain), catalogue).cond);
const texts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('what DynamoDB filters: = and in', () => {
  test('in lists its values; with False, or records where the field is absent', () => {
    assert.deepEqual(filter("[('city', 'in', ['a', 'b'])]"), { attr: 'city', in: ['a', 'b'] });
    assert.deepEqual(filter("[('city', 'in', ['a', 'b', False])]"), { or: [{ attr: 'city', in: ['a', 'b'] }, { attr: 'city', exists: false }] });
    assert.deepEqual(filter("[('city', 'in', ['a', False])]"), { or: [{ attr: 'city', cmp: '=', value: 'a' }, { attr: 'city', exists: false }] });
  });

  test('!= False is any value; not in several values none of them, or absent', () => {
    assert.deepEqual(filter("[('city', '!=', False)]"), { attr: 'city', exists: true });
    assert.deepEqual(filter("[('city', 'not in', ['a', 'b'])]"), {
      or: [{ attr: 'city', exists: false }, { and: [{ attr: 'city', cmp: '<>', value: 'a' }, { attr: 'city', cmp: '<>', value: 'b' }] }],
    });
    assert.deepEqual(filter("[('city', 'not in', ['a', 'b', False])]"), {
      and: [{ attr: 'city', exists: true }, { attr: 'city', cmp: '<>', value: 'a' }, { attr: 'city', cmp: '<>', value: 'b' }],
    });
  });

  test(`an in with ${MAX_IN_OPERANDS} values or more than one IN holds is checked in memory`, () => {
    const fits = texts('c', MAX_IN_OPERANDS - 1);
    assert.deepEqual(filter([['city', 'in', fits]]), { attr: 'city', in: fits });
    assert.equal(filter([['city', 'in', texts('c', MAX_IN_OPERANDS)]]), null);
    assert.equal(filter([['city', 'not in', texts('c', MAX_IN_OPERANDS)]]), null);
  });

  test('an x2many holding one of up to ten ids is contains on its set; more, or not in, stay in memory', () => {
    assert.deepEqual(filter("[('category_id', '=', 3)]"), { attr: 'category_id', contains: 3 });
    assert.deepEqual(filter("[('category_id', 'in', [3, False])]"), { or: [{ attr: 'category_id', contains: 3 }, { attr: 'category_id', exists: false }] });
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    assert.deepEqual(filter([['category_id', 'in', ten]]), { or: ten.map((id) => ({ attr: 'category_id', contains: id })) });
    assert.equal(filter([['category_id', 'in', [...ten, 11]]]), null);
    assert.equal(filter("[('category_id', 'not in', [3])]"), null);
  });
});

describe('what DynamoDB filters: like', () => {
  test('like on text as contains, on dates and selections too; =like with a prefix as begins_with', () => {
    const order = catalogue.get('sale.order')!;
    assert.deepEqual(filter("[('date_order', 'like', '2026-03')]", order), { attr: 'date_order', contains: '2026-03' });
    assert.deepEqual(filter("[('note', 'like', 'urgent')]", order), { attr: 'note', contains: 'urgent' });
    assert.deepEqual(filter("[('invoice_date', 'like', '-03-')]", catalogue.get('account.move')!), { attr: 'invoice_date', contains: '-03-' });
    assert.deepEqual(filter("[('state', 'like', 'sal')]", order), { attr: 'state', contains: 'sal' });
    assert.deepEqual(filter("[('city', '=like', 'Pa%')]"), { attr: 'city', beginsWith: 'Pa' });
    assert.deepEqual(filter("[('city', '=like', 'Pa_is')]"), { attr: 'city', beginsWith: 'Pa' });
    assert.deepEqual(filter("[('city', '=like', 'P\\\\%a%')]"), { attr: 'city', beginsWith: 'P%a' });
  });

  test('a like whose middle has wildcards, or that starts with one, is checked in memory', () => {
    assert.equal(filter("[('city', 'like', 'a_b')]"), null);
    assert.equal(filter("[('city', 'like', 'a%b')]"), null);
    assert.equal(filter("[('city', 'like', '50\\\\%')]"), null);
    assert.equal(filter("[('city', '=like', '%ris')]"), null);
    assert.equal(filter("[('city', '=like', '_aris')]"), null);
    assert.equal(filter("[('city', 'not like', 'ari')]"), null);
    assert.equal(filter("[('city', '=like', '%')]"), null, 'any text: nothing for DynamoDB to check');
    assert.equal(filter("[('city', '=like', '%%')]"), null);
  });

  test('=like without a wildcard is its text, as a prefix DynamoDB checks, the rest in memory', () => {
    assert.deepEqual(filter("[('city', '=like', 'Paris')]"), { attr: 'city', beginsWith: 'Paris' });
  });
});

describe('what DynamoDB filters: the whole condition', () => {
  test('an & keeps each part it can, in order; none is no filter', () => {
    assert.deepEqual(filter("[('city', '=', 'a'), ('name', 'ilike', 'b'), ('credit_limit', '>=', 5)]"), {
      and: [{ attr: 'city', cmp: '=', value: 'a' }, { attr: 'credit_limit', cmp: '>=', value: 5 }],
    });
    assert.equal(filter("[('city', 'ilike', 'a'), ('name', 'ilike', 'b')]"), null);
    assert.equal(filter('[]'), null);
  });

  test('a negated group, as related searches may leave, is checked in memory', () => {
    const { cond } = compileQuery(partner, parseDomain("['|', ('city', '=', 'a'), ('name', '=', 'b')]"), catalogue);
    assert.notEqual(pushdown(cond), null);
    assert.equal(pushdown(condNot(cond)), null);
  });

  test('an | that can match nothing is no filter at all', () => {
    assert.equal(filter(['|', ['name', '=', 'x'.repeat(1001)], ['ref', '=', 'y'.repeat(1001)]]), null);
  });

  test('values sent to DynamoDB stay within 200: the terms past that are checked in memory', () => {
    const first = texts('a', MAX_IN_OPERANDS - 1);
    const second = texts('b', MAX_IN_OPERANDS - 1);
    const all = (third: unknown[]) => filter([['city', 'in', first], ['street', 'in', second], ['phone', 'in', third]]);
    assert.deepEqual(all(['p', 'q']), {
      and: [{ attr: 'city', in: first }, { attr: 'street', in: second }, { attr: 'phone', in: ['p', 'q'] }],
    });
    assert.deepEqual(all(['p', 'q', 'r']), { and: [{ attr: 'city', in: first }, { attr: 'street', in: second }] });
    // Terms DynamoDB does not check take none of the 200.
    const unsent = [['category_id', 'not in', Array.from({ length: 10 }, (_, i) => i + 1)], ['name', 'ilike', 'x']];
    assert.deepEqual(filter([...unsent, ['city', 'in', first], ['street', 'in', second], ['phone', 'in', ['p', 'q']]]), {
      and: [{ attr: 'city', in: first }, { attr: 'street', in: second }, { attr: 'phone', in: ['p', 'q'] }],
    });
  });
});
