import { destroySession } from '../shared/auth/logout';
import { renderRawResult } from '../shared/envelope';
import { rpcHandler } from '../shared/lambda/rpc';

/**
 * POST /web/session/destroy: Odoo's logout. Ends the session of the `session_id` cookie and
 * answers `result: null` with a Set-Cookie that clears it. Not behind the authorizer (it needs the
 * cookie itself, not the principal); never logged.
 */
export const handler = rpcHandler(async ({ id }, event) => {
  const { cookie } = await destroySession(event.headers, event.multiValueHeaders, new Date());
  return renderRawResult(id, null, { 'set-cookie': cookie, 'cache-control': 'no-store' });
});
