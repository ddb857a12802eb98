/** Direct reads of the records table, through the real SDK, to check what a request wrote. */
import { BatchWriteCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { catalogue } from '../../shared/catalogue';
import { getConfig } from '../../shared/config';
import { dynamo, idCounter, queryAll, readRecords, reserve } from '../../shared/store';
import { indexPartitions, indexValuePrefix, recordPartitions, valuePartitions } from '../../shared/store/keys';
import { derivedItems, toRecordItem, type Item } from '../../shared/store/items';
import type { StoredScalar, StoredValues } from '../../shared/catalogue';

/** A record's stored values, or undefined when it does not exist. */
export async function readBack(model: string, id: number): Promise<StoredValues | undefined> {
  const m = catalogue.get(model)!;
  return (await readRecords(m, [id])).get(id)?.values;
}

/** Every item of this file's records table. Test-only: a Scan. */
export async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await dynamo.send(new ScanCommand({ TableName: getConfig().recordsTable, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Every record, index entry, guard and claim of this file's records table: without counters (ids
 * and sequence numbers reserved by a failed request are not reused, as in Odoo, and are not
 * records), without the marks the journal keeps an hour of undone transactions (journalEntries
 * shows them), and without records' write counters `_v` (an undone write raises it: it only goes up).
 */
export async function snapshot(): Promise<string[]> {
  const keys: string[] = [];
  for (const { _v, ...item } of await scanAll()) {
    const pk = String(item.pk);
    if (!pk.startsWith('C#') && !pk.startsWith('J#')) keys.push(`${item.pk} ${item.sk} ${canonical(item)}`);
  }
  return keys.sort();
}

/** The lines of a snapshot that are records of `model`, whatever its shard count. */
export function recordLines(lines: readonly string[], model: string): string[] {
  const partitions = new Set(recordPartitions(catalogue.get(model)!));
  return lines.filter((line) => partitions.has(line.slice(0, line.indexOf(' '))));
}

/** The journal's entries by state: `c` (a write in flight or left to the recovery), and marks `u`, `k`, `f`. */
export async function journalEntries(): Promise<Record<string, number>> {
  const states: Record<string, number> = {};
  for (const item of await scanAll()) {
    if (String(item.pk).startsWith('J#')) states[String(item.st)] = (states[String(item.st)] ?? 0) + 1;
  }
  return states;
}

/** Every counter of this file's records table (record ids, sequences) with its last number taken. Test-only: a Scan. */
export async function counters(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const item of await scanAll()) if (String(item.pk).startsWith('C#')) out[String(item.pk)] = Number(item.n);
  return out;
}

/** JSON with sorted keys and sets as sorted lists: DynamoDB returns attributes in no set order. */
function canonical(item: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify(sorted, (_key, value: unknown) => (value instanceof Set ? [...value].sort() : value));
}

/** A short unique suffix, so that tests sharing a table never collide on unique values. */
export const unique = (prefix = ''): string => `${prefix}${Math.random().toString(36).slice(2, 10)}`;

/** Items written straight to this file's records table (BatchWriteItem, 24 calls at a time): large data sets in seconds. */
export async function writeAll(items: Item[]): Promise<void> {
  const table = getConfig().recordsTable;
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const res = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (res.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
}

/** Every item of one partition of this file's records table (a record collection, an index), strongly consistent. */
export async function partitionItems(pk: string): Promise<Item[]> {
  const out: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await dynamo.send(
      new QueryCommand({ TableName: getConfig().recordsTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    out.push(...((res.Items ?? []) as Item[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Every record item of `model`, from each of its shards (under the catalogue this process runs). */
export const recordItems = async (model: string): Promise<Item[]> => (await Promise.all(recordPartitions(catalogue.get(model)!).map(partitionItems))).flat();

/** Every index entry of `model`'s `field`, from each of its shards. */
export const indexItems = async (model: string, field: string): Promise<Item[]> =>
  (await Promise.all(indexPartitions(catalogue.get(model)!, field).map(partitionItems))).flat();

/**
 * Records written straight to the table with the index entries and guards the store derives from
 * them (under the catalogue this process runs), ids reserved from the model's counter: thousands
 * of records in seconds, as if stored long ago.
 */
export async function writeRecords(model: string, count: number, values: (i: number) => StoredValues): Promise<number[]> {
  const m = catalogue.get(model)!;
  const first = await reserve(idCounter(model), count);
  const ids = Array.from({ length: count }, (_, i) => first + i);
  const stamp = { create_date: '2026-01-01 00:00:00', write_date: '2026-01-01 00:00:00' };
  await writeAll(ids.flatMap((id, i) => {
    const v = { ...stamp, ...values(i) };
    return [toRecordItem(m, id, v, 1, []), ...derivedItems(m, id, v).map((d) => d.item)];
  }));
  return ids;
}

/** A model's shards under the catalogue this process runs: a read of every shard is that many Queries, sent at once. */
export const shardsOf = (model: string): number => catalogue.get(model)!.shards;

/** Ids of the records of `model` whose indexed `field` holds `value`, straight from the index (every shard it may lie on), ascending. */
export async function indexedIds(model: string, field: string, value: StoredScalar): Promise<number[]> {
  const read = (pk: string) =>
    queryAll({
      TableName: getConfig().recordsTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': indexValuePrefix(value) },
      ConsistentRead: true,
    });
  const items = (await Promise.all(valuePartitions(catalogue.get(model)!, field, value).map(read))).flat();
  return items.filter((i) => i.v === value).map((i) => Number(i.id)).sort((a, b) => a - b);
}
