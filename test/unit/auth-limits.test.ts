import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlCache } from '../../shared/auth/cache';
import { FREE_FAILURES, MAX_LOCK_SECONDS, lockSeconds } from '../../shared/auth/login-failures';
import { TokenBuckets } from '../../local/throttle';

test('failed logins: the first four lock nothing, then each locks twice as long, up to five minutes', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 100].map(lockSeconds), [0, 0, 0, 0, 1, 2, 4, 8, 256, 300, 300]);
  assert.equal(FREE_FAILURES, 4);
  assert.equal(MAX_LOCK_SECONDS, 300);
});

test('token buckets: a burst up to the bucket size, then the steady rate, per key', () => {
  let now = 0;
  const buckets = new TokenBuckets({ rateLimit: 2, burstLimit: 3 }, () => now);
  assert.deepEqual([1, 2, 3, 4].map(() => buckets.take('a')), [true, true, true, false]);
  assert.equal(buckets.take('b'), true, 'another key has its own bucket');
  now = 0.5; // one token back at 2 a second
  assert.deepEqual([buckets.take('a'), buckets.take('a')], [true, false]);
  now = 100; // never more than the bucket holds
  assert.deepEqual([1, 2, 3, 4].map(() => buckets.take('a')), [true, true, true, false]);
});

test('token buckets forget keys whose bucket is full again, so that memory stays bounded', () => {
  let now = 0;
  const buckets = new TokenBuckets({ rateLimit: 1, burstLimit: 1 }, () => now);
  for (let i = 0; i <= 10_000; i++) buckets.take(`k${i}`);
  now = 2;
  buckets.take('late');
  assert.ok(buckets.size < 10, `${buckets.size} buckets kept`);
});

test('the authorizer cache keeps an entry for its TTL, evicts the oldest past its size, and a TTL of 0 keeps nothing', () => {
  let now = 0;
  const cache = new TtlCache<string>(1000, 2, () => now);
  cache.set('a', 'A');
  cache.set('b', 'B');
  now = 999;
  assert.equal(cache.get('a'), 'A');
  cache.set('c', 'C');
  assert.equal(cache.get('a'), undefined, 'the oldest went first');
  assert.equal(cache.get('c'), 'C');
  now = 2000;
  assert.equal(cache.get('c'), undefined, 'expired');
  const off = new TtlCache<string>(0);
  off.set('a', 'A');
  assert.equal(off.get('a'), undefined);
});
