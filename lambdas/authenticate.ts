import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { authenticate } from '../shared/auth/login';
import { parseRpcBody, renderError, renderRawResult } from '../shared/envelope';
import { bodyOf, headerValue, requestIdOf } from '../shared/lambda/event';
import { answerError } from '../shared/lambda/errors';
import { observability } from '../shared/observability';

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
    return answerError(id, error, requestId);
  }
};

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(observability()).handler(handle);
