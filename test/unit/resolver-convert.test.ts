import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boolean, char, date, datetime, float, integer, selection } from '../../shared/catalogue/fields';
import { WebhookError } from '../../shared/envelope';
import { convertScalar } from '../../shared/resolver';

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
