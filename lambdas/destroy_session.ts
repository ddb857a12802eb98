import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { destroySession } from '../shared/auth/logout';
import { parseRpcBody, renderError, renderRawResult } from '../shared/envelope';
import { answerError } from '../shared/lambda/errors';
import { bodyOf, requestIdOf } from '../shared/lambda/event';
import { logger } from '../shared/observability/logger';

/**
 * POST /web/session/destroy: Odoo's logout. Ends the session of the `session_id` cookie and
 * answers `result: null` with a Set-Cookie that clears it. Not behind the authorizer (it needs the
 * cookie itself, not the principal); never logged.
 */
const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  const requestId = requestIdOf(event, context.awsRequestId);
  const parsed = parseRpcBody(bodyOf(event) ?? '{}');
  if (!parsed.ok) return renderError(parsed.id, parsed.error, requestId);
  try {
    const { cookie } = await destroySession(event.headers, event.multiValueHeaders, new Date());
    return renderRawResult(parsed.request.id, null, { 'set-cookie': cookie, 'cache-control': 'no-store' });
  } catch (error) {
    return answerError(parsed.request.id, error, requestId);
  }
};

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(injectLambdaContext(logger)).handler(handle);
