import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Catalogue } from '../catalogue';
import { WebhookError, isPlainObject, parseRpcBody, renderError, renderSuccess, type HttpResponse } from '../envelope';
import { observability } from '../observability';
import { logger } from '../observability/logger';
import { servedNow } from '../migration/served';
import { getParams, type LoggedRoute, type Params } from '../params';
import { LOG_ID, LOG_ID_HEADER, MAX_MODEL_CHARS, REPLAY_HEADER, newLogId, recordCall } from '../logs';
import { finishWrite, type WriteFacts } from '../store';
import { withDeadline } from '../aws/deadline';
import { WriteLedger } from '../operations/ledger';
import { budgetFor, type Budget } from './budget';
import { IdempotencyGuard, replayed } from '../idempotency/guard';
import { paramsDigest, readIdempotencyKey } from '../idempotency/key';
import type { Principal } from '../auth/principal';
import { accessFor } from '../auth/access';
import { readFlag } from '../operations/common';
import type { OperationContext, Outcome, RouteParams } from '../operations/context';
import { checkRouteKeys } from '../operations/keys';
import { answerError } from './errors';
import { bodyOf, headerValue, principalOf, requestIdOf, sourceIpOf } from './event';

export interface RouteDefinition {
  /** The route's name, as in the path `/api/<name>` and the key's route list. */
  name: LoggedRoute;
  run: (params: RouteParams, ctx: OperationContext) => Promise<Outcome>;
  /** The route writes records: it takes `vals.dry_run` and an `Idempotency-Key`. */
  writesRecords?: boolean;
  /** The route never writes records: it reads the recorded catalogue without acting on it. */
  readOnly?: boolean;
}

/**
 * A webhook route as a Lambda handler: JSON-RPC in, the principal from the authorizer, the
 * operation, JSON-RPC out, then the API log. A `WebhookError` becomes its documented answer;
 * anything else is logged with its stack and answered `Internal error` with the request id.
 *
 * The API log is written after the answer is made and awaited before the handler returns (a
 * Lambda is frozen once it returns); it never changes the answer, except that a written log names
 * itself in the `X-Webhook-Log-Id` header. Calls without a principal (401)
 * are not logged: in AWS the authorizer refuses them before any handler runs.
 */
export function routeHandler(route: RouteDefinition) {
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const startedAt = Date.now();
    const budget = budgetFor(startedAt, context.getRemainingTimeInMillis());
    const requestId = requestIdOf(event, context.awsRequestId);
    const principal = principalOf(event);
    // Read with the parameters, in the same round (both are cached per container).
    const served = servedNow({ writes: !route.readOnly });
    served.catch(() => undefined); // awaited by the operation, if the request gets that far
    const params = await getParams();
    const logId = newLogId(startedAt);
    const request: RequestFacts = { route: route.name, event, principal, params, served, requestId, logId, budget };
    const { call, writes } = await withDeadline(budget.undoUntil, () => answer(route, request));
    const log = await withDeadline(budget.logUntil, async () => {
      const replayOf = headerValue(event.headers, REPLAY_HEADER);
      // The journals of the writes go in the round of the API log: no round of their own.
      const [log] = await Promise.all([
        principal
          ? recordCall(
              {
                ...call,
                logId,
                functionName: route.name,
                startedAt,
                finishedAt: Date.now(),
                principal,
                requestId,
                sourceIp: sourceIpOf(event),
                replayOf: replayOf && LOG_ID.test(replayOf) ? replayOf : null,
                rollbackExcept: params.rollbackExcept,
                stayed: writes?.stayed ?? false,
              },
              params,
            )
          : null,
        ...(writes?.finished ?? []).map((ref) => finishWrite(ref).catch((error: unknown) => logger.warn('Journal left for the recovery', { requestId, error: error as Error }))),
        writes?.idempotency?.keep(call.response).catch((error: unknown) => logger.warn('Answer not kept for its Idempotency-Key', { requestId, error: error as Error })),
      ]);
      return log;
    });
    // A written log names itself, so that a caller (or `npm start`'s request lines) can find it.
    return log ? { ...call.response, headers: { ...call.response.headers, [LOG_ID_HEADER]: log.log_id } } : call.response;
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(observability()).handler(handle);
}

/** What a call answered, with what the API log needs of it. */
interface Answer {
  response: HttpResponse;
  /** `params` of the request, or its raw body when that is not a JSON-RPC request. */
  request: Record<string, unknown> | string | null;
  resIds?: readonly number[];
  error?: unknown;
  /** The call was a dry run (`vals.dry_run: true`), whatever its outcome. */
  dryRun?: boolean;
  /** The request's Idempotency-Key, if it sent one. */
  idempotencyKey?: string | null;
  /** The answer is the one kept for the key, given again: the log of the call that made it. */
  originalLogId?: string;
}

interface RequestFacts {
  route: LoggedRoute;
  event: APIGatewayProxyEvent;
  principal: Principal | null;
  params: Params;
  /** The catalogue as the records are written under it (read beside the parameters). */
  served: Promise<Catalogue>;
  requestId: string;
  logId: string;
  budget: Budget;
}

async function answer(route: RouteDefinition, r: RequestFacts): Promise<{ call: Answer; writes: WriteLedger | null }> {
  const body = bodyOf(r.event);
  const parsed = parseRpcBody(body);
  if (!parsed.ok) return { call: { response: renderError(parsed.id, parsed.error, r.requestId), request: body, error: parsed.error }, writes: null };
  const { id, params: request } = parsed.request;
  let writes: WriteLedger | null = null;
  let dryRun = false;
  let idempotencyKey: string | null = null;
  try {
    const principal = r.principal;
    if (!principal) throw new WebhookError('UNAUTHENTICATED', 'User not authenticated, use the "Authorization" header');
    if (principal.routes && !principal.routes.includes(route.name)) {
      throw new WebhookError('ROUTE_FORBIDDEN', `This key may not use /api/${route.name}`);
    }
    const routeParams = readRouteParams(route.name, request);
    dryRun = route.writesRecords === true && readFlag(routeParams.vals.dry_run, 'dry_run');
    // A dry run writes nothing: it neither reads nor takes a key, so it may be sent with the real call's.
    idempotencyKey = route.writesRecords === true ? readIdempotencyKey(r.event) : null;
    const guard = idempotencyKey !== null && !dryRun ? idempotencyGuard(r, principal, idempotencyKey, request) : null;
    writes = new WriteLedger(r.logId, writeFacts(r, principal, request), guard);
    const ctx: OperationContext = { access: accessFor(principal, r.params.ignoreCheckCompanyModels), params: r.params, catalogue: await r.served, now: new Date(r.budget.startedAt), requestId: r.requestId, budget: r.budget, writes, dryRun };
    const ran = await route.run(routeParams, ctx).then(
      (outcome) => ({ outcome }),
      (failure: unknown) => ({ failure }),
    );
    const kept = guard ? await guard.settle('failure' in ran ? ran.failure : undefined) : null;
    if (kept) return { call: { response: replayed(kept, id), request, idempotencyKey, originalLogId: kept.logId }, writes };
    if ('failure' in ran) throw ran.failure;
    return { call: { response: renderSuccess(id, ran.outcome), request, resIds: ran.outcome.resIds, dryRun, idempotencyKey }, writes };
  } catch (error) {
    return { call: { response: answerError(id, error, r.requestId), request, error, dryRun, idempotencyKey }, writes };
  }
}

/** The request's key, scoped to its caller and route, read at once (beside its first reads). */
function idempotencyGuard(r: RequestFacts, principal: Principal, key: string, request: Record<string, unknown>): IdempotencyGuard {
  return new IdempotencyGuard({ route: r.route, principalId: principal.id, key }, paramsDigest(request), {
    logId: r.logId,
    end: r.budget.end,
    workUntil: r.budget.workUntil,
    keptHours: r.params.idempotencyHours,
    expiresAt: Math.floor(r.budget.startedAt / 1000) + r.params.idempotencyHours * 3600,
  });
}

/** What the recovery needs to write or complete the API log of a request whose function died mid-write. */
function writeFacts(r: RequestFacts, principal: Principal, request: Record<string, unknown>): WriteFacts {
  return {
    logId: r.logId,
    logged: r.params.log[r.route],
    requestId: r.requestId,
    functionName: r.route,
    model: typeof request.model === 'string' ? request.model.slice(0, MAX_MODEL_CHARS) : null,
    principal: principal.name,
    principalId: principal.id,
    companyId: principal.companyId,
    startedAt: r.budget.startedAt,
    sourceIp: sourceIpOf(r.event),
  };
}

/** `params.model` (a string) and `params.vals` (an object) are what every webhook route needs, and all it takes. */
function readRouteParams(name: LoggedRoute, params: Record<string, unknown>): RouteParams {
  if (typeof params.model !== 'string' || params.model === '') {
    throw new WebhookError('INVALID_REQUEST', "Missing 'model' in 'params'");
  }
  if (params.vals === undefined) throw new WebhookError('INVALID_REQUEST', "Missing 'vals' in 'params'");
  if (!isPlainObject(params.vals)) throw new WebhookError('INVALID_REQUEST', "'vals' must be an object");
  checkRouteKeys(name, params, params.vals);
  return { model: params.model, vals: params.vals };
}
