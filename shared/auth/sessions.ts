import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { retryDelay } from '../aws/clients';
import { dynamo } from '../store/client';
import { queryAll } from '../store/reads';
import type { Principal } from './principal';
import { USER_SESSION_PREFIX, authTable, sessionKey, sha256, userKey, userSessionKey, type AuthKey } from './table';

/**
 * Sessions: a random id (256 bits) in an HttpOnly cookie; the auth table keeps only its sha256,
 * with the user's principal and usage key copied in so that the authorizer reads one item.
 * `expiresAt` is the table's TTL attribute; DynamoDB deletes expired items only eventually, so
 * readers check it too. Each session is also listed under its user, so that disabling the user,
 * changing its password or `users sessions revoke` ends every one of them at once.
 *
 * Two kinds share the table: sessions of `/web/session/authenticate` (the `session_id` cookie,
 * for the API) and sessions of the operators' console (kind `console`, their own cookie); neither
 * is accepted where the other is expected.
 */
export interface SessionRecord {
  login: string;
  uid: number;
  principal: Principal;
  usageKey: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
  kind?: 'console';
}

/** Odoo's cookie name, which its clients send back. */
export const SESSION_COOKIE = 'session_id';

export const newSessionId = (): string => randomBytes(32).toString('base64url');

export class UserChangedError extends Error {
  override readonly name = 'UserChangedError';
}

/**
 * Saves a session and its listing item, on condition that the user is still enabled and still has
 * the session generation its login read (`generation`; undefined for a user saved without one).
 * A user disabled or whose sessions were ended meanwhile is a UserChangedError: the login lost
 * that race and must not leave a session behind.
 */
export async function saveSession(sessionId: string, session: SessionRecord, generation: string | undefined): Promise<void> {
  const TableName = authTable();
  const hash = sha256(sessionId);
  const sameGeneration = generation === undefined ? 'attribute_not_exists(sessionGeneration)' : 'sessionGeneration = :g';
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName,
              Key: userKey(session.login),
              ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(disabled) AND ${sameGeneration}`,
              ...(generation === undefined ? {} : { ExpressionAttributeValues: { ':g': generation } }),
            },
          },
          { Put: { TableName, Item: { ...sessionKey(hash), ...session } } },
          { Put: { TableName, Item: { ...userSessionKey(session.login, hash), expiresAt: session.expiresAt } } },
        ],
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionCanceledException') throw new UserChangedError(`User '${session.login}' changed during the login`);
    throw error;
  }
}

/** The session, or null when unknown. Expired sessions are returned: the caller decides. */
export async function findSession(sessionId: string): Promise<SessionRecord | null> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: sessionKey(sha256(sessionId)), ConsistentRead: true }));
  if (!res.Item) return null;
  const { pk: _pk, sk: _sk, ...session } = res.Item;
  return session as SessionRecord;
}

/** Ends one session (its item and its listing under the user). */
export async function endSession(sessionId: string, login: string): Promise<void> {
  const hash = sha256(sessionId);
  await deleteItems([sessionKey(hash), userSessionKey(login, hash)]);
}

/**
 * Ends every session of a user: one Query of its listing, then the sessions deleted 25 items a
 * call. Returns how many were open. Callers change the user first (disabled, new generation, or
 * deleted), so that no login can add a session behind this.
 */
export async function endUserSessions(login: string): Promise<number> {
  const listed = await queryAll({
    TableName: authTable(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': userKey(login).pk, ':prefix': USER_SESSION_PREFIX },
    ConsistentRead: true,
  });
  const hashes = listed.map((item) => String(item.sk).slice(USER_SESSION_PREFIX.length));
  await deleteItems(hashes.flatMap((hash) => [sessionKey(hash), userSessionKey(login, hash)]));
  return hashes.length;
}

async function deleteItems(keys: readonly AuthKey[]): Promise<void> {
  const TableName = authTable();
  for (let i = 0; i < keys.length; i += 25) {
    let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 1) await sleep(retryDelay(attempt));
      const res = await dynamo.send(new BatchWriteCommand({ RequestItems: { [TableName]: requests } }));
      requests = (res.UnprocessedItems?.[TableName] ?? []) as typeof requests;
    }
  }
}

/**
 * The Set-Cookie value of a new session. HttpOnly (scripts never read it), Path=/ (every route,
 * also under a stage prefix), SameSite=Lax (as Odoo), Secure unless the request came over plain
 * HTTP, which only the local stack serves: clients do not send Secure cookies back over HTTP.
 */
export function sessionCookie(sessionId: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${sessionId}`, 'HttpOnly', 'Path=/', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}
