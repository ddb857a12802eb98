import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { catalogue } from '../catalogue';
import { WebhookError, isPlainObject, parseRpcBody, renderError, renderInternal, renderSuccess, type HttpResponse } from '../envelope';
import { logger } from '../observability/logger';
import { getParams, type LoggedRoute } from '../params';
import type { OperationContext, Outcome, RouteParams } from '../operations/context';
import { bodyOf, principalOf, requestIdOf } from './event';

export interface RouteDefinition {
  /** The route's name, as in the path `/api/<name>` and the key's route list. */
  name: LoggedRoute;
  run: (params: RouteParams, ctx: OperationContext) => Promise<Outcome>;
}

/**
 * A webhook route as a Lambda handler: JSON-RPC in, the principal from the authorizer, the
 * operation, JSON-RPC out. A `WebhookError` becomes its documented answer; anything else is logged
 * with its stack and answered `Internal error` with the request id.
 */
export function routeHandler(route: RouteDefinition) {
  const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = requestIdOf(event, context.awsRequestId);
    const parsed = parseRpcBody(bodyOf(event));
    if (!parsed.ok) return renderError(parsed.id, parsed.error, requestId);
    const { id, params } = parsed.request;
    try {
      const principal = principalOf(event);
      if (!principal) throw new WebhookError('UNAUTHENTICATED', 'User not authenticated, use the "Authorization" header');
      if (principal.routes && !principal.routes.includes(route.name)) {
        throw new WebhookError('ROUTE_FORBIDDEN', `This key may not use /api/${route.name}`);
      }
      const ctx: OperationContext = { principal, params: await getParams(), catalogue, now: new Date(), requestId };
      const outcome = await route.run(readRouteParams(params), ctx);
      return renderSuccess(id, outcome);
    } catch (error) {
      return answerError(id, error, requestId);
    }
  };
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(injectLambdaContext(logger)).handler(handle);
}

/** `params.model` (a string) and `params.vals` (an object) are what every webhook route needs. */
function readRouteParams(params: Record<string, unknown>): RouteParams {
  if (typeof params.model !== 'string' || params.model === '') {
    throw new WebhookError('INVALID_REQUEST', "Missing 'model' in 'params'");
  }
  if (params.vals === undefined) throw new WebhookError('INVALID_REQUEST', "Missing 'vals' in 'params'");
  if (!isPlainObject(params.vals)) throw new WebhookError('INVALID_REQUEST', "'vals' must be an object");
  return { model: params.model, vals: params.vals };
}

export function answerError(id: string | number | null, error: unknown, requestId: string): HttpResponse {
  if (error instanceof WebhookError) return renderError(id, error, requestId);
  logger.error('Unhandled error', { requestId, error: error as Error });
  return renderInternal(id, requestId);
}
