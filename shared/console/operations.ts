import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createApiKey, revokeApiKey } from '../auth/key-admin';
import { listKeys } from '../auth/keys';
import { openSession } from '../auth/login';
import { checkCompaniesExist, principalFields } from '../auth/principal-fields';
import { SESSION_COOKIE, endSession, newSessionId } from '../auth/sessions';
import { LOCAL_USAGE_PLAN, findUsagePlanId, gatewayUsagePlan, type UsagePlan } from '../auth/usage-plan';
import { findUser } from '../auth/users';
import { WebhookError } from '../envelope';
import { getLog, listLogs, readWholeCall, type ApiLog } from '../logs';
import { checkedLogId, logFilterOf } from '../logs/filter';
import { dryRunnable, replayLog, successfulWrite } from '../logs/replay';
import { traced } from '../observability/tracer';
import { paramNamed, paramRows, setParam } from '../params/admin';
import { ownOrigin } from './http';
import type { ConsoleSession } from './session';

/**
 * What the console's pages ask for, on the same code as the operator CLI: log listings and one
 * log's whole call, replays, parameters, keys.
 */
const ssm = traced(new SSMClient({}));

/** Logs a page asks for at most; the page shows 50. */
const MAX_PAGE = 200;

/** A page of logs newest first (previews left out) and the id to ask the next page `before`. */
export async function logsPage(query: Record<string, string | undefined>, now: Date): Promise<{ logs: Omit<ApiLog, 'data_preview' | 'result_preview'>[]; next: string | null }> {
  const filter = logFilterOf(query, now);
  const limit = Math.min(MAX_PAGE, Math.max(1, Number.parseInt(query.limit ?? '50', 10) || 50));
  const logs: ApiLog[] = [];
  // One more than the page is read, to tell whether there is a next page.
  for await (const log of listLogs(filter, { limit: limit + 1 })) logs.push(log);
  const page = logs.slice(0, limit).map(({ data_preview: _d, result_preview: _r, ...rest }) => rest);
  return { logs: page, next: logs.length > limit ? page[page.length - 1]!.log_id : null };
}

/**
 * One log, its whole request and response, whether a replay of it can be tried as a dry run first,
 * and why its real replay needs a confirmation (a successful write), or null.
 */
export async function oneLog(rawId: string) {
  const log = await getLog(checkedLogId(rawId));
  if (!log) throw new WebhookError('NOT_FOUND', `No log ${rawId}`);
  const whole = await readWholeCall(log);
  const { data_preview: _d, result_preview: _r, ...fields } = log;
  return {
    log: fields,
    data: whole.data,
    result: whole.result,
    complete: whole.complete,
    dry_run: whole.complete && dryRunnable(log, whole),
    successful_write: successfulWrite(log),
  };
}

export interface OperatorReplay {
  console: ConsoleSession;
  event: APIGatewayProxyEvent;
  now: Date;
  /** Sent with `vals.dry_run: true`: nothing is written. */
  dryRun: boolean;
  /** Sent even when the log is a successful write: the operator confirmed it. */
  force: boolean;
}

/**
 * Replays a log as the operator: a session of its own user for this one request (the new log
 * names the operator as its principal), sent to the API this console is served with.
 */
export async function replayAsOperator(rawId: string, { console, event, now, dryRun, force }: OperatorReplay) {
  const id = checkedLogId(rawId);
  const user = await findUser(console.session.login);
  if (!user || user.disabled) throw new WebhookError('UNAUTHENTICATED', 'Log in to the console');
  const sessionId = newSessionId();
  await openSession(sessionId, user, { now, maxAgeSeconds: 120 });
  try {
    const outcome = await replayLog(id, { apiUrl: apiBaseUrl(event), headers: { cookie: `${SESSION_COOKIE}=${sessionId}` } }, { dryRun, force });
    return { ok: outcome.ok, dry_run: dryRun, text: outcome.text, new_log_id: outcome.newLogId ?? null, answer: outcome.answer ?? null };
  } finally {
    await endSession(sessionId, user.login);
  }
}

/** The API's base URL: this request's origin and the path before `/console` (the stage, in AWS). */
function apiBaseUrl(event: APIGatewayProxyEvent): string {
  const full = event.requestContext.path ?? event.path;
  const base = full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
  return `${ownOrigin(event)}${base}`;
}

export const paramsList = async () => ({ params: await paramRows(ssm) });

export async function paramChange(rawName: string, value: string | undefined) {
  if (value === undefined) throw new WebhookError('INVALID_VALUE', "'value' is required");
  const { fullName, value: stored } = await setParam(ssm, paramNamed(rawName), value);
  return { name: paramNamed(rawName), value: stored, full_name: fullName };
}

export async function keysList() {
  const keys = await listKeys();
  return {
    keys: keys.map((k) => ({
      id: k.keyId,
      name: k.principal.name,
      company_id: k.principal.companyId,
      allowed_company_ids: k.principal.allowedCompanyIds,
      routes: k.principal.routes ?? null,
      models: k.principal.models ?? null,
      created_at: k.createdAt,
      revoked_at: k.revokedAt ?? null,
    })),
  };
}

export interface KeyForm {
  name?: string;
  company_id?: string;
  allowed_company_ids?: string;
  routes?: string;
  models?: string;
}

export async function keyCreate(form: KeyForm) {
  const name = form.name?.trim();
  if (!name) throw new WebhookError('INVALID_VALUE', 'name is required');
  const blankIsAll = (v: string | undefined) => (v?.trim() ? v : undefined);
  const fields = principalFields({
    companyId: form.company_id,
    allowedCompanyIds: form.allowed_company_ids,
    routes: blankIsAll(form.routes),
    models: blankIsAll(form.models),
  });
  await checkCompaniesExist(fields);
  const plan = await usagePlan();
  try {
    const made = await createApiKey(name, fields, { plan, stage: stage() });
    return { id: made.keyId, key: made.key, principal: made.principal };
  } finally {
    plan.close();
  }
}

export async function keyRevoke(keyId: string) {
  const plan = await usagePlan();
  try {
    const outcome = await revokeApiKey(keyId, plan);
    if (outcome.status === 'unknown') throw new WebhookError('NOT_FOUND', `No key with id '${keyId}'`);
    return { id: keyId, status: outcome.status, revoked_at: outcome.key.revokedAt ?? null };
  } finally {
    plan.close();
  }
}

/** The stage names API Gateway keys; the local stack is `local`, as for the CLI. */
const stage = (): string => process.env.STAGE ?? 'local';

let usagePlanId: Promise<string> | undefined;

/** In AWS (`USAGE_PLAN_NAME` set by the stack) the stage's usage plan, found once by name; locally none. */
async function usagePlan(): Promise<UsagePlan> {
  const name = process.env.USAGE_PLAN_NAME;
  if (!name) return LOCAL_USAGE_PLAN;
  // A failed lookup is not kept: the next request looks again.
  usagePlanId ??= findUsagePlanId(name).then((id) => {
    if (!id) throw new Error(`No usage plan named ${name}`);
    return id;
  });
  const id = await usagePlanId.catch((error: unknown) => {
    usagePlanId = undefined;
    throw error;
  });
  return gatewayUsagePlan(id);
}
