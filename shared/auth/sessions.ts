import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../store/client';
import type { Principal } from './principal';
import { authTable, sessionKey, sha256 } from './table';

/**
 * Sessions made by `/web/session/authenticate`: a random id (256 bits) in an HttpOnly cookie; the
 * auth table keeps only its sha256, with the user's principal and usage key copied in so that the
 * authorizer reads one item. `expiresAt` is the table's TTL attribute; DynamoDB deletes expired
 * items only eventually, so the authorizer checks it too.
 */
export interface SessionRecord {
  login: string;
  uid: number;
  principal: Principal;
  usageKey: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Odoo's cookie name, which its clients send back. */
export const SESSION_COOKIE = 'session_id';

export const newSessionId = (): string => randomBytes(32).toString('base64url');

export async function saveSession(sessionId: string, session: SessionRecord): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: authTable(), Item: { ...sessionKey(sha256(sessionId)), ...session } }));
}

/** The session, or null when unknown. Expired sessions are returned: the caller decides. */
export async function findSession(sessionId: string): Promise<SessionRecord | null> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: sessionKey(sha256(sessionId)), ConsistentRead: true }));
  if (!res.Item) return null;
  const { pk: _pk, sk: _sk, ...session } = res.Item;
  return session as SessionRecord;
}

/**
 * The Set-Cookie value of a new session. HttpOnly (scripts never read it), Path=/ (every route,
 * also under a stage prefix), SameSite=Lax (as Odoo), Secure unless the request came over plain
 * HTTP, which only the local stack serves: clients do not send Secure cookies back over HTTP.
 */
export function sessionCookie(sessionId: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${sessionId}`, 'HttpOnly', 'Path=/', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}
