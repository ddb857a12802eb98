/** Resource names and endpoints of a local stack, free of SDK imports so that they can be read before the environment is set. */
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

/** How to reach the emulators (`$DATA_DIR/endpoints.json` holds them for the CLI). */
export interface Endpoints {
  dynamodb: string;
  s3: string;
  ssm: string;
}

/**
 * The standard AWS environment that points every SDK client (and the AWS CLI) at the emulators.
 * Credentials are placeholders: every emulator takes any.
 */
export function awsEnvironment(endpoints: Endpoints): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SSM: endpoints.ssm,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // The SDK's notice about Node 20 support is not for users of the local stack.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
