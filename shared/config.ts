/**
 * Deployment settings, read from the environment once (the CDK stack and the local stack set the
 * same variables). AWS endpoints are not here: every SDK client reads the standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables itself.
 */
export interface Config {
  /** Records, index entries, guards and counters. */
  recordsTable: string;
  /** API keys, users and sessions. */
  authTable: string;
  /** API call logs. */
  logsTable: string;
  /** Attachment bytes and spilled log bodies. */
  filesBucket: string;
  /** SSM prefix of the operator parameters, ending with `/`. @default '/webhook/' */
  paramsPrefix: string;
  /** Seconds a container keeps the parameters before reading them again. @default 30 */
  paramsCacheSeconds: number;
  /** The database name `/web/session/authenticate` expects. @default 'webhook' */
  dbName: string;
  /**
   * Seconds the authorizer keeps a key or session it has read, so that most requests cost no
   * DynamoDB read; a revoked key keeps working in a warm container for at most this long.
   * @default 60 (the local stack sets 0: a revocation applies at once)
   */
  authCacheSeconds: number;
  /** Lifetime of a session made by `/web/session/authenticate`. @default 604800 (7 days, as Odoo) */
  sessionTtlSeconds: number;
  /**
   * Longest one attempt of a DynamoDB call waits for its answer before it is given up and sent
   * again. DynamoDB answers in milliseconds; DynamoDB Local, a JVM sharing a developer's machine,
   * can take seconds when the machine is busy (the local stack sets 10 s).
   * @default 3000
   */
  dynamodbAttemptMs: number;
  /**
   * Seconds a container keeps the recorded catalogue (which indexes and unique guards are built)
   * before reading it again. @default 30 (the local stack sets 1)
   */
  catalogueCacheSeconds: number;
  /**
   * Seconds `migrate` waits for requests begun before a change to end: before it walks records
   * stored under an older catalogue (a request of the older deployment could still change one), and
   * once it starts keeping a new unique field's guards, before it builds them (every function must
   * have read the new state, the cache above). @default catalogueCacheSeconds + 30 (the longest request)
   */
  migrationSettleSeconds: number;
}

let cached: Config | undefined;

/** The longest a request runs: the functions' timeout (28 s), rounded up. */
const REQUEST_SECONDS = 30;

export function getConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (cached && env === process.env) return cached;
  const prefix = env.PARAMS_PREFIX ?? '/webhook/';
  const config: Config = {
    recordsTable: env.RECORDS_TABLE ?? 'webhook-records',
    authTable: env.AUTH_TABLE ?? 'webhook-auth',
    logsTable: env.LOGS_TABLE ?? 'webhook-logs',
    filesBucket: env.FILES_BUCKET ?? 'webhook-files',
    paramsPrefix: prefix.endsWith('/') ? prefix : `${prefix}/`,
    paramsCacheSeconds: positiveNumber(env.PARAMS_CACHE_SECONDS, 30),
    dbName: env.DB_NAME ?? 'webhook',
    authCacheSeconds: positiveNumber(env.AUTH_CACHE_SECONDS, 60),
    sessionTtlSeconds: positiveNumber(env.SESSION_TTL_SECONDS, 7 * 24 * 3600) || 7 * 24 * 3600,
    dynamodbAttemptMs: dynamodbAttemptMs(env),
    catalogueCacheSeconds: positiveNumber(env.CATALOGUE_CACHE_SECONDS, 30),
    migrationSettleSeconds: 0,
  };
  config.migrationSettleSeconds = positiveNumber(env.MIGRATION_SETTLE_SECONDS, config.catalogueCacheSeconds + REQUEST_SECONDS);
  if (env === process.env) cached = config;
  return config;
}

/**
 * `dynamodbAttemptMs` alone, read without caching the configuration: the DynamoDB client is made
 * when its module loads, which may be before a test or a start-up script has set the tables' names.
 */
export const dynamodbAttemptMs = (env: NodeJS.ProcessEnv = process.env): number => positiveNumber(env.DYNAMODB_ATTEMPT_TIMEOUT_MS, 3000) || 3000;

function positiveNumber(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * The environment that `getConfig` reads back as `config`: what the CDK stack gives every
 * function, so that the variable names are written once, here.
 */
export function configEnvironment(config: Config): Record<string, string> {
  return {
    RECORDS_TABLE: config.recordsTable,
    AUTH_TABLE: config.authTable,
    LOGS_TABLE: config.logsTable,
    FILES_BUCKET: config.filesBucket,
    PARAMS_PREFIX: config.paramsPrefix,
    PARAMS_CACHE_SECONDS: String(config.paramsCacheSeconds),
    DB_NAME: config.dbName,
    AUTH_CACHE_SECONDS: String(config.authCacheSeconds),
    SESSION_TTL_SECONDS: String(config.sessionTtlSeconds),
    DYNAMODB_ATTEMPT_TIMEOUT_MS: String(config.dynamodbAttemptMs),
    CATALOGUE_CACHE_SECONDS: String(config.catalogueCacheSeconds),
    MIGRATION_SETTLE_SECONDS: String(config.migrationSettleSeconds),
  };
}
