import { authenticate } from '../shared/auth/login';
import { renderRawResult } from '../shared/envelope';
import { headerValue } from '../shared/lambda/event';
import { rpcHandler } from '../shared/lambda/rpc';

/**
 * POST /web/session/authenticate: login and password in, Odoo-like session info and an HttpOnly
 * `session_id` cookie out. Not behind the authorizer; never logged (it carries a password).
 */
export const handler = rpcHandler(async ({ id, params }, event) => {
  // API Gateway serves HTTPS only; the local stack says `http` here, and gets a cookie without Secure.
  const secure = headerValue(event.headers, 'x-forwarded-proto') !== 'http';
  const { result, cookie } = await authenticate(params, { now: new Date(), secure });
  return renderRawResult(id, result, { 'set-cookie': cookie, 'cache-control': 'no-store' });
});
