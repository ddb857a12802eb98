import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SHARDS, UNKNOWN_MODEL, firstIdAt, logKeys, newLogId, shardOf, timeOfLogId } from '../../shared/logs/keys';

test('logs of a model outside the catalogue are listed under one key, so no caller text becomes a key', () => {
  const id = newLogId();
  const keys = (model: string | null) => logKeys(id, 'create_data', 'failed', model).modelKey;
  assert.equal(keys('res.partner'), `M#res.partner#${shardOf(id)}`);
  assert.equal(keys('x'.repeat(3000)), `M#${UNKNOWN_MODEL}#${shardOf(id)}`);
  assert.equal(keys(null), undefined);
});

test('log ids sort by time as text, and a time bound sorts before every id of that time', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 44 }), fc.integer({ min: 1, max: 2 ** 40 }), (t, dt) => {
      const [a, b] = [newLogId(t), newLogId(t + dt)];
      return a < b && firstIdAt(t) <= a && firstIdAt(t + dt) > a && timeOfLogId(b) === t + dt;
    }),
  );
});

test('log ids spread evenly over the shards, so that no listing key is hot', () => {
  const counts = new Array<number>(SHARDS).fill(0);
  const n = 8000;
  for (let i = 0; i < n; i++) counts[shardOf(newLogId())]! += 1;
  for (const c of counts) assert.ok(Math.abs(c - n / SHARDS) < (n / SHARDS) * 0.15, `shard counts ${counts}`);
});
