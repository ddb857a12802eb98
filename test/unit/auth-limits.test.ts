import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TtlCache } from '../../shared/auth/cache';
import { FREE_FAILURES, MAX_LOCK_SECONDS, lockSeconds } from '../../shared/auth/login-failures';
import { Quotas, TokenBuckets, periodStart, usagePlanLimits } from '../../local/throttle';
import { USAGE_PLAN } from '../../shared/deployment';

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

test('quotas: a key makes `limit` requests a period, then none until the next period starts at 00:00 UTC', () => {
  let now = Date.UTC(2026, 2, 5, 23, 59, 59);
  const quotas = new Quotas({ limit: 2, period: 'DAY' }, () => now);
  const call = (key: string) => {
    if (!quotas.allows(key)) return false;
    quotas.count(key);
    return true;
  };
  assert.deepEqual([call('a'), call('a'), call('a')], [true, true, false]);
  assert.equal(call('b'), true, 'another key has its own quota');
  now = Date.UTC(2026, 2, 6, 0, 0, 0);
  assert.deepEqual([call('a'), call('a'), call('a')], [true, true, false], 'renewed when the day starts');
});

test('quota periods start as API Gateway starts them: the UTC day, Sunday, the first of the month', () => {
  const at = Date.UTC(2026, 2, 5, 13, 30); // a Thursday
  assert.equal(periodStart('DAY', at), Date.UTC(2026, 2, 5));
  assert.equal(periodStart('WEEK', at), Date.UTC(2026, 2, 1));
  assert.equal(periodStart('MONTH', at), Date.UTC(2026, 2, 1));
  assert.equal(periodStart('WEEK', Date.UTC(2026, 2, 1, 0, 0, 1)), Date.UTC(2026, 2, 1));
});

test('the local usage plan is the deployed one, unless the environment tightens it', () => {
  assert.deepEqual(usagePlanLimits({}), {
    throttle: { rateLimit: USAGE_PLAN.rateLimit, burstLimit: USAGE_PLAN.burstLimit },
    quota: USAGE_PLAN.quota,
  });
  const tight = usagePlanLimits({ THROTTLE_RATE_LIMIT: '1', THROTTLE_BURST_LIMIT: '2', QUOTA_LIMIT: '10' });
  assert.deepEqual(tight, { throttle: { rateLimit: 1, burstLimit: 2 }, quota: { limit: 10, period: USAGE_PLAN.quota.period } });
  assert.deepEqual(usagePlanLimits({ QUOTA_LIMIT: 'lots' }).quota, USAGE_PLAN.quota);
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
