import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkKeys, closest, editDistance } from '../../shared/envelope';

const runs = Number(process.env.FC_RUNS ?? 1000);
const VALS = ['payload', 'search_key', 'auto_create', 'result_field', 'multi'];

test('the closest accepted key is suggested for a typo: a swap, a missing or an extra character', () => {
  assert.equal(closest('mutli', VALS), 'multi');
  assert.equal(closest('result_feild', VALS), 'result_field');
  assert.equal(closest('autocreate', VALS), 'auto_create');
  assert.equal(closest('Search-Key', VALS), 'search_key');
  assert.equal(closest('pyload', VALS), 'payload');
  assert.equal(closest('id', VALS), undefined, 'nothing close');
  assert.equal(closest('search_domain', VALS), undefined);
  assert.equal(closest('x'.repeat(10_000), VALS), undefined);
});

test('edit distance counts insertions, deletions, substitutions and swaps of neighbours', () => {
  assert.equal(editDistance('mutli', 'multi'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b);
      assert.equal(d, editDistance(b, a));
      assert.equal(d === 0, a === b);
      assert.ok(d <= Math.max(a.length, b.length));
      assert.ok(d >= Math.abs(a.length - b.length));
    }),
    { numRuns: runs },
  );
});

test('checkKeys accepts the listed keys and names the first other one', () => {
  assert.doesNotThrow(() => checkKeys({ payload: {}, multi: true }, { where: 'vals', reader: 'update_data', accepted: VALS }));
  assert.throws(
    () => checkKeys({ payload: {}, __proto__x: 1 }, { where: 'vals', reader: 'update_data', accepted: VALS }),
    (e: { code: string; details: { key: string } }) => e.code === 'UNKNOWN_KEY' && e.details.key === '__proto__x',
  );
});
