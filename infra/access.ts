import { Effect, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { RouteEntry } from '../lambdas/routes';
import { ANSWERS_PREFIX, LOGS_PREFIX } from '../shared/logs/retention';
import { TABLES, type TableName } from '../shared/tables';
import { ATTACHMENTS_PREFIX, type Data } from './data';

/**
 * What one function may do, derived from its route entry (lambdas/routes.ts) alone, so that a
 * route added there gets the right grants without a change here:
 *
 * - records and auth tables: `read` or `write`, as the entry says;
 * - webhook routes (`/api/...`) write API logs: the logs table (write only) and spilled bodies
 *   under `logs/` in the bucket, tagged with their retention class; those that write records also
 *   read back the answers they keep there for an Idempotency-Key (`logs/answers/`);
 * - attachments under `attachments/`: routes that write records also write and delete attachment
 *   bytes, routes that read records read them (search_data returns `datas`);
 * - SSM: the stage's parameter prefix, read by path only;
 * - routes that describe the API (fields_get, the OpenAPI document) reach none of these.
 *
 * X-Ray's two write actions come with active tracing (infra/functions.ts); they take no resource.
 */
export interface Access {
  records: 'none' | 'read' | 'write';
  auth: 'none' | 'read' | 'write';
  logs: boolean;
  attachments: 'none' | 'read' | 'write';
  params: boolean;
}

/** The routes over the records (`/api/...`), which log their calls. */
export const isWebhookRoute = (route: RouteEntry): boolean => route.path.startsWith('/api/') && route.records !== 'none';

/** The routes that describe the API answer from the code alone: no table, no parameter. */
export const describesApi = (route: RouteEntry): boolean => route.records === 'none' && route.auth === 'none';

export function routeAccess(route: RouteEntry): Access {
  const webhook = isWebhookRoute(route);
  return {
    records: route.records,
    auth: route.auth,
    logs: webhook,
    attachments: webhook ? route.records : 'none',
    params: !describesApi(route),
  };
}

/** The authorizer reads keys and sessions, and nothing else. */
export const AUTHORIZER_ACCESS: Access = { records: 'none', auth: 'read', logs: false, attachments: 'none', params: false };

/** No Scan anywhere: product code never scans a table (a model's records are one Query). */
const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];
const TABLE_READ_WRITE = [...TABLE_READ, ...TABLE_WRITE, 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
/** The functions read the stage's parameters with one GetParametersByPath per cache period, nothing else. */
const PARAMS_READ = ['ssm:GetParametersByPath'];

export function grantAccess(grantee: IGrantable, access: Access, data: Data, paramArns: readonly string[]): void {
  const add = (actions: string[], resources: string[]) =>
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
  const table = (name: TableName, level: 'read' | 'write' | 'append') => {
    const t = data.tables[name];
    add(level === 'read' ? TABLE_READ : level === 'append' ? TABLE_WRITE : TABLE_READ_WRITE, tableResources(t, name, level));
  };
  if (access.records !== 'none') table('records', access.records);
  if (access.auth !== 'none') table('auth', access.auth);
  if (access.logs) {
    table('logs', 'append');
    // PutObject with a `Tagging` (the retention class) needs s3:PutObjectTagging as well.
    add(['s3:PutObject', 's3:PutObjectTagging'], [data.bucket.arnForObjects(`${LOGS_PREFIX}*`)]);
    if (access.records === 'write') add(['s3:GetObject'], [data.bucket.arnForObjects(`${ANSWERS_PREFIX}*`)]);
  }
  if (access.attachments !== 'none') {
    const actions = access.attachments === 'read' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
    add(actions, [data.bucket.arnForObjects(`${ATTACHMENTS_PREFIX}*`)]);
  }
  if (access.params) add(PARAMS_READ, [...paramArns]);
}

/** The table, and its secondary indexes when it has some and the grant reads. */
function tableResources(table: Table, name: TableName, level: 'read' | 'write' | 'append'): string[] {
  const reads = level !== 'append';
  return reads && TABLES[name].indexes.length > 0 ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn];
}
