import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Model, StoredScalar } from '../catalogue';
import type { RecordState } from '../plan';
import { getConfig } from '../config';
import { dynamo } from './client';
import { encodeValue } from './codec';
import { allOf, toExpression, visibilityFilter, type Filter, type Visibility } from './filter';
import { fromRecordItem, type Item } from './items';
import { indexPartition, indexValuePrefix, recordPartition } from './keys';
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

/** Entries of `model.field` within the range, a page at a time, in key order. */
export async function* indexPages(model: Model, field: string, range: KeyRange, o: PageOptions): AsyncGenerator<IndexEntry[]> {
  const key = keyCondition(range);
  if (!key) return;
  const e = new Expr();
  const condition = [`${e.name('pk')} = ${e.value(indexPartition(model.name, field))}`];
  if (key.op === 'begins_with') condition.push(`begins_with(${e.name('sk')}, ${e.value(key.from)})`);
  else if (key.op === 'between') condition.push(`${e.name('sk')} BETWEEN ${e.value(key.from)} AND ${e.value(key.to)}`);
  else if (key.op === '>=') condition.push(`${e.name('sk')} >= ${e.value(key.from)}`);
  else if (key.op === '<') condition.push(`${e.name('sk')} < ${e.value(key.to)}`);
  const filter = visibilityFilter(o.visibility, 'co', 'act');
  const input = query(e, condition.join(' AND '), filter, o, ['id', 'v', 'co', 'act']);
  for await (const items of pages(input, o.firstPage)) {
    yield items.map((item) => ({
      id: Number(item.id),
      value: item.v === undefined ? null : (item.v as StoredScalar),
      company: typeof item.co === 'number' ? item.co : null,
      active: item.act !== false,
    }));
  }
}

/** Records of a model, a page at a time in id order, narrowed by DynamoDB with `filter`. */
export async function* recordPages(model: Model, filter: Filter | null, o: PageOptions): AsyncGenerator<RecordState[]> {
  const e = new Expr();
  const condition = `${e.name('pk')} = ${e.value(recordPartition(model.name))}`;
  const visible = visibilityFilter(o.visibility, model.companyScoped ? 'company_id' : null, model.archivable ? 'active' : null);
  const input = query(e, condition, allOf([visible, filter]), o);
  for await (const items of pages(input, o.firstPage)) yield items.map((item) => fromRecordItem(model, item));
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
 * Empty ranges (low above high) are null: DynamoDB refuses a BETWEEN whose ends are reversed.
 */
export function keyCondition(range: KeyRange): KeyCondition | null {
  if ('eq' in range) return { op: 'begins_with', from: indexValuePrefix(range.eq) };
  if ('prefix' in range) return { op: 'begins_with', from: encodeValue(range.prefix) };
  const from = range.from && encodeValue(range.from.value) + (range.from.inclusive ? '' : '\u0001');
  const to = range.to && encodeValue(range.to.value) + (range.to.inclusive ? '\u0001' : '');
  if (from !== undefined && to !== undefined) {
    return Buffer.compare(Buffer.from(from), Buffer.from(to)) < 0 ? { op: 'between', from, to } : null;
  }
  if (from !== undefined) return { op: '>=', from };
  if (to !== undefined) return { op: '<', to };
  return { op: 'all' };
}
