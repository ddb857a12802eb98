/**
 * What the deployed stack and the operator CLI agree on: the stack's name per stage and the names
 * of its outputs, from which the CLI learns the tables, bucket, parameter prefix and API.
 */
export const stackName = (stage: string): string => `Webhook-${stage}`;

export const OUTPUTS = {
  apiUrl: 'ApiUrl',
  recordsTable: 'RecordsTableName',
  authTable: 'AuthTableName',
  logsTable: 'LogsTableName',
  filesBucket: 'FilesBucketName',
  paramsPrefix: 'ParamsPrefix',
  usagePlanId: 'UsagePlanId',
  migrationFunction: 'MigrationFunctionName',
} as const;

/** The usage plan of a stage, which the console finds by this name. */
export const usagePlanName = (stage: string): string => `webhook-${stage}`;

/**
 * The route functions' timeout: below API Gateway's 29 s integration timeout, so that a slow
 * request ends as the function's own timeout (in its log) rather than as a gateway timeout only.
 */
export const ROUTE_TIMEOUT_SECONDS = 28;

/** SSM prefix of a stage's operator parameters. */
export const paramsPrefixFor = (stage: string): string => `/webhook/${stage}/`;

/** A throttle as API Gateway applies it: requests a second (steady rate) and burst (bucket size). */
export interface ThrottleLimits {
  rateLimit: number;
  burstLimit: number;
}

/** A usage plan's quota: requests per period, counted per key; the period starts at 00:00 UTC. */
export interface QuotaLimits {
  limit: number;
  period: QuotaPeriod;
}

/** API Gateway's periods; a WEEK starts on Sunday, a MONTH on its first day (offset 0). */
export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

/**
 * The usage plan every API key belongs to, enforced by API Gateway in AWS and by the local API
 * Gateway the same way: a throttle per key (50 requests a second, bursts of 100) and a quota per
 * key of 1,000,000 requests a day, which a key running flat out at the rate limit would use up in
 * about 5.5 hours: room for any steady integration, a stop for a runaway client.
 */
export const USAGE_PLAN = {
  rateLimit: 50,
  burstLimit: 100,
  quota: { limit: 1_000_000, period: 'DAY' },
} as const satisfies ThrottleLimits & { quota: QuotaLimits };

/**
 * Routes without the authorizer (`/web/session/authenticate`) have no API key to meter: a
 * throttle per method bounds them instead, for every caller together (a stage method setting in
 * AWS, one token bucket per route locally).
 */
export const OPEN_ROUTE_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const satisfies ThrottleLimits;

/** What a throttled caller reads (429 THROTTLED), in AWS and locally. */
export const THROTTLED_MESSAGE = 'Too many requests; retry later';

/** What a caller whose key has used up its quota reads (429 THROTTLED), in AWS and locally. */
export function quotaExceededMessage(quota: QuotaLimits): string {
  const per = { DAY: 'day', WEEK: 'week', MONTH: 'month' }[quota.period];
  return `The key's quota of ${quota.limit} requests a ${per} is used up; it renews when the next ${per} starts (00:00 UTC)`;
}
