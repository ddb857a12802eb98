import { WebhookError } from '../envelope';
import type { RequestHeaders } from '../lambda/event';
import { cookieHeaders, readCookie, type MultiHeaders } from './credentials';
import { NOT_AUTHENTICATED, SESSION_EXPIRED } from './messages';
import { SESSION_COOKIE, endSession, findSession } from './sessions';

/**
 * `/web/session/destroy` (Odoo's logout, a JSON route for logged-in users): ends the session of the
 * `session_id` cookie, so that the cookie no longer works, and answers the Set-Cookie that clears
 * it. Without a live session it fails as the API's routes do, `Session expired` (or not
 * authenticated without a cookie).
 */
export async function destroySession(headers: RequestHeaders, multiHeaders: MultiHeaders, now: Date): Promise<{ cookie: string }> {
  const sessionId = readCookie(cookieHeaders(headers, multiHeaders), SESSION_COOKIE);
  if (!sessionId) throw new WebhookError('UNAUTHENTICATED', NOT_AUTHENTICATED);
  const session = await findSession(sessionId);
  if (!session || session.kind === 'console' || session.expiresAt * 1000 <= now.getTime()) throw new WebhookError('UNAUTHENTICATED', SESSION_EXPIRED);
  await endSession(sessionId, session.login);
  return { cookie: `${SESSION_COOKIE}=; HttpOnly; Path=/; SameSite=Lax; Max-Age=0` };
}
