/**
 * How long the bodies of a log spilled to S3 are kept (`log_retention_days` sets the DynamoDB TTL
 * and the S3 lifecycle, docs/operating.md). A lifecycle rule is fixed at deploy time, the parameter is
 * not: so each spilled object is tagged with a retention class, the parameter rounded up to one of
 * RETENTION_DAYS, and the bucket has one rule per class expiring `logs/` objects with that tag.
 *
 *   log_retention_days   0      1   2..3   4..7   8..14  ...  731..1825   1826+
 *   retention-days tag   (none) 1   3      7      14     ...  1825       (none: kept)
 *
 * Rounding up keeps a spilled body at least as long as its log item; a body outlives its item by
 * less than the gap to the next class. A change of the parameter applies to logs written from then
 * on, as the TTL of log items does.
 */

/** Where spilled log bodies live in the bucket; the lifecycle rules apply under it only. */
export const LOGS_PREFIX = 'logs/';

/** Where answers kept for an Idempotency-Key live when too large for the key's item (under the same rules). */
export const ANSWERS_PREFIX = `${LOGS_PREFIX}answers/`;

/** The object tag that names a spilled body's retention class. */
export const RETENTION_TAG = 'retention-days';

/** The retention classes, in days: one lifecycle rule each. */
export const RETENTION_DAYS = [1, 3, 7, 14, 30, 60, 90, 180, 365, 730, 1825] as const;

/** The class for `log_retention_days`: the smallest at least that long; null keeps the body. */
export function retentionClass(days: number): number | null {
  if (days <= 0) return null;
  return RETENTION_DAYS.find((d) => d >= days) ?? null;
}

/** The `Tagging` of a spilled body (URL-encoded, as PutObject takes it), or undefined for none. */
export function retentionTagging(days: number): string | undefined {
  const kept = retentionClass(days);
  return kept === null ? undefined : `${RETENTION_TAG}=${kept}`;
}
