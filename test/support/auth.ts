/** Users, sessions and raw reads of the auth table, for tests of authentication. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '../../shared/auth/passwords';
import type { Principal } from '../../shared/auth/principal';
import { saveSession, type SessionRecord } from '../../shared/auth/sessions';
import { findUser, newUsageKey, nextUid, saveUser } from '../../shared/auth/users';
import { getConfig } from '../../shared/config';
import { dynamo } from '../../shared/store';
import type { RpcAnswer, TestApi } from './api';

/** Saves a user as `users create` does (`--operator` with `operator: true`); returns its uid. */
export async function createUser(
  login: string,
  password: string,
  principal: Partial<Principal> & { companyId: number },
  options: { operator?: boolean } = {},
): Promise<number> {
  const uid = await nextUid();
  await saveUser({
    login,
    uid,
    passwordHash: await hashPassword(password),
    principal: { name: login, id: `user:${login}`, allowedCompanyIds: [principal.companyId], ...principal },
    usageKey: newUsageKey(),
    createdAt: new Date().toISOString(),
    ...(options.operator ? { operator: true } : {}),
  });
  return uid;
}

export const login = (api: TestApi, params: Record<string, unknown>, headers?: Record<string, string>): Promise<RpcAnswer> =>
  api.post('/web/session/authenticate', JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }), headers);

/** `session_id=<value>` from a Set-Cookie header, as a client sends it back. */
export function sessionCookieOf(res: RpcAnswer): string {
  const match = /^(session_id=[^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!match) throw new Error(`no session cookie in ${JSON.stringify(res.body)}`);
  return match[1]!;
}

/** Every item of this file's auth table as JSON text. Test-only: a Scan. */
export async function authTableText(): Promise<string> {
  const items: unknown[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await dynamo.send(new ScanCommand({ TableName: getConfig().authTable, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return JSON.stringify(items);
}

/**
 * Saves a session as a login would, for a session of a chosen expiry: the user is created first
 * when missing (a session is saved only for an enabled user, see sessions.ts).
 */
export async function saveUserSession(sessionId: string, session: SessionRecord): Promise<void> {
  const user = (await findUser(session.login)) ?? (await createUser(session.login, 'password of a test', session.principal), await findUser(session.login));
  await saveSession(sessionId, session, user!.sessionGeneration);
}
