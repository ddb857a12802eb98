import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Model, StoredScalar } from '../catalogue';
import type { RecordState } from '../plan';
import { getConfig } from '../config';
import { dynamo } from './client';
import { encodeValue } from './codec';
import { allOf, toExpression, visibilityFilter, type Filter, type Visibility } from './filter';
import { fromRecordItem, type Item } from './items';
import { MAX_INDEXED_VALUE_BYTES, fitsIndex, indexPartitions, indexValuePrefix, recordPartitions, valuePartitions } from './keys';
import { byKey, mergeShards } from './merge';
import { Expr } from './expressions';

/**
 * Queries for search_data: index entries by value range (in value order, then id order) and the
 * records of a model (in id order), both a page at a time so that a search that needs ten records
 * stops after reading about ten. Never a table Scan: a model's records are one item collection.
 */

/** Which entries of an index: one value, string values with a prefix, a range, or all (`{}`). */
export type KeyRange = { eq: StoredScalar | null } | { prefix: string } | { from?: Bound; to?: Bound };
export interface Bound {
  value: StoredScalar;
  inclusive: boolean;
}

/** An index entry as a search sees it: which record, its value, company and active flag. */
export interface IndexEntry {
  id: number;
  value: StoredScalar | null;
  company: number | null;
  active: boolean;
}

export interface PageOptions {
  visibility: Visibility;
  /** Descending order (of value then id, or of id). @default false */
  backward?: boolean;
  /** Items read by the first Query; each later page reads four times more. @default 1 MB pages */
  firstPage?: number;
}

/**
 * Entries of `model.field` within the range, a page at a time, in key order: from the one shard
 * an equality lies on, or from every shard at once, merged.
 */
export async function* indexPages(model: Model, field: string, range: KeyRange, o: PageOptions): AsyncGenerator<IndexEntry[]> {
  const key = keyCondition(range);
  if (!key) return;
  const partitions = 'eq' in range ? valuePartitions(model, field, range.eq) : indexPartitions(model, field);
  const sign = o.backward ? -1 : 1;
  const shards = partitions.map((pk) => shardEntries(model, field, pk, key, o));
  for await (const page of mergeShards(shards, (a, b) => sign * byKey(a.sk, b.sk))) yield page.map(({ sk: _, ...entry }) => entry);
}

async function* shardEntries(model: Model, field: string, pk: string, key: KeyCondition, o: PageOptions): AsyncGenerator<(IndexEntry & { sk: string })[]> {
  const e = new Expr();
  const condition = [`${e.name('pk')} = ${e.value(pk)}`];
  if (key.op === 'begins_with') condition.push(`begins_with(${e.name('sk')}, ${e.value(key.from)})`);
  else if (key.op === 'between') condition.push(`${e.name('sk')} BETWEEN ${e.value(key.from)} AND ${e.value(key.to)}`);
  else if (key.op === '>=') condition.push(`${e.name('sk')} >= ${e.value(key.from)}`);
  else if (key.op === '<') condition.push(`${e.name('sk')} < ${e.value(key.to)}`);
  // Entries of models whose records are not scoped by company (res.company among them) carry no `co`.
  const filter = visibilityFilter(o.visibility, { id: 'id', company: model.companyScoped ? 'co' : null, active: 'act' });
  const input = query(e, condition.join(' AND '), filter, o, ['sk', 'id', 'v', 'co', 'act']);
  for await (const items of pages(input, o.firstPage)) {
    yield items.map((item) => ({
      sk: String(item.sk),
      id: Number(item.id),
      value: item.v === undefined ? null : (item.v as StoredScalar),
      company: typeof item.co === 'number' ? item.co : null,
      active: item.act !== false,
    }));
  }
}

/** Records of a model, a page at a time in id order (every shard at once, merged), narrowed by DynamoDB with `filter`. */
export async function* recordPages(model: Model, filter: Filter | null, o: PageOptions): AsyncGenerator<RecordState[]> {
  const visible = visibilityFilter(o.visibility, { id: 'id', company: model.companyScoped ? 'company_id' : null, active: model.archivable ? 'active' : null });
  const shards = recordPartitions(model).map(async function* (pk) {
    const e = new Expr();
    const input = query(e, `${e.name('pk')} = ${e.value(pk)}`, allOf([visible, filter]), o);
    for await (const items of pages(input, o.firstPage)) yield items.map((item) => fromRecordItem(model, item));
  });
  const sign = o.backward ? -1 : 1;
  yield* mergeShards(shards, (a, b) => sign * (a.id - b.id));
}

function query(e: Expr, condition: string, filter: Filter | null, o: PageOptions, projection?: string[]): QueryCommandInput {
  const filterExpression = filter ? toExpression(filter, e) : undefined;
  const projectionExpression = projection?.map((a) => e.name(a)).join(', ');
  return {
    TableName: getConfig().recordsTable,
    KeyConditionExpression: condition,
    ...(filterExpression ? { FilterExpression: filterExpression } : {}),
    ...(projectionExpression ? { ProjectionExpression: projectionExpression } : {}),
    ...e.spread(),
    ScanIndexForward: !o.backward,
    ConsistentRead: true,
  };
}

/** Every page of a Query; `Limit` starts at `first` and grows fourfold, to DynamoDB's 1 MB. */
async function* pages(input: QueryCommandInput, first?: number): AsyncGenerator<Item[]> {
  let start: Record<string, unknown> | undefined;
  let limit = first;
  do {
    const res = await dynamo.send(
      new QueryCommand({ ...input, ...(limit ? { Limit: limit } : {}), ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    start = res.LastEvaluatedKey;
    if (limit) limit = limit >= 2500 ? undefined : limit * 4;
    yield (res.Items ?? []) as Item[];
  } while (start);
}

type KeyCondition =
  | { op: 'all' }
  | { op: 'begins_with'; from: string }
  | { op: 'between'; from: string; to: string }
  | { op: '>='; from: string }
  | { op: '<'; to: string };

/**
 * A range of values as a sort-key condition. An entry's key is `value \0 id`, so `\u0001` after a
 * value sorts after every entry of that value and before every longer value it prefixes:
 *
 *   > v   sk >= v\u0001        >= v   sk >= v        < v   sk < v        <= v   sk < v\u0001
 *
 * DynamoDB refuses an empty key value and one over 1,024 bytes, and so do these conditions:
 * - `>= ''` is no lower bound at all, and `< ''` an empty range;
 * - a value longer than an index entry holds (MAX_INDEXED_VALUE_BYTES) is in no entry, so `=` or a
 *   prefix of it is an empty range, and a bound on it is moved to a shorter prefix of it that keeps
 *   every stored value on the same side (the caller checks the exact bound on each entry).
 * Empty ranges (low above high) are null: DynamoDB refuses a BETWEEN whose ends are reversed.
 */
export function keyCondition(range: KeyRange): KeyCondition | null {
  if ('eq' in range) return fitsIndex(range.eq) ? { op: 'begins_with', from: indexValuePrefix(range.eq) } : null;
  if ('prefix' in range) {
    if (!fitsIndex(range.prefix)) return null;
    return range.prefix === '' ? { op: 'all' } : { op: 'begins_with', from: encodeValue(range.prefix) };
  }
  const from = range.from && lowerKey(range.from);
  const to = range.to && upperKey(range.to);
  if (to === '') return null;
  if (from && to !== undefined) {
    return Buffer.compare(Buffer.from(from), Buffer.from(to)) < 0 ? { op: 'between', from, to } : null;
  }
  if (from) return { op: '>=', from };
  if (to !== undefined) return { op: '<', to };
  return { op: 'all' };
}

/** Where the entries at or above a lower bound start; '' (every entry) is no bound. */
function lowerKey(bound: Bound): string {
  const value = encodeValue(bound.value);
  // A whole-character prefix within the limit sorts at or below every stored value above the bound.
  if (!fitsIndex(value)) return prefixOf(value, false);
  return value + (bound.inclusive ? '' : '\u0001');
}

/** Where the entries below an upper bound end (exclusive); '' is an empty range. */
function upperKey(bound: Bound): string {
  const value = encodeValue(bound.value);
  // The shortest whole-character prefix reaching the limit sorts at or above every stored value
  // below the bound, also one that differs from the bound inside the character where it is cut.
  if (!fitsIndex(value)) return `${prefixOf(value, true)}\u0001`;
  return value + (bound.inclusive ? '\u0001' : '');
}

/**
 * The longest prefix of whole characters within MAX_INDEXED_VALUE_BYTES, or (`reach`) the shortest
 * one of at least that many bytes; at most three bytes over the limit, well within a key's 1,024.
 */
function prefixOf(text: string, reach: boolean): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const next = bytes + Buffer.byteLength(char, 'utf8');
    if (!reach && next > MAX_INDEXED_VALUE_BYTES) break;
    bytes = next;
    end += char.length;
    if (reach && bytes >= MAX_INDEXED_VALUE_BYTES) break;
  }
  return text.slice(0, end);
}
