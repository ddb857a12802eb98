import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SEP, decodeNumber, encodeNumber, encodeValue, padId } from '../../shared/store/codec';

const runs = Number(process.env.FC_RUNS ?? 1000);

test('encoded numbers sort as the numbers do', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
      const ea = encodeNumber(a);
      const eb = encodeNumber(b);
      const byValue = a < b ? -1 : a > b ? 1 : 0;
      const byText = ea < eb ? -1 : ea > eb ? 1 : 0;
      return byValue === byText;
    }),
    { numRuns: runs },
  );
});

test('encoded numbers decode to the same number (-0 is 0)', () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (n) => Object.is(decodeNumber(encodeNumber(n)), n === 0 ? 0 : n)),
    { numRuns: runs },
  );
});

test('index sort keys keep strings in order and a value before its extensions', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.nat(1e9), fc.nat(1e9), (a, b, i, j) => {
      fc.pre(!a.includes(SEP) && !b.includes(SEP));
      const ka = `${encodeValue(a)}${SEP}${padId(i)}`;
      const kb = `${encodeValue(b)}${SEP}${padId(j)}`;
      if (a === b) return (ka < kb) === (i < j) || i === j;
      // A prefix sorts first, as in the value order; otherwise the first differing character decides.
      return (ka < kb) === (a < b);
    }),
    { numRuns: runs },
  );
});

test('null encodes below every value, booleans as 0 and 1', () => {
  assert.equal(encodeValue(null), '');
  assert.equal(encodeValue(false), '0');
  assert.equal(encodeValue(true), '1');
  assert.ok(`${encodeValue(null)}${SEP}` < `${encodeValue('')}x`);
});

test('ids pad to a fixed width so that they sort numerically', () => {
  assert.ok(padId(9) < padId(10));
  assert.equal(padId(42).length, 12);
});
