import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { awsEnvironment } from '../local/names';
import { LOCAL_USAGE_PLAN, gatewayUsagePlan, type UsagePlan } from '../shared/auth/usage-plan';
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
  const resources = ['RECORDS_TABLE', 'AUTH_TABLE', 'LOGS_TABLE', 'FILES_BUCKET', 'PARAMS_PREFIX'].filter((name) => e[name] !== undefined);
  Object.assign(env, awsEnvironment({ dynamodb: e.dynamodb!, s3: e.s3!, ssm: e.ssm! }), {
    AWS_REGION: e.region ?? 'us-east-1',
    ...Object.fromEntries(resources.map((name) => [name, e[name]])),
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

/** Whether an error says that nothing answers at an address: the local stack is not running. */
export function isConnectionRefused(error: unknown, seen = new Set<unknown>()): boolean {
  if (!error || typeof error !== 'object' || seen.has(error)) return false;
  seen.add(error);
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (e.code === 'ECONNREFUSED') return true;
  return isConnectionRefused(e.cause, seen) || (Array.isArray(e.errors) && e.errors.some((inner) => isConnectionRefused(inner, seen)));
}

export const STACK_NOT_RUNNING = 'The local stack is not running: start it with `npm start` (or pass --stage <name> for AWS).';

/** The usage plan keys and users join: API Gateway's in a deployed stage, none locally. */
export function usagePlanOf(target: Target): UsagePlan {
  if (target.kind === 'local') return LOCAL_USAGE_PLAN;
  if (!target.usagePlanId) throw new TargetError(`The stack of stage '${target.stage}' has no UsagePlanId output; deploy it again with \`npx cdk deploy\`.`);
  return gatewayUsagePlan(target.usagePlanId);
}
