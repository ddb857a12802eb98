import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Catalogue } from '../catalogue';
import { WebhookError, isPlainObject, parseRpcBody, renderError, renderSuccess, type HttpResponse } from '../envelope';
import { observability } from '../observability';
import { servedNow } from '../migration/served';
import { getParams, type LoggedRoute, type Params } from '../params';
import { LOG_ID, LOG_ID_HEADER, REPLAY_HEADER, recordCall } from '../logs';
import type { Principal } from '../auth/principal';
import { readFlag } from '../operations/common';
import type { OperationContext, Outcome, RouteParams } from '../operations/context';
import { checkRouteKeys } from '../operations/keys';
import { answerError } from './errors';
import { bodyOf, headerValue, principalOf, requestIdOf, sourceIpOf } from './event';

export interface RouteDefinition {
  /** The route's name, as in the path `/api/<name>` and the key's route list. */
  name: LoggedRoute;
  run: (params: RouteParams, ctx: OperationContext) => Promise<Outcome>;
  /** The route takes `vals.dry_run` (the write routes). */
  dryRun?: boolean;
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
    const requestId = requestIdOf(event, context.awsRequestId);
    const principal = principalOf(event);
    // Read with the parameters, in the same round (both are cached per container).
    const served = servedNow({ writes: !route.readOnly });
    served.catch(() => undefined); // awaited by the operation, if the request gets that far
    const params = await getParams();
    const call = await answer(route, event, principal, { params, served }, requestId, deadlineOf(context));
    if (principal) {
      const replayOf = headerValue(event.headers, REPLAY_HEADER);
      const log = await recordCall(
        {
          ...call,
          functionName: route.name,
          startedAt,
          finishedAt: Date.now(),
          principal,
          requestId,
          sourceIp: sourceIpOf(event),
          replayOf: replayOf && LOG_ID.test(replayOf) ? replayOf : null,
          rollbackExcept: params.rollbackExcept,
        },
        params,
      );
      if (log) return { ...call.response, headers: { ...call.response.headers, [LOG_ID_HEADER]: log.log_id } };
    }
    return call.response;
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
}

async function answer(
  route: RouteDefinition,
  event: APIGatewayProxyEvent,
  principal: Principal | null,
  { params, served }: { params: Params; served: Promise<Catalogue> },
  requestId: string,
  deadline: number,
): Promise<Answer> {
  const body = bodyOf(event);
  const parsed = parseRpcBody(body);
  if (!parsed.ok) return { response: renderError(parsed.id, parsed.error, requestId), request: body, error: parsed.error };
  const { id, params: request } = parsed.request;
  let dryRun = false;
  try {
    if (!principal) throw new WebhookError('UNAUTHENTICATED', 'User not authenticated, use the "Authorization" header');
    if (principal.routes && !principal.routes.includes(route.name)) {
      throw new WebhookError('ROUTE_FORBIDDEN', `This key may not use /api/${route.name}`);
    }
    const routeParams = readRouteParams(route.name, request);
    dryRun = route.dryRun === true && readFlag(routeParams.vals.dry_run, 'dry_run');
    const ctx: OperationContext = { principal, params, catalogue: await served, now: new Date(), requestId, deadline, dryRun };
    const outcome = await route.run(routeParams, ctx);
    return { response: renderSuccess(id, outcome), request, resIds: outcome.resIds, dryRun };
  } catch (error) {
    return { response: answerError(id, error, requestId), request, error, dryRun };
  }
}

/** Time the API log and the answer need after the operation, kept out of its deadline. */
const ANSWER_MARGIN_MS = 3000;

/** When the operation must be done by: the function's remaining time, less what answering takes. */
function deadlineOf(context: Context): number {
  return Date.now() + context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS;
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
