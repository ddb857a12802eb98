import { randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../store/client';
import { queryAll } from '../store/reads';
import type { Principal } from './principal';
import { KEYS_PARTITION, authTable, keyItemKey, keyListingKey, sha256, type AuthKey } from './table';

/**
 * API keys: 256 random bits, shown once; the auth table keeps only their sha256 (a fast hash is
 * right for high-entropy secrets: there is nothing to guess) with the principal they stand for.
 * Each key is two items written together (see table.ts): one found by the key's hash, one listed
 * under its id.
 */
export interface KeyRecord {
  keyId: string;
  principal: Principal;
  createdAt: string;
  revokedAt?: string;
  /** Id of the API Gateway API key that meters this key (deployed stages only). */
  gatewayKeyId?: string;
}

/** A key as `keys list` shows it: never the key, only its hash. */
export interface ListedKey extends KeyRecord {
  keyHash: string;
}

export const KEY_PREFIX = 'whk_';

export function generateKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A short id to name a key by in `keys list` and `keys revoke`. */
export const newKeyId = (): string => randomBytes(6).toString('hex');

/**
 * The key's hash: what the auth table is keyed by, and the value of the key's API Gateway API key
 * (the usage identifier the authorizer hands API Gateway), so the secret is stored nowhere.
 */
export const hashKey = (key: string): string => sha256(key);

/** Saves a new key's two items in one transaction; an id already in use fails it. */
export async function saveKey(key: string, record: KeyRecord): Promise<void> {
  const keyHash = hashKey(key);
  const TableName = authTable();
  await dynamo.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName, Item: { ...keyItemKey(keyHash), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName, Item: { ...keyListingKey(record.keyId), ...record, keyHash }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );
}

/** The key's record, or null for an unknown key. Revoked keys are returned: the caller decides. */
export async function findKey(key: string): Promise<KeyRecord | null> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: keyItemKey(hashKey(key)), ConsistentRead: true }));
  return res.Item ? keyRecordOf(res.Item) : null;
}

async function findKeyById(keyId: string): Promise<ListedKey | null> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: keyListingKey(keyId), ConsistentRead: true }));
  return res.Item ? { ...keyRecordOf(res.Item), keyHash: String(res.Item.keyHash) } : null;
}

/** Every key, oldest first: one Query of the listing partition. */
export async function listKeys(): Promise<ListedKey[]> {
  const items = await queryAll({
    TableName: authTable(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': KEYS_PARTITION },
    ConsistentRead: true,
  });
  return items
    .map((item) => ({ ...keyRecordOf(item), keyHash: String(item.keyHash) }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
}

export type RevokeResult = { status: 'revoked' | 'already-revoked'; key: ListedKey } | { status: 'unknown' };

/** Marks both items of a key revoked, in one transaction; the authorizer refuses it from then on. */
export async function revokeKey(keyId: string, now: Date): Promise<RevokeResult> {
  const key = await findKeyById(keyId);
  if (!key) return { status: 'unknown' };
  if (key.revokedAt) return { status: 'already-revoked', key };
  const revokedAt = now.toISOString();
  const update = (Key: AuthKey) => ({
    Update: {
      TableName: authTable(),
      Key,
      UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': revokedAt },
    },
  });
  await dynamo.send(new TransactWriteCommand({ TransactItems: [update(keyItemKey(key.keyHash)), update(keyListingKey(keyId))] }));
  return { status: 'revoked', key: { ...key, revokedAt } };
}

function keyRecordOf(item: Record<string, unknown>): KeyRecord {
  const { keyId, principal, createdAt, revokedAt, gatewayKeyId } = item as unknown as KeyRecord;
  return { keyId, principal, createdAt, ...(revokedAt ? { revokedAt } : {}), ...(gatewayKeyId ? { gatewayKeyId } : {}) };
}
