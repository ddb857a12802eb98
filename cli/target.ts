import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { OUTPUTS, stackName } from '../shared/deployment';

/** Where the CLI acts: the local stack of `npm start`, or a deployed stage in AWS. */
export interface Target {
  kind: 'local' | 'aws';
  /** The stage name in AWS; `local` for the local stack. */
  stage: string;
  /** Base URL of the API (for `logs replay`). */
  apiUrl: string;
  /** API Gateway usage plan of the stage (AWS only). */
  usagePlanId?: string;
  /** The stage's migration function (AWS only). */
  migrationFunction?: string;
}

export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/**
 * Resolves the target and points this process at it, by the same environment variables the
 * handlers read (`RECORDS_TABLE`, `AWS_ENDPOINT_URL_DYNAMODB`, ...). Must run before any module
 * that creates an AWS client is imported.
 *
 * - local (default): `$DATA_DIR/endpoints.json`, written by `npm start`;
 * - `--stage <name>`: the outputs of the CloudFormation stack `Webhook-<name>`, with the AWS
 *   credentials and region of the environment.
 */
export async function resolveTarget(stage: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  if (stage) return awsTarget(stage, env);
  const file = join(resolve(env.DATA_DIR ?? '.data'), 'endpoints.json');
  if (!existsSync(file)) {
    throw new TargetError(`No local stack found (${file} is missing): start it with \`npm start\`, or pass --stage <name> for AWS.`);
  }
  const e = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  Object.assign(env, {
    AWS_ENDPOINT_URL_DYNAMODB: e.dynamodb,
    AWS_ENDPOINT_URL_S3: e.s3,
    AWS_ENDPOINT_URL_SSM: e.ssm,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: e.region ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    RECORDS_TABLE: e.RECORDS_TABLE,
    AUTH_TABLE: e.AUTH_TABLE,
    LOGS_TABLE: e.LOGS_TABLE,
    FILES_BUCKET: e.FILES_BUCKET,
    PARAMS_PREFIX: e.PARAMS_PREFIX,
    // The catalogue the local stack runs (and its cache period), unless this shell names them.
    ...Object.fromEntries(['CATALOGUE_MODULE', 'CATALOGUE_CACHE_SECONDS'].filter((k) => !env[k] && e[k]).map((k) => [k, e[k]])),
  });
  return { kind: 'local', stage: 'local', apiUrl: e.api! };
}

async function awsTarget(stage: string, env: NodeJS.ProcessEnv): Promise<Target> {
  const client = new CloudFormationClient({});
  let outputs: Record<string, string>;
  try {
    const res = await client.send(new DescribeStacksCommand({ StackName: stackName(stage) }));
    outputs = Object.fromEntries((res.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    throw new TargetError(`Cannot read the stack ${stackName(stage)}: ${(error as Error).message}`);
  } finally {
    client.destroy();
  }
  const need = (key: string): string => {
    const value = outputs[key];
    if (!value) throw new TargetError(`The stack ${stackName(stage)} has no output ${key}; deploy it with \`npx cdk deploy\` first.`);
    return value;
  };
  Object.assign(env, {
    RECORDS_TABLE: need(OUTPUTS.recordsTable),
    AUTH_TABLE: need(OUTPUTS.authTable),
    LOGS_TABLE: need(OUTPUTS.logsTable),
    FILES_BUCKET: need(OUTPUTS.filesBucket),
    PARAMS_PREFIX: need(OUTPUTS.paramsPrefix),
  });
  return { kind: 'aws', stage, apiUrl: need(OUTPUTS.apiUrl), usagePlanId: outputs[OUTPUTS.usagePlanId], migrationFunction: outputs[OUTPUTS.migrationFunction] };
}
