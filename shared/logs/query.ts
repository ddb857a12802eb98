import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import { s3 } from '../files';
import { dynamo } from '../store/client';
import { LISTINGS, SHARDS, firstIdAt, listingKey, logItemKey, modelListing, type Listing } from './keys';
import { LOG_FIELDS, type ApiLog, type LogState, type WholeCall } from './types';

/** What `logs` can filter on; every filter given must hold. */
export interface LogFilter {
  /** Logs made at or after this time. */
  since?: Date;
  /** `create_data` or `/api/create_data`. */
  route?: string;
  state?: LogState;
  model?: string;
}

/** One log by id (a GetItem: the id names its shard), or null. */
export async function getLog(id: string): Promise<ApiLog | null> {
  const res = await dynamo.send(
    new GetCommand({ TableName: getConfig().logsTable, Key: logItemKey(id), ConsistentRead: true }),
  );
  return res.Item ? toLog(res.Item) : null;
}

export interface ListOptions {
  /** Logs wanted: the listing stops there, and reads pages sized for it. @default all */
  limit?: number;
  /** Logs read from each shard per Query. @default about 1.5 x limit / SHARDS, at most 100 */
  pageSize?: number;
}

/**
 * Logs newest first, read lazily: the listing that fits the filter (failures, a model, a route,
 * else time) is queried on all its shards at once, a page each, and the pages are merged by id;
 * a shard's next page is read only when the merge reaches its end. The other filters are
 * applied by DynamoDB as it reads (a filter expression on a Query, never a Scan).
 */
export async function* listLogs(filter: LogFilter = {}, options: ListOptions = {}): AsyncGenerator<ApiLog> {
  const limit = options.limit ?? Infinity;
  const pageSize = options.pageSize ?? Math.min(100, Number.isFinite(limit) ? Math.ceil((limit * 1.5) / SHARDS) + 2 : 100);
  const functionName = filter.route?.replace(/^\/?api\//, '');
  const [listing, value] = chooseListing(filter, functionName);
  // A model outside the catalogue shares the unknown models' listing, which is then filtered.
  const modelListed = listing === 'model' && value === filter.model;
  const others = {
    ...(functionName !== undefined && listing !== 'route' ? { function_name: functionName } : {}),
    ...(filter.state !== undefined && listing !== 'state' ? { state: filter.state } : {}),
    ...(filter.model !== undefined && !modelListed ? { model: filter.model } : {}),
  };
  const shards = Array.from({ length: SHARDS }, (_, shard) => new ShardReader(query(listing, value, shard, filter.since, others, pageSize)));
  for (let taken = 0; taken < limit; taken++) {
    await Promise.all(shards.map((s) => s.fill()));
    let newest: ShardReader | undefined;
    for (const s of shards) if (s.head && (!newest || s.head.log_id > newest.head!.log_id)) newest = s;
    if (!newest) return;
    yield newest.take();
  }
}

/** The most selective listing for the filter: failures and dry runs are few, a model or a route narrows. */
function chooseListing(filter: LogFilter, functionName: string | undefined): [Listing, string | undefined] {
  if (filter.state === 'failed' || filter.state === 'dry_run') return ['state', filter.state];
  if (filter.model !== undefined) return ['model', modelListing(filter.model)];
  if (functionName !== undefined) return ['route', functionName];
  if (filter.state !== undefined) return ['state', filter.state];
  return ['time', undefined];
}

function query(
  listing: Listing,
  value: string | undefined,
  shard: number,
  since: Date | undefined,
  equal: Record<string, string>,
  pageSize: number,
): QueryCommandInput {
  const { index, attribute } = LISTINGS[listing];
  const names: Record<string, string> = { '#k': attribute };
  const values: Record<string, unknown> = { ':k': listingKey(listing, value, shard) };
  let condition = '#k = :k';
  if (since) {
    Object.assign(names, { '#sk': 'sk' });
    Object.assign(values, { ':since': firstIdAt(since.getTime()) });
    condition += ' AND #sk >= :since';
  }
  const filters = Object.entries(equal).map(([field, v], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = v;
    return `#f${i} = :f${i}`;
  });
  return {
    TableName: getConfig().logsTable,
    ...(index ? { IndexName: index } : {}),
    KeyConditionExpression: condition,
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
    Limit: pageSize,
  };
}

/** One shard of a listing, read a page at a time. */
class ShardReader {
  private buffer: ApiLog[] = [];
  private next: Record<string, unknown> | undefined;
  private done = false;

  constructor(private readonly input: QueryCommandInput) {}

  get head(): ApiLog | undefined {
    return this.buffer[0];
  }

  take(): ApiLog {
    return this.buffer.shift()!;
  }

  /** Reads pages until one holds a log or the shard ends (a filtered page may be empty). */
  async fill(): Promise<void> {
    while (this.buffer.length === 0 && !this.done) {
      const res = await dynamo.send(new QueryCommand({ ...this.input, ...(this.next ? { ExclusiveStartKey: this.next } : {}) }));
      this.buffer = (res.Items ?? []).map(toLog);
      this.next = res.LastEvaluatedKey;
      this.done = !this.next;
    }
  }
}

/** The stored item as a log: its fields in their documented order, absent nullable ones as null. */
function toLog(item: Record<string, unknown>): ApiLog {
  const nullable = new Set(['model', 'error_code', 'source_ip', 'attachment']);
  const log: Record<string, unknown> = {};
  for (const field of LOG_FIELDS) {
    if (item[field] !== undefined) log[field] = item[field];
    else if (nullable.has(field)) log[field] = null;
  }
  log.res_ids ??= [];
  return log as unknown as ApiLog;
}

/**
 * The whole request (`params`) and response body of a log: from S3 when they were spilled, else
 * the previews, which are then whole. `complete` is false when only cut previews exist.
 */
export async function readWholeCall(log: ApiLog): Promise<WholeCall> {
  if (log.attachment) {
    const res = await s3.send(new GetObjectCommand({ Bucket: getConfig().filesBucket, Key: log.attachment }));
    const saved = JSON.parse(await res.Body!.transformToString('utf8')) as { data: unknown; result: unknown };
    return { data: saved.data, result: saved.result, complete: true };
  }
  const whole = (text: string, size: number) => Buffer.byteLength(text, 'utf8') === size;
  const complete = whole(log.data_preview, log.data_size) && whole(log.result_preview, log.result_size);
  return { data: parseOrText(log.data_preview), result: parseOrText(log.result_preview), complete };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
