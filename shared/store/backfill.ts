import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Model } from '../catalogue';
import type { UpdateOp } from '../plan';
import { getConfig } from '../config';
import { dynamo } from './client';
import { padId } from './codec';
import { commit, deleteKeys as deleteTableKeys, putItems as putTableItems } from './commit';
import { StoreError } from './errors';
import { VERSION, type DerivedItem, type Item } from './items';
import { counterKey, guardPartitions, idCounter, indexPartitions, recordKey, recordPartition, recordPartitions, type GuardScope, type Key, type Sharded } from './keys';
import { byKey } from './merge';
import { batchGet } from './reads';
import { toTransactItems } from './transact-items';
import type { TransactItem } from './types';

/**
 * The reads and writes of a migration: a model's records a page at a time (a Query of its item
 * collection, never a Scan), derived items written only while the record they come from is still
 * the version read, items deleted a partition at a time.
 */

const table = () => getConfig().recordsTable;

/**
 * Record items of a model after id `after`, in id order, at most `limit`. Eventually consistent:
 * a stale read costs a retry, never a wrong item, since what is written from it is conditioned on
 * the record's version.
 */
export async function recordItemsAfter(model: Sharded, after: number, limit: number): Promise<Item[]> {
  // Each shard holds every shards-th id: a page of each, merged, is complete up to the lowest last
  // id of the shards that have more.
  const perShard = Math.ceil(limit / model.shards);
  const pages = await Promise.all(
    recordPartitions(model).map(async (pk) => {
      const res = await dynamo.send(
        new QueryCommand({
          TableName: table(),
          KeyConditionExpression: 'pk = :pk AND sk > :after',
          ExpressionAttributeValues: { ':pk': pk, ':after': padId(after) },
          Limit: perShard,
        }),
      );
      return { items: (res.Items ?? []) as Item[], more: res.LastEvaluatedKey !== undefined };
    }),
  );
  const upTo = Math.min(...pages.filter((p) => p.more && p.items.length > 0).map((p) => Number(p.items.at(-1)!.id)));
  return pages
    .flatMap((p) => p.items)
    .filter((item) => Number(item.id) <= upTo)
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** Record items by id, strongly consistent; ids without a record are left out. */
export const readRecordItems = (model: Sharded, ids: readonly number[]): Promise<Item[]> => batchGet(ids.map((id) => recordKey(model, id)));

/** The derived items of one record to put, built from its item at `version`. */
export interface Derivation {
  id: number;
  version: number;
  items: DerivedItem[];
}

export interface DerivationOutcome {
  /** Nothing was written: these records changed (or went) since they were read. */
  changed: number[];
  /** Nothing was written: a unique guard of these records is held by another record. */
  taken: { id: number; item: DerivedItem }[];
}

/**
 * Puts the items of several records in one transaction, each record's with a check that it is
 * still the version they were built from: a record changed meanwhile has had its items written by
 * that change, and is read again rather than given items of a value it no longer holds. A guard is
 * written only if free or already the record's. When a check fails, nothing is written and the
 * outcome names the records to read again or to report; a conflict with another transaction or
 * throttling is thrown, for the caller to back off and retry.
 */
export async function putDerivations(model: Model, batch: readonly Derivation[]): Promise<DerivationOutcome> {
  const items: TransactItem[] = [];
  const owners: { d: Derivation; item: DerivedItem | null }[] = [];
  for (const d of batch) {
    items.push({
      ConditionCheck: {
        TableName: table(),
        Key: recordKey(model, d.id),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': VERSION },
        ExpressionAttributeValues: { ':v': d.version },
      },
    });
    owners.push({ d, item: null });
    for (const item of d.items) {
      const guard = item.kind === 'guard';
      items.push({
        Put: {
          TableName: table(),
          Item: item.item,
          ...(guard
            ? { ConditionExpression: 'attribute_not_exists(pk) OR #id = :id', ExpressionAttributeNames: { '#id': 'id' }, ExpressionAttributeValues: { ':id': d.id } }
            : {}),
        },
      });
      owners.push({ d, item });
    }
  }
  const outcome: DerivationOutcome = { changed: [], taken: [] };
  if (items.length === 0) return outcome;
  try {
    await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
    return outcome;
  } catch (error) {
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    const failed = reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [owners[i]!] : []));
    if (failed.length === 0) throw error;
    const changed = new Set(failed.filter((f) => f.item === null).map((f) => f.d.id));
    outcome.changed = [...changed];
    // A guard refused to a record that changed may be refused for its old value only.
    outcome.taken = failed.filter((f) => f.item !== null && !changed.has(f.d.id)).map((f) => ({ id: f.d.id, item: f.item! }));
    return outcome;
  }
}

/** Rewrites one record (an update conditioned on its version, with its derived items moved); false when it changed meanwhile. */
export async function rewriteRecord(op: UpdateOp): Promise<'done' | 'changed' | 'duplicate'> {
  try {
    await commit(toTransactItems(table(), [op]), { atomic: true });
    return 'done';
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    if (error.failure.reason === 'conflict') return 'changed';
    if (error.failure.reason === 'duplicate') return 'duplicate';
    throw error;
  }
}

/** The id of the record holding a guard, or null when it is free. */
export async function guardHolder(key: Key): Promise<number | null> {
  const res = await dynamo.send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: true }));
  return res.Item ? Number(res.Item.id) : null;
}

/** A page of a partition's items after sort key `after` ('' from the start): their keys only, or whole and strongly consistent. */
async function partitionPage(pk: string, after: string, limit: number, whole: boolean): Promise<{ items: (Item & Key)[]; more: boolean }> {
  const res = await dynamo.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: after === '' ? 'pk = :pk' : 'pk = :pk AND sk > :after',
      ExpressionAttributeValues: { ':pk': pk, ...(after === '' ? {} : { ':after': after }) },
      ...(whole ? { ConsistentRead: true } : { ProjectionExpression: 'pk, sk' }),
      Limit: limit,
    }),
  );
  return { items: (res.Items ?? []) as (Item & Key)[], more: res.LastEvaluatedKey !== undefined };
}

/** Keys of a partition after sort key `after` ('' from the start), a page at a time. */
export const keysAfter = async (pk: string, after: string, limit: number): Promise<Key[]> => (await partitionPage(pk, after, limit, false)).items;

/** Whole items of a partition after sort key `after` ('' from the start), a page at a time, strongly consistent. */
export const itemsAfter = async (pk: string, after: string, limit: number): Promise<(Item & Key)[]> => (await partitionPage(pk, after, limit, true)).items;

/**
 * Index entries of a field in value order (then id order), after sort key `after`: the entry's
 * company and value. Every shard is read at once and merged, up to the lowest last key of the
 * shards that have more.
 */
export async function indexEntriesAfter(model: Sharded, field: string, after: string, limit: number): Promise<Item[]> {
  const pages = await Promise.all(indexPartitions(model, field).map((pk) => partitionPage(pk, after, limit, true)));
  const ends = pages.filter((p) => p.more && p.items.length > 0).map((p) => String(p.items.at(-1)!.sk));
  const upTo = ends.length > 0 ? ends.reduce((a, b) => (byKey(a, b) <= 0 ? a : b)) : null;
  return pages
    .flatMap((p) => p.items)
    .filter((item) => upTo === null || byKey(String(item.sk), upTo) <= 0)
    .sort((a, b) => byKey(String(a.sk), String(b.sk)));
}


/** Deletes items by key, 25 a call (BatchWriteItem), keys DynamoDB leaves unprocessed sent again. */
export const deleteKeys = (keys: readonly Key[]): Promise<void> => deleteTableKeys(table(), keys);

/** Puts items whole, 25 a call (BatchWriteItem), items DynamoDB leaves unprocessed sent again. */
export const putItems = (items: readonly Item[]): Promise<void> => putTableItems(table(), items);

/**
 * The partitions a family's items live in: a model's records; an index; a unique field's guards,
 * one partition per company and `-` (shared records, unscoped models).
 */
export async function familyPartitions(model: Sharded, family: { kind: 'records' | 'index' | 'guard'; field: string }, scoped: boolean): Promise<string[]> {
  if (family.kind === 'records') return recordPartitions(model);
  if (family.kind === 'index') return indexPartitions(model, family.field);
  const scopes: GuardScope[] = [null, ...(scoped ? await companyIds() : [])];
  return scopes.flatMap((scope) => guardPartitions(model, family.field, scope));
}

/** Ids of every company (`res.company` records, the scopes of guards), in id order. */
export async function companyIds(): Promise<number[]> {
  const ids: number[] = [];
  for (let keys = await keysAfter(recordPartition(COMPANY_MODEL, 0), '', 1000); keys.length > 0; ) {
    ids.push(...keys.map((k) => Number(k.sk)));
    keys = await keysAfter(recordPartition(COMPANY_MODEL, 0), keys[keys.length - 1]!.sk, 1000);
  }
  return ids;
}

/** The model whose records are the companies that scope records (`company()` fields point at it): never sharded. */
const COMPANY_MODEL = { name: 'res.company', shards: 1 };

/** Records of a model that lack a value of `field`: a Query counting the model's records, never a Scan. */
export async function countLacking(model: Sharded, field: string): Promise<number> {
  const counts = await Promise.all(recordPartitions(model).map((pk) => countItems(pk, field)));
  return counts.reduce((a, b) => a + b, 0);
}

/** Items in a partition (`lacking`: those without that attribute): a Query that counts them, a page per MB read. */
export async function countItems(pk: string, lacking?: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const res = await dynamo.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ...(lacking ? { FilterExpression: 'attribute_not_exists(#f)', ExpressionAttributeNames: { '#f': lacking } } : {}),
        ExpressionAttributeValues: { ':pk': pk },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += res.Count ?? 0;
    start = res.LastEvaluatedKey;
  } while (start);
  return count;
}

/** The highest id handed out for a model (its id counter): how far a walk over its records goes at most. */
export async function highestId(model: string): Promise<number> {
  const res = await dynamo.send(new GetCommand({ TableName: table(), Key: counterKey(idCounter(model)) }));
  return Number(res.Item?.n ?? 0);
}

const PUSHBACK = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TransactionInProgressException']);

/** Throttling, or a transaction cancelled by a conflict or throttling (not by a condition). */
export function pushedBack(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
    return !codes.includes('ConditionalCheckFailed') && codes.some((c) => ['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'].includes(c));
  }
  return PUSHBACK.has((error as { name?: string } | null)?.name ?? '');
}
