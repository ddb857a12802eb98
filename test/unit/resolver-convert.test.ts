import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boolean, char, date, datetime, float, integer, many2one, selection } from '../../shared/catalogue/fields';
import { WebhookError } from '../../shared/envelope';
import { checkIndexable, convertScalar, findOddNumber, valueMismatch } from '../../shared/resolver';
import { describe, scalarSchema } from '../../shared/resolver/convert';
import { compile } from '../support/openapi';

const convert = (field: Parameters<typeof convertScalar>[0], value: unknown) => convertScalar(field, 'f', value, 'f');
const fails = (field: Parameters<typeof convertScalar>[0], value: unknown) =>
  assert.throws(() => convert(field, value), (e) => e instanceof WebhookError && e.code === 'INVALID_VALUE');

test('char and text take strings only', () => {
  assert.equal(convert(char(), 'abc'), 'abc');
  fails(char(), 12);
  fails(char(), { a: 1 });
});

test('integers must be whole, floats finite numbers', () => {
  assert.equal(convert(integer(), 3), 3);
  fails(integer(), 3.5);
  fails(integer(), '3');
  assert.equal(convert(float(), 3.5), 3.5);
  fails(float(), 'NaN');
  // DynamoDB stores magnitudes between 1E-130 and 1E+126: absurd ones are refused, not a 500.
  fails(float(), 5e-324);
  fails(float(), 1e300);
  assert.equal(convert(float(), -0.000001), -0.000001);
});

test('false is a boolean value, and clears any other field; null clears', () => {
  assert.equal(convert(boolean(), false), false);
  assert.equal(convert(char(), false), null);
  assert.equal(convert(integer(), null), null);
  fails(boolean(), 'yes');
});

test('dates are YYYY-MM-DD and must exist', () => {
  assert.equal(convert(date(), '2024-02-29'), '2024-02-29');
  fails(date(), '2023-02-29');
  fails(date(), '2024-2-1');
  fails(date(), '2024-02-01T00:00:00');
});

test('datetimes are Odoo text (UTC) or ISO 8601, stored in UTC', () => {
  assert.equal(convert(datetime(), '2026-01-31 23:59:59'), '2026-01-31 23:59:59');
  assert.equal(convert(datetime(), '2026-01-31T23:59:59Z'), '2026-01-31 23:59:59');
  assert.equal(convert(datetime(), '2026-02-01T06:59:59+07:00'), '2026-01-31 23:59:59');
  assert.equal(convert(datetime(), '2026-01-31T23:59'), '2026-01-31 23:59:00');
  fails(datetime(), '2026-01-31 24:00:00');
  fails(datetime(), 'yesterday');
  fails(datetime(), 1700000000);
});

test('a selection takes one of its declared keys', () => {
  const s = selection([
    ['a', 'A'],
    ['b', 'B'],
  ]);
  assert.equal(convert(s, 'b'), 'b');
  fails(s, 'c');
  fails(s, 'A');
});

test('a refused value names the field, the value sent and what was expected, with where it is', () => {
  assert.throws(
    () => convertScalar(integer(), 'product_uom_qty', 'two', 'order_line[1].product_uom_qty'),
    (e) => {
      assert.ok(e instanceof WebhookError);
      assert.equal(e.code, 'INVALID_VALUE');
      assert.equal(e.message, "Invalid value for 'product_uom_qty': 'two' (expected an integer)");
      assert.deepEqual(e.details, { field: 'product_uom_qty', path: 'order_line[1].product_uom_qty', expected: 'an integer' });
      return true;
    },
  );
});

test('valueMismatch renders what was sent: strings quoted, other values as JSON, long ones cut at 80 characters', () => {
  const mismatch = (received: unknown) => valueMismatch('qty', { ok: false, received, expected: 'an integer' });
  assert.equal(mismatch('3'), "value for 'qty': '3' (expected an integer)");
  assert.equal(mismatch(3.5), "value for 'qty': 3.5 (expected an integer)");
  assert.equal(mismatch({ a: [1] }), 'value for \'qty\': {"a":[1]} (expected an integer)');
  assert.equal(mismatch(undefined), "value for 'qty': undefined (expected an integer)");
  assert.equal(describe('x'.repeat(78)), `'${'x'.repeat(78)}'`); // 80 characters with its quotes: kept whole
  assert.equal(describe('x'.repeat(79)), `'${'x'.repeat(76)}...`); // 81: cut to 77 and an ellipsis
  assert.equal(describe([1, 2, 3]), '[1,2,3]');
});

test('an indexed value holds at most 1,000 bytes of UTF-8, not characters', () => {
  checkIndexable('ref', 'x'.repeat(1000), 'ref');
  checkIndexable('ref', 'é'.repeat(500), 'ref');
  checkIndexable('ref', 12345, 'ref');
  checkIndexable('ref', null, 'ref');
  for (const long of ['x'.repeat(1001), 'é'.repeat(501)]) {
    assert.throws(
      () => checkIndexable('ref', long, 'partner_id.ref'),
      (e) => {
        assert.ok(e instanceof WebhookError);
        assert.equal(e.code, 'INVALID_VALUE');
        assert.equal(e.message, "Invalid value for 'ref': longer than the 1000 bytes an indexed field holds");
        assert.deepEqual(e.details, { field: 'ref', path: 'partner_id.ref' });
        return true;
      },
    );
  }
});

test('findOddNumber finds the first number no field stores, with its path, in nested parameters', () => {
  assert.equal(findOddNumber({ qty: 3, price: 2.5, zero: 0, big: 2 ** 53 - 1, lines: [{ x: -1e15 }], name: 'x', none: null }), null);
  assert.equal(findOddNumber('1e300'), null);
  assert.deepEqual(findOddNumber(1e300), { path: [], value: 1e300 });
  assert.deepEqual(findOddNumber({ a: 1, lines: [{ qty: 2 }, { qty: 1e-20 }, { qty: 1e20 }] }), { path: ['lines', '1', 'qty'], value: 1e-20 });
  assert.deepEqual(findOddNumber([null, { deep: { n: -1e16 } }]), { path: ['1', 'deep', 'n'], value: -1e16 });
});

test("a scalar field's schema refuses what the API refuses for dates and datetimes", () => {
  const dateSchema = compile(scalarSchema(date(), false));
  assert.ok(dateSchema('2024-02-29'));
  for (const bad of ['2024-2-1', '2024-02-01T00:00:00', 'yesterday', 20240229, '2023-02-29']) assert.equal(dateSchema(bad), false, String(bad));

  const datetimeSchema = compile(scalarSchema(datetime(), false));
  for (const good of ['2026-01-31 23:59:59', '2026-01-31T23:59:59Z', '2026-02-01T06:59:59+07:00', '2026-01-31T23:59']) {
    assert.ok(datetimeSchema(good), good);
  }
  for (const bad of ['2026-01-31', 'yesterday', '2026-01-31 23:59', 1700000000]) assert.equal(datetimeSchema(bad), false, String(bad));
});

test('scalarSchema is for scalar fields only', () => {
  assert.throws(() => scalarSchema(many2one('res.partner'), true), /scalarSchema: many2one is not a scalar type/);
});
