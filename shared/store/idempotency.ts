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
 *   code, body  the answer (gzip-compressed), or  obj  the S3 object that holds it when too large
 *   expiresAt  its expiry (TTL)
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
  /** The answer, once kept: its HTTP status and its body, in the item or in an S3 object. */
  answer?: { statusCode: number; body: KeptBody };
}

/** A kept body: gzip-compressed in the key's item, or the S3 object that holds it. */
export type KeptBody = { packed: Uint8Array } | { object: string };

/** An answer to keep: its status and its body as `KeptBody` (the caller put a large one in S3). */
export interface AnswerToKeep {
  statusCode: number;
  body: KeptBody;
}

/** The largest gzip-compressed body kept in the key's item (an item holds at most 400 KB). */
export const MAX_PACKED_BYTES = PART_BYTES;

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
    ...(item.st === 'a' && (item.obj || item.body)
      ? { answer: { statusCode: Number(item.code), body: item.obj ? { object: String(item.obj) } : { packed: item.body as Uint8Array } } }
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

/** Keeps the answer of the request that wrote the key (`logId`), unless another request holds the key now. */
export async function keepAnswer(scope: KeyScope, logId: string, answer: AnswerToKeep): Promise<void> {
  const body = 'packed' in answer.body ? { set: 'body = :body', value: answer.body.packed } : { set: 'obj = :body', value: answer.body.object };
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: getConfig().recordsTable,
        Key: keyOf(scope),
        UpdateExpression: `SET st = :a, code = :code, ${body.set}`,
        ConditionExpression: '#log = :log',
        ExpressionAttributeNames: { '#log': 'log' },
        ExpressionAttributeValues: { ':a': 'a', ':code': answer.statusCode, ':log': logId, ':body': body.value },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

const keyOf = (scope: KeyScope) => keptAnswerKey(scope.route, scope.principalId, scope.key);
