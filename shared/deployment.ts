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
} as const;

/** SSM prefix of a stage's operator parameters. */
export const paramsPrefixFor = (stage: string): string => `/webhook/${stage}/`;

/**
 * Default throttle of the usage plan every API key belongs to (requests a second, and burst),
 * enforced by API Gateway in AWS and by the local API Gateway the same way.
 */
export const USAGE_PLAN = { rateLimit: 50, burstLimit: 100 } as const;
