/** Direct reads of the records table, through the real SDK, to check what a request wrote. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { catalogue } from '../../shared/catalogue';
import { getConfig } from '../../shared/config';
import { dynamo, readRecords } from '../../shared/store';
import type { StoredValues } from '../../shared/catalogue';

/** A record's stored values, or undefined when it does not exist. */
export async function readBack(model: string, id: number): Promise<StoredValues | undefined> {
  const m = catalogue.get(model)!;
  return (await readRecords(m, [id])).get(id)?.values;
}

/** Every item of this file's records table. Test-only: a Scan. */
async function scanAll(): Promise<Record<string, unknown>[]> {
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
