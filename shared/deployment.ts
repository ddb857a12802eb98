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
