import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, GetCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Model, StoredScalar } from '../catalogue';
import type { RecordState } from '../plan';
import { getConfig } from '../config';
import { dynamo } from './client';
import { retryDelay } from '../aws/clients';
import { mapAll } from './pool';
import { fromRecordItem, type Item } from './items';
import { counterKey, guardKey, indexValuePrefix, recordKey, valuePartitions, type GuardScope, type Key } from './keys';

const BATCH_GET_MAX = 100;
/** Queries one lookup sends at a time: all in one round for the usual few values, bounded for thousands. */
export const MAX_CONCURRENT_QUERIES = 32;

/**
 * Reads items by key, strongly consistent, 100 keys a call with the calls sent concurrently;
 * keys DynamoDB leaves unprocessed are asked again with backoff.
 */
export async function batchGet(keys: readonly Key[], projection?: readonly string[]): Promise<Item[]> {
  const table = getConfig().recordsTable;
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0001${k.sk}`, k])).values()];
  const batches: Key[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) batches.push(unique.slice(i, i + BATCH_GET_MAX));
  const names = projection ? Object.fromEntries(projection.map((p, i) => [`#p${i}`, p])) : undefined;
  const results = await Promise.all(
    batches.map(async (batch) => {
      const items: Item[] = [];
      let pending: Key[] = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > 1) await sleep(retryDelay(attempt));
        const res = await dynamo.send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: pending,
                ConsistentRead: true,
                ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
              },
            },
          }),
        );
        items.push(...((res.Responses?.[table] ?? []) as Item[]));
        pending = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Key[];
      }
      return items;
    }),
  );
  return results.flat();
}

/** Records by id, strongly consistent; ids that do not exist are absent from the map. */
export async function readRecords(model: Model, ids: Iterable<number>): Promise<Map<number, RecordState>> {
  const items = await batchGet([...new Set(ids)].map((id) => recordKey(model, id)));
  return new Map(items.map((item) => {
    const state = fromRecordItem(model, item);
    return [state.id, state];
  }));
}

/** A record that holds a looked-up value, with what scoping needs to know of it. */
export interface Candidate {
  id: number;
  company: number | null;
  active: boolean;
}

/**
 * Finds the records whose `field` equals each of `values`, strongly consistent, in one round:
 * - `id`: the records themselves (one BatchGetItem per 100 ids);
 * - a unique field with known guard scopes: the guards (one BatchGetItem per 100 keys);
 * - any other indexed field: one Query of the index per value and shard it may lie on, all sent at once.
 * Archived and out-of-scope candidates are returned too; the caller decides what it may see.
 */
export async function findByValues(
  model: Model,
  field: string,
  values: readonly StoredScalar[],
  guardScopes?: readonly GuardScope[],
): Promise<Map<StoredScalar, Candidate[]>> {
  const found = new Map<StoredScalar, Candidate[]>(values.map((v) => [v, []]));
  if (field === 'id') {
    const ids = values.filter((v): v is number => typeof v === 'number');
    const items = await batchGet(ids.map((id) => recordKey(model, id)), ['id', 'company_id', 'active']);
    for (const item of items) {
      found.get(Number(item.id))?.push({
        id: Number(item.id),
        company: model.companyScoped && typeof item.company_id === 'number' ? item.company_id : null,
        active: item.active !== false,
      });
    }
    return found;
  }
  if (guardScopes && model.guarded.includes(field)) {
    // Empty values are never guarded (nor unique), so they have no guard to read.
    const guarded = values.filter((v) => v !== '');
    const keys = guarded.flatMap((v) => guardScopes.map((scope) => ({ key: guardKey(model, field, scope, v), v, scope })));
    const byKey = new Map(keys.map((k) => [`${k.key.pk}\u0001${k.key.sk}`, k]));
    const items = await batchGet(keys.map((k) => k.key));
    for (const item of items) {
      const k = byKey.get(`${String(item.pk)}\u0001${String(item.sk)}`);
      if (k) found.get(k.v)!.push({ id: Number(item.id), company: k.scope, active: item.act !== false });
    }
    return found;
  }
  // A value's entries lie on one shard, or (values many records share) on every shard: one Query each.
  const reads = values.flatMap((value) => valuePartitions(model, field, value).map((pk) => ({ value, pk })));
  await mapAll(reads, MAX_CONCURRENT_QUERIES, async ({ value, pk }) => {
      const items = await queryAll({
        TableName: getConfig().recordsTable,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': indexValuePrefix(value) },
        ConsistentRead: true,
      });
      for (const item of items) {
        if (item.v !== value) continue;
        found.get(value)!.push({
          id: Number(item.id),
          company: typeof item.co === 'number' ? item.co : null,
          active: item.act !== false,
        });
      }
    });
  return found;
}

/** Every page of a Query. */
export async function queryAll(input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await dynamo.send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...((res.Items ?? []) as Item[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Reserves `count` consecutive numbers of a counter (record ids, a sequence) in one atomic
 * UpdateItem and returns the first. Numbers of a failed request are not reused: ids and sequence
 * numbers may have gaps, as Odoo's do.
 */
export async function reserve(counter: string, count: number): Promise<number> {
  const res = await dynamo.send(
    new UpdateCommand({
      TableName: getConfig().recordsTable,
      Key: counterKey(counter),
      UpdateExpression: 'ADD #n :count',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':count': count },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(res.Attributes?.n) - count + 1;
}

/**
 * The first number `reserve` would hand out next, without taking it (a dry run's ids and sequence
 * numbers: provisional, since another request may take them first).
 */
export async function peekCounter(counter: string): Promise<number> {
  const res = await dynamo.send(new GetCommand({ TableName: getConfig().recordsTable, Key: counterKey(counter), ConsistentRead: true }));
  return Number(res.Item?.n ?? 0) + 1;
}
