import { USAGE_PLAN } from '../shared/deployment';

/** A usage plan's throttle: requests a second (steady rate) and burst (bucket size), as API Gateway's. */
export interface ThrottleLimits {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The throttle of the local API Gateway: the usage plan's limits, or `THROTTLE_RATE_LIMIT` and
 * `THROTTLE_BURST_LIMIT` from the environment (for trying clients against tight limits).
 */
export function throttleLimits(env: NodeJS.ProcessEnv = process.env): ThrottleLimits {
  const read = (raw: string | undefined, fallback: number) => {
    const n = Number(raw);
    return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return { rateLimit: read(env.THROTTLE_RATE_LIMIT, USAGE_PLAN.rateLimit), burstLimit: read(env.THROTTLE_BURST_LIMIT, USAGE_PLAN.burstLimit) };
}

/**
 * One token bucket per usage key, as API Gateway meters a usage plan: a bucket holds up to
 * `burstLimit` requests and refills at `rateLimit` a second; a request finding it empty is
 * throttled (429).
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
