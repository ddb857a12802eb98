import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { getConfig } from '../config';
import { dynamo } from './client';
import { sized } from './item-writes';
import { keptAnswerKey } from './keys';
import { PART_BYTES } from './journal';
import type { TxItem } from './types';

/**
 * The kept answers of requests sent with an `Idempotency-Key` (docs/idempotency.md): one item per
 * caller, route and key, put in the first transaction of the request's write (so that the key and
 * the write commit together, or neither), and given the answer once it is made.
 *
 *   pk K#<route>#<principal id>   sk <key>
 *   st  w (written: the answer is not kept yet) | a (answered)
 *   h   the digest of the request's params;  log  its API log's id;  dl  when its request ends
 *   code, body  the answer (gzip-compressed);  expiresAt  its expiry (TTL)
 */
export interface KeyScope {
  route: string;
  principalId: string;
  key: string;
}

export interface KeptAnswer {
  state: 'written' | 'answered';
  digest: string;
  logId: string;
  /** When the request that wrote it ends (epoch ms). */
  deadline: number;
  /** The answer, once kept: its HTTP status and body. A body too large to keep is absent. */
  answer?: { statusCode: number; body: string | null };
}

/** The kept answer of a key, if the key is there and has not expired. */
export async function readKept(scope: KeyScope, now = Date.now()): Promise<KeptAnswer | null> {
  const res = await dynamo.send(new GetCommand({ TableName: getConfig().recordsTable, Key: keyOf(scope), ConsistentRead: true }));
  const item = res.Item;
  if (!item || Number(item.expiresAt) * 1000 <= now) return null;
  return {
    state: item.st === 'a' ? 'answered' : 'written',
    digest: String(item.h),
    logId: String(item.log),
    deadline: Number(item.dl),
    ...(item.st === 'a'
      ? { answer: { statusCode: Number(item.code), body: item.body ? gunzipSync(Buffer.from(item.body as Uint8Array)).toString('utf8') : null } }
      : {}),
  };
}

/**
 * The key's item in the request's first transaction: put only if absent (or expired), so that of
 * concurrent requests with one key exactly one writes; undone (deleted) with the write.
 */
export function keyItem(scope: KeyScope, facts: { digest: string; logId: string; deadline: number; expiresAt: number }, now = Date.now()): TxItem {
  const key = keyOf(scope);
  const table = getConfig().recordsTable;
  return sized({
    write: {
      Put: {
        TableName: table,
        Item: { ...key, st: 'w', h: facts.digest, log: facts.logId, dl: facts.deadline, expiresAt: facts.expiresAt },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': Math.floor(now / 1000) },
      },
    },
    undo: { Delete: { TableName: table, Key: key, ConditionExpression: '#log = :log', ExpressionAttributeNames: { '#log': 'log' }, ExpressionAttributeValues: { ':log': facts.logId } } },
    about: { kind: 'idempotency', model: scope.route, id: 0, field: 'Idempotency-Key', value: scope.key },
  });
}

/**
 * Keeps the answer of the request that wrote the key (`logId`). An answer too large for the item
 * keeps only the records it wrote: sent again, the request is told that and the ids.
 */
export async function keepAnswer(scope: KeyScope, logId: string, answer: { statusCode: number; body: string }): Promise<void> {
  const packed = gzipSync(Buffer.from(answer.body, 'utf8'));
  const fits = packed.length <= PART_BYTES;
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: getConfig().recordsTable,
        Key: keyOf(scope),
        UpdateExpression: fits ? 'SET st = :a, code = :code, body = :body' : 'SET st = :a, code = :code',
        ConditionExpression: '#log = :log',
        ExpressionAttributeNames: { '#log': 'log' },
        ExpressionAttributeValues: { ':a': 'a', ':code': answer.statusCode, ':log': logId, ...(fits ? { ':body': packed } : {}) },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

const keyOf = (scope: KeyScope) => keptAnswerKey(scope.route, scope.principalId, scope.key);
