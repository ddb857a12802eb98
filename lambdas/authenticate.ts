import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { headerValue } from '../shared/auth/credentials';
import { authenticate } from '../shared/auth/login';
import { WebhookError, parseRpcBody, renderError, renderRawResult } from '../shared/envelope';
import { answerError } from '../shared/lambda/errors';
import { bodyOf, requestIdOf } from '../shared/lambda/event';
import { logger } from '../shared/observability/logger';

/**
 * POST /web/session/authenticate: login and password in, Odoo-like session info and an HttpOnly
 * `session_id` cookie out (SPEC §3.7). Not behind the authorizer; never logged (it carries a password).
 */
const handle = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
  const requestId = requestIdOf(event, context.awsRequestId);
  const parsed = parseRpcBody(bodyOf(event));
  if (!parsed.ok) return renderError(parsed.id, parsed.error, requestId);
  const { id, params } = parsed.request;
  try {
    // API Gateway serves HTTPS only; the local stack says `http` here, and gets a cookie without Secure.
    const secure = headerValue(event.headers, 'x-forwarded-proto') !== 'http';
    const { result, cookie } = await authenticate(params, { now: new Date(), secure });
    return renderRawResult(id, result, { 'set-cookie': cookie, 'cache-control': 'no-store' });
  } catch (error) {
    const answer = answerError(id, error, requestId);
    const retryAfter = error instanceof WebhookError ? error.details.retry_after : undefined;
    return retryAfter === undefined ? answer : { ...answer, headers: { ...answer.headers, 'retry-after': String(retryAfter) } };
  }
};

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(injectLambdaContext(logger)).handler(handle);
