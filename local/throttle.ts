import { USAGE_PLAN, type QuotaLimits, type QuotaPeriod, type ThrottleLimits } from '../shared/deployment';

/**
 * The usage plan of the local API Gateway: the deployed one's limits, or `THROTTLE_RATE_LIMIT`,
 * `THROTTLE_BURST_LIMIT` and `QUOTA_LIMIT` (requests per quota period) from the environment, for
 * trying clients against tight limits.
 */
export function usagePlanLimits(env: NodeJS.ProcessEnv = process.env): { throttle: ThrottleLimits; quota: QuotaLimits } {
  const read = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    throttle: { rateLimit: read(env.THROTTLE_RATE_LIMIT, USAGE_PLAN.rateLimit), burstLimit: read(env.THROTTLE_BURST_LIMIT, USAGE_PLAN.burstLimit) },
    quota: { limit: Math.floor(read(env.QUOTA_LIMIT, USAGE_PLAN.quota.limit)), period: USAGE_PLAN.quota.period },
  };
}

/**
 * One token bucket per key, as API Gateway meters a usage plan or a method throttle: a bucket
 * holds up to `burstLimit` requests and refills at `rateLimit` a second; a request finding it
 * empty is throttled (429).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: ThrottleLimits,
    /** Seconds, monotonic. */
    private readonly clock: () => number = () => performance.now() / 1000,
  ) {}

  /** Takes a token for this key; false when there is none left. */
  take(key: string): boolean {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.limits.burstLimit, at: now };
    bucket.tokens = Math.min(this.limits.burstLimit, bucket.tokens + (now - bucket.at) * this.limits.rateLimit);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    return allowed;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Buckets that have refilled completely are the same as no bucket: drop them to bound memory. */
  private forgetFull(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.limits.rateLimit >= this.limits.burstLimit) this.buckets.delete(key);
    }
  }
}

const DAY_MS = 86_400_000;

/** When the quota period holding `ms` began: 00:00 UTC of the day, of Sunday, of the 1st (offset 0). */
export function periodStart(period: QuotaPeriod, ms: number): number {
  const d = new Date(ms);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'DAY') return day;
  if (period === 'WEEK') return day - d.getUTCDay() * DAY_MS;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/**
 * Requests counted per key and quota period, as a usage plan's quota: a key that has made `limit`
 * requests in the current period is refused until the next one starts. Only requests let through
 * count (a throttled one does not use the quota).
 */
export class Quotas {
  private readonly used = new Map<string, { period: number; count: number }>();

  constructor(
    private readonly quota: QuotaLimits,
    /** Epoch milliseconds. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Whether the key has requests left in the current period. */
  allows(key: string): boolean {
    const entry = this.used.get(key);
    return !entry || entry.period !== periodStart(this.quota.period, this.clock()) || entry.count < this.quota.limit;
  }

  /** Counts one request of the key. */
  count(key: string): void {
    const period = periodStart(this.quota.period, this.clock());
    const entry = this.used.get(key);
    if (entry?.period === period) entry.count += 1;
    else this.used.set(key, { period, count: 1 });
  }
}
