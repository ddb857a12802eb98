import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkKeys, closest, editDistance, type KeyLevel } from '../../shared/envelope';

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

test('a suggestion needs at most 2 edits, fewer than half the longer name, and a key of at most 64 characters', () => {
  assert.equal(closest('abxy', ['abcd']), undefined, '2 edits in 4 characters: half, not fewer');
  assert.equal(closest('abxye', ['abcde']), 'abcde', '2 edits in 5 characters');
  assert.equal(closest('abcxyz', ['abcdef']), undefined, '3 edits');
  assert.equal(closest('limt', ['lint', 'limit', 'list']), 'lint', 'the closest of several, the first of equals');
  assert.equal(closest('LIMIT', ['limit']), 'limit');
  assert.equal(closest(`${'k'.repeat(63)}x`, ['k'.repeat(64)]), 'k'.repeat(64), '64 characters');
  assert.equal(closest(`${'k'.repeat(64)}x`, ['k'.repeat(65)]), undefined, '65 characters');
  assert.equal(editDistance('ab', 'ba'), 1, 'a swap of neighbours is one edit');
  assert.equal(editDistance('abcd', 'badc'), 2);
});

test('half the longer name bounds the edits; a closer name later in the list wins; every - reads as _', () => {
  assert.equal(closest('fiel', ['fields']), 'fields', '2 edits, fewer than half of 6 characters');
  assert.equal(closest('abcdef', ['abcdxy', 'abcdex']), 'abcdex', '1 edit beats 2');
  assert.equal(closest('one-two-three-four', ['one_two_three_four']), 'one_two_three_four');
});

test('the error names the key, where it was, what is read there, and the closest key or where it belongs', () => {
  const level: KeyLevel = { where: 'payload', reader: 'search_data', accepted: ['search_domain', 'limit'], inside: { key: 'payload', keys: ['order'] } };
  const error = (object: Record<string, unknown>, at = level) => {
    try {
      checkKeys(object, at);
    } catch (e) {
      return e as { code: string; message: string; details: Record<string, unknown> };
    }
    throw new Error('accepted');
  };
  const typo = error({ limt: 1 });
  assert.equal(typo.code, 'UNKNOWN_KEY');
  assert.equal(typo.message, "Unknown key 'limt' in 'payload': search_data reads 'search_domain', 'limit'; did you mean 'limit'?");
  assert.deepEqual(typo.details, { key: 'limt', path: 'payload.limt', accepted: ['search_domain', 'limit'], suggestion: 'limit' });
  const inside = error({ order: 'id' });
  assert.equal(inside.message, "Unknown key 'order' in 'payload': search_data reads 'search_domain', 'limit'; 'order' belongs inside 'payload'");
  assert.deepEqual(inside.details, { key: 'order', path: 'payload.order', accepted: ['search_domain', 'limit'], inside: 'payload' });
  assert.equal(error({ zzz: 1 }, { where: 'vals', reader: 'update_data', accepted: ['payload'] }).message, "Unknown key 'zzz' in 'vals': update_data reads 'payload'");
  const long = error({ ['q'.repeat(81)]: 1 });
  assert.ok(long.message.startsWith(`Unknown key '${'q'.repeat(77)}...' in`), 'a long key cut to 80 characters');
  assert.equal(long.details.key, 'q'.repeat(81), 'whole in the details');
  assert.ok(error({ ['q'.repeat(80)]: 1 }).message.startsWith(`Unknown key '${'q'.repeat(80)}' in`), '80 characters whole');
});
