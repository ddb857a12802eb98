import { getConfig } from '../config';
import { WebhookError } from '../envelope';
import { clearFailures, readFailures, recordFailure } from './login-failures';
import { MAX_PASSWORD_LENGTH, dummyHash, verifyPassword } from './passwords';
import { companyNames, sessionInfo, type SessionInfo } from './session-info';
import { newSessionId, saveSession, sessionCookie } from './sessions';
import { epochSeconds } from './table';
import { LOGIN_PATTERN, findUser } from './users';

export const ACCESS_DENIED = 'Access Denied';

export interface LoginOutcome {
  result: SessionInfo;
  /** The Set-Cookie value of the new session. */
  cookie: string;
}

export interface LoginContext {
  now: Date;
  /** Whether the request came over HTTPS (the cookie is then Secure). */
  secure: boolean;
}

/**
 * `/web/session/authenticate` (SPEC §3.7): checks `db`, `login` and `password` and opens a session.
 * Every wrong answer (unknown login, wrong password, wrong db) is the same `Access Denied`, given
 * after the same scrypt check (an unknown login is checked against a dummy hash), and counts as a
 * failure of that login name (login-failures.ts). Two sequential rounds of DynamoDB calls: the
 * user and its failures, then the session (with the failures cleared and the company names read).
 */
export async function authenticate(params: Record<string, unknown>, ctx: LoginContext): Promise<LoginOutcome> {
  const { db, login, password } = readLoginParams(params);
  const config = getConfig();
  if (!LOGIN_PATTERN.test(login) || password.length > MAX_PASSWORD_LENGTH) {
    throw new WebhookError('ACCESS_DENIED', ACCESS_DENIED);
  }
  const [user, failures] = await Promise.all([findUser(login), readFailures(login, ctx.now)]);
  if (failures.lockedUntil > ctx.now.getTime()) {
    const retryAfter = Math.ceil((failures.lockedUntil - ctx.now.getTime()) / 1000);
    throw new WebhookError('THROTTLED', `Too many failed logins for this login; retry in ${retryAfter} s`, { retry_after: retryAfter });
  }
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !passwordMatches || db !== config.dbName) {
    // The lock runs from when the failure is known, after the slow hash check.
    await recordFailure(login, new Date());
    throw new WebhookError('ACCESS_DENIED', ACCESS_DENIED);
  }

  const sessionId = newSessionId();
  const maxAge = Math.floor(config.sessionTtlSeconds);
  const [companies] = await Promise.all([
    companyNames(user.principal),
    saveSession(sessionId, {
      login,
      uid: user.uid,
      principal: user.principal,
      usageKey: user.usageKey,
      createdAt: ctx.now.toISOString(),
      expiresAt: epochSeconds(ctx.now) + maxAge,
    }),
    failures.failures > 0 ? clearFailures(login) : undefined,
  ]);
  return { result: sessionInfo(user, db, companies), cookie: sessionCookie(sessionId, maxAge, ctx.secure) };
}

/** `params.db`, `params.login` and `params.password` must be strings; anything else is a malformed request. */
function readLoginParams(params: Record<string, unknown>): { db: string; login: string; password: string } {
  const missing = ['db', 'login', 'password'].filter((name) => typeof params[name] !== 'string');
  if (missing.length > 0) {
    throw new WebhookError('INVALID_REQUEST', `'params' needs ${missing.map((m) => `'${m}'`).join(', ')} as text`);
  }
  return { db: params.db as string, login: params.login as string, password: params.password as string };
}
