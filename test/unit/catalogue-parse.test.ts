import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { binary, boolean, char, date, datetime, float, integer, many2many, many2one, one2many, selection, text } from '../../shared/catalogue/fields';
import { isRecordId, parseValue } from '../../shared/catalogue/parse';

const partner = many2one('res.partner');

test('a value a field takes is returned in its stored form', () => {
  assert.deepEqual(parseValue(char(), 'abc'), { ok: true, value: 'abc' });
  assert.deepEqual(parseValue(text(), ''), { ok: true, value: '' });
  assert.deepEqual(parseValue(integer(), -7), { ok: true, value: -7 });
  assert.deepEqual(parseValue(float(), 2.5), { ok: true, value: 2.5 });
  assert.deepEqual(parseValue(boolean(), true), { ok: true, value: true });
  assert.deepEqual(parseValue(date(), '2024-02-29'), { ok: true, value: '2024-02-29' });
  assert.deepEqual(parseValue(selection([['draft', 'Draft']]), 'draft'), { ok: true, value: 'draft' });
  assert.deepEqual(parseValue(partner, 12), { ok: true, value: 12 });
});

test('a datetime is stored as UTC text: Odoo form kept, ISO 8601 moved to UTC', () => {
  assert.deepEqual(parseValue(datetime(), '2026-01-31 23:59:01'), { ok: true, value: '2026-01-31 23:59:01' });
  assert.deepEqual(parseValue(datetime(), '2026-02-01T01:30:00+02:00'), { ok: true, value: '2026-01-31 23:30:00' });
  assert.deepEqual(parseValue(datetime(), '2026-02-01T01:30'), { ok: true, value: '2026-02-01 01:30:00' });
});

test('null empties any field; false empties any field but a boolean, where it is a value', () => {
  for (const field of [char(), integer(), float(), date(), datetime(), selection([['a', 'A']]), partner]) {
    assert.deepEqual(parseValue(field, null), { ok: true, value: null });
    assert.deepEqual(parseValue(field, false), { ok: true, value: null });
  }
  assert.deepEqual(parseValue(boolean(), false), { ok: true, value: false });
  assert.deepEqual(parseValue(boolean(), null), { ok: true, value: null });
});

test('a value a field does not take fails with what was received and what was expected', () => {
  const cases: [Parameters<typeof parseValue>[0], unknown, string][] = [
    [char(), 12, 'a string'],
    [integer(), 3.5, 'an integer'],
    [integer(), 2 ** 53, 'an integer'],
    [float(), 1e300, 'a number between -1000000000000000 and 1000000000000000'],
    [float(), 5e-324, 'a number between -1000000000000000 and 1000000000000000'],
    [boolean(), 'yes', 'true or false'],
    [date(), '2026-02-30', 'a date YYYY-MM-DD'],
    [datetime(), '2026-01-31 24:00:00', 'a datetime YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601'],
    [datetime(), '2026-01-31', 'a datetime YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601'],
    [selection([['draft', 'Draft'], ['posted', 'Posted']]), 'cancel', "one of 'draft', 'posted'"],
    [partner, '12', 'a record id'],
    [one2many('sale.order.line', 'order_id'), 1.5, 'a record id'],
    [many2many('res.partner.category'), 2 ** 60, 'a record id'],
  ];
  for (const [field, received, expected] of cases) assert.deepEqual(parseValue(field, received), { ok: false, received, expected });
});

test('a record id is a whole number JavaScript holds exactly', () => {
  assert.equal(isRecordId(1), true);
  assert.equal(isRecordId(Number.MAX_SAFE_INTEGER), true);
  assert.equal(isRecordId(Number.MAX_SAFE_INTEGER + 1), false);
  assert.equal(isRecordId(1.5), false);
  assert.equal(isRecordId('1'), false);
});

test('a binary field holds files, not values: reading one is a mistake of the caller', () => {
  assert.throws(() => parseValue(binary({ size: 'file_size' }), 'aGk='), /binary/);
});

test('every integer field value is a record id for a relation, and the other way round', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean()), (raw) => {
      if (raw === false) return;
      assert.equal(parseValue(integer(), raw).ok, parseValue(partner, raw).ok);
    }),
    { numRuns: 2000 },
  );
});
