/** Resource names of a local stack, free of SDK imports so that they can be read before the environment is set. */
/** Names of one stack's resources; the environment variables the handlers read. */
export interface Resources {
  recordsTable: string;
  authTable: string;
  logsTable: string;
  filesBucket: string;
  paramsPrefix: string;
}

export const DEFAULT_RESOURCES: Resources = {
  recordsTable: 'webhook-records',
  authTable: 'webhook-auth',
  logsTable: 'webhook-logs',
  filesBucket: 'webhook-files',
  paramsPrefix: '/webhook/',
};

export function resourceEnvironment(r: Resources): Record<string, string> {
  return {
    RECORDS_TABLE: r.recordsTable,
    AUTH_TABLE: r.authTable,
    LOGS_TABLE: r.logsTable,
    FILES_BUCKET: r.filesBucket,
    PARAMS_PREFIX: r.paramsPrefix,
  };
}
