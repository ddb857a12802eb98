import { createHmac, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { checkCredentials, openSession } from '../auth/login';
import { clearFailures } from '../auth/login-failures';
import { cookieHeaders, readCookie } from '../auth/credentials';
import { endSession, findSession, newSessionId, type SessionRecord } from '../auth/sessions';
import { getConfig } from '../config';
import { WebhookError } from '../envelope';
import { headerValue } from '../lambda/event';
import { isSecure, ownOrigin } from './http';

/**
 * The console's sessions: users created with `--operator` log in with the password of
 * `/web/session/authenticate` (same lockout of repeated failures) and get a session of kind
 * `console` in a cookie of its own:
 *
 *   webhook_console=<256 random bits>; HttpOnly; Path=/; SameSite=Strict; Max-Age=28800[; Secure]
 *
 * HttpOnly keeps it from scripts; SameSite=Strict keeps browsers from sending it with any request
 * another site starts. Every call that changes something must also carry the session's CSRF token
 * in `X-CSRF-Token` (an HMAC of the session id, which the page reads from the API and keeps in
 * memory; another site can neither read nor compute it) and an `Origin` that is the console's own.
 */
export const CONSOLE_COOKIE = 'webhook_console';
export const CSRF_HEADER = 'x-csrf-token';
/** A console session lasts a working day. */
export const CONSOLE_SESSION_SECONDS = 8 * 3600;

export interface ConsoleSession {
  sessionId: string;
  session: SessionRecord;
  /** What the page sends back in X-CSRF-Token. */
  csrf: string;
}

/** The session's CSRF token: derived from its id, so that nothing more is stored. */
export const csrfTokenOf = (sessionId: string): string => createHmac('sha256', sessionId).update('webhook console csrf').digest('base64url');

const NOT_LOGGED_IN = () => new WebhookError('UNAUTHENTICATED', 'Log in to the console');

/** The console session of the request's cookie; UNAUTHENTICATED when there is none that is live. */
export async function consoleSessionOf(event: APIGatewayProxyEvent, now: Date): Promise<ConsoleSession> {
  const sessionId = readCookie(cookieHeaders(event.headers, event.multiValueHeaders), CONSOLE_COOKIE);
  if (!sessionId) throw NOT_LOGGED_IN();
  const session = await findSession(sessionId);
  if (!session || session.kind !== 'console' || session.expiresAt * 1000 <= now.getTime()) throw NOT_LOGGED_IN();
  return { sessionId, session, csrf: csrfTokenOf(sessionId) };
}

/** A call that changes something comes from the console's own page: its Origin, and the session's token. */
export function checkSameOrigin(event: APIGatewayProxyEvent): void {
  if (headerValue(event.headers, 'origin') !== ownOrigin(event)) {
    throw new WebhookError('FORBIDDEN', 'This call must come from the console page (Origin)');
  }
}

export function checkCsrf(event: APIGatewayProxyEvent, console: ConsoleSession): void {
  const sent = Buffer.from(headerValue(event.headers, CSRF_HEADER) ?? '');
  const expected = Buffer.from(console.csrf);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
    throw new WebhookError('FORBIDDEN', 'Missing or wrong CSRF token; reload the console');
  }
}

/**
 * Logs an operator in: the password checked as `/web/session/authenticate` checks it; a user who
 * is not an operator is refused (FORBIDDEN) after that check, without a session.
 */
export async function consoleLogin(login: string, password: string, event: APIGatewayProxyEvent, now: Date) {
  const { user, failures } = await checkCredentials({ db: getConfig().dbName, login, password }, now);
  if (failures > 0) await clearFailures(user.login);
  if (!user.operator) throw new WebhookError('FORBIDDEN', `User '${user.login}' is not an operator of the console (users create --operator)`);
  const sessionId = newSessionId();
  await openSession(sessionId, user, { now, maxAgeSeconds: CONSOLE_SESSION_SECONDS, kind: 'console' });
  return { user, csrf: csrfTokenOf(sessionId), cookie: consoleCookie(sessionId, CONSOLE_SESSION_SECONDS, isSecure(event)) };
}

export async function consoleLogout(console: ConsoleSession, event: APIGatewayProxyEvent): Promise<string> {
  await endSession(console.sessionId, console.session.login);
  return consoleCookie('', 0, isSecure(event));
}

function consoleCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${CONSOLE_COOKIE}=${value}`, 'HttpOnly', 'Path=/', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}
