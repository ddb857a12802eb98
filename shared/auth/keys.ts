import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import { dynamo } from '../store/client';
import type { Principal } from './principal';

/**
 * API keys: 256 random bits, shown once; the auth table keeps only their sha256 (a fast hash is
 * right for high-entropy secrets: there is nothing to guess) with the principal they stand for.
 *
 *   pk KEY#<sha256 hex>   sk KEY   { keyId, principal, createdAt, revokedAt? }
 */
export interface KeyRecord {
  keyId: string;
  principal: Principal;
  createdAt: string;
  revokedAt?: string;
}

export const KEY_PREFIX = 'whk_';

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const keyItemKey = (hash: string) => ({ pk: `KEY#${hash}`, sk: 'KEY' });

export async function saveKey(key: string, record: KeyRecord): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: getConfig().authTable, Item: { ...keyItemKey(hashKey(key)), ...record } }));
}

/** The key's record, or null for an unknown key. Revoked keys are returned: the caller decides. */
export async function findKey(key: string): Promise<KeyRecord | null> {
  const res = await dynamo.send(new GetCommand({ TableName: getConfig().authTable, Key: keyItemKey(hashKey(key)), ConsistentRead: true }));
  if (!res.Item) return null;
  const { keyId, principal, createdAt, revokedAt } = res.Item as KeyRecord;
  return { keyId, principal, createdAt, ...(revokedAt ? { revokedAt } : {}) };
}
