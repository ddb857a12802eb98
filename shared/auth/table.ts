import { createHash } from 'node:crypto';
import { getConfig } from '../config';

/**
 * The auth table's key layout, in one place. Secrets (API keys, session ids) are never stored: their
 * items are keyed by the secret's sha256, which is enough for secrets of 256 random bits.
 *
 *   pk                        sk          item
 *   KEY#<sha256 of key>       KEY         the key as the authorizer reads it (principal, revokedAt?)
 *   KEYS                      <key id>    the same key for `keys list` and `keys revoke <id>`
 *   USER#<login>              USER        a user: scrypt hash, principal, uid, usage key, operator?,
 *                                         disabled?, sessionGeneration
 *   USER#<login>              SESSION#<h> one item per open session of the user (expiresAt, TTL), so
 *                                         that its sessions are ended without a Scan
 *   USERS                     <login>     the user listed, for `users list`
 *   SESSION#<sha256 of id>    SESSION     a session: principal, usage key, expiresAt (TTL); kind
 *                                         `console` for the operators' console
 *   LOGIN#<login>             FAILURES    failed logins of a login name: count, lastFailureAt, expiresAt (TTL)
 *   COUNTER                   uid         the last user id handed out
 *
 * A key is written as its two items in one transaction and revoked the same way, so that listing
 * keys is a Query of one partition, never a Scan; users and a user's sessions are listed likewise.
 */
export interface AuthKey {
  pk: string;
  sk: string;
}

export const authTable = (): string => getConfig().authTable;

export const sha256 = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export const keyItemKey = (hash: string): AuthKey => ({ pk: `KEY#${hash}`, sk: 'KEY' });
export const KEYS_PARTITION = 'KEYS';
export const keyListingKey = (keyId: string): AuthKey => ({ pk: KEYS_PARTITION, sk: keyId });
export const userKey = (login: string): AuthKey => ({ pk: `USER#${login}`, sk: 'USER' });
export const sessionKey = (hash: string): AuthKey => ({ pk: `SESSION#${hash}`, sk: 'SESSION' });
export const USER_SESSION_PREFIX = 'SESSION#';
export const userSessionKey = (login: string, hash: string): AuthKey => ({ pk: `USER#${login}`, sk: `${USER_SESSION_PREFIX}${hash}` });
export const USERS_PARTITION = 'USERS';
export const userListingKey = (login: string): AuthKey => ({ pk: USERS_PARTITION, sk: login });
export const loginFailuresKey = (login: string): AuthKey => ({ pk: `LOGIN#${login}`, sk: 'FAILURES' });
export const uidCounterKey: AuthKey = { pk: 'COUNTER', sk: 'uid' };

/** Epoch seconds, the unit of DynamoDB's TTL attribute (`expiresAt`). */
export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
