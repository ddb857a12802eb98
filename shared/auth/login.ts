import { getConfig } from '../config';
import { WebhookError } from '../envelope';
import { clearFailures, readFailures, recordFailure } from './login-failures';
import { MAX_PASSWORD_LENGTH, dummyHash, verifyPassword } from './passwords';
import { companyNames, sessionInfo, type SessionInfo } from './session-info';
import { UserChangedError, newSessionId, saveSession, sessionCookie } from './sessions';
import { epochSeconds } from './table';
import { LOGIN_PATTERN, findUser, type UserRecord } from './users';

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
 * `/web/session/authenticate`: checks `db`, `login` and `password` and opens a session. Two
 * sequential rounds of DynamoDB calls: the user and its failures, then the session (with the
 * failures cleared and the company names read).
 */
export async function authenticate(params: Record<string, unknown>, ctx: LoginContext): Promise<LoginOutcome> {
  const credentials = readLoginParams(params);
  const { user, failures } = await checkCredentials(credentials, ctx.now);
  const sessionId = newSessionId();
  const maxAge = Math.floor(getConfig().sessionTtlSeconds);
  const [companies] = await Promise.all([
    companyNames(user.principal),
    openSession(sessionId, user, { now: ctx.now, maxAgeSeconds: maxAge }),
    failures > 0 ? clearFailures(user.login) : undefined,
  ]);
  return { result: sessionInfo(user, credentials.db, companies), cookie: sessionCookie(sessionId, maxAge, ctx.secure) };
}

export interface Credentials {
  db: string;
  login: string;
  password: string;
}

/**
 * The user that `login` and `password` name in `db`, for the API's login and the console's alike.
 * Every wrong answer (unknown login, wrong password, wrong db, a disabled user) is the same
 * `Access Denied`, given after the same scrypt check (an unknown login is checked against a dummy
 * hash), and counts as a failure of that login name (login-failures.ts). `failures`: the count
 * the caller clears once the login succeeds.
 */
export async function checkCredentials({ db, login, password }: Credentials, now: Date): Promise<{ user: UserRecord; failures: number }> {
  if (!LOGIN_PATTERN.test(login) || password.length > MAX_PASSWORD_LENGTH) {
    throw new WebhookError('ACCESS_DENIED', ACCESS_DENIED);
  }
  const [user, failures] = await Promise.all([findUser(login), readFailures(login, now)]);
  if (failures.lockedUntil > now.getTime()) {
    const retryAfter = Math.ceil((failures.lockedUntil - now.getTime()) / 1000);
    throw new WebhookError('THROTTLED', `Too many failed logins for this login; retry in ${retryAfter} s`, { retry_after: retryAfter });
  }
  const passwordMatches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !passwordMatches || user.disabled || db !== getConfig().dbName) {
    // The lock runs from when the failure is known, after the slow hash check.
    await recordFailure(login, new Date());
    throw new WebhookError('ACCESS_DENIED', ACCESS_DENIED);
  }
  return { user, failures: failures.failures };
}

/**
 * Saves a session of the user; a user disabled, or whose sessions were ended, while the login was
 * checked gets `Access Denied`, and no session.
 */
export async function openSession(
  sessionId: string,
  user: UserRecord,
  options: { now: Date; maxAgeSeconds: number; kind?: 'console' },
): Promise<void> {
  try {
    await saveSession(
      sessionId,
      {
        login: user.login,
        uid: user.uid,
        principal: user.principal,
        usageKey: user.usageKey,
        createdAt: options.now.toISOString(),
        expiresAt: epochSeconds(options.now) + options.maxAgeSeconds,
        ...(options.kind ? { kind: options.kind } : {}),
      },
      user.sessionGeneration,
    );
  } catch (error) {
    if (error instanceof UserChangedError) throw new WebhookError('ACCESS_DENIED', ACCESS_DENIED);
    throw error;
  }
}

/** `params.db`, `params.login` and `params.password` must be strings; anything else is a malformed request. */
function readLoginParams(params: Record<string, unknown>): Credentials {
  const missing = ['db', 'login', 'password'].filter((name) => typeof params[name] !== 'string');
  if (missing.length > 0) {
    throw new WebhookError('INVALID_REQUEST', `'params' needs ${missing.map((m) => `'${m}'`).join(', ')} as text`);
  }
  return { db: params.db as string, login: params.login as string, password: params.password as string };
}
