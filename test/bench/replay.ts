/**
 * What a request costs in AWS calls, and the floor its latency is compared with.
 *
 * `record(fn)` runs `fn` and keeps every DynamoDB and S3 call this process makes meanwhile (the
 * handlers', the authorizer's and the API log's), with its input as sent (DynamoDB items in their
 * wire form) and its start and end. `prepareReplay(calls)` turns them into the same work for
 * clients of its own, round by round: reads are sent again as they were; writes go to fresh keys
 * (the partition key moved under `FLOOR#<n>#`, the object key under `floor/<n>/`) without their
 * conditions, which the fresh keys would not meet, so that every replay writes as many items, of
 * the same size, to the same tables and indexes. Running the replay sends each round's calls
 * together and the rounds one after the other, as the request did: the time of DynamoDB and S3
 * alone, with nothing of ours around them.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { dynamoClient } from '../../shared/store/client';
import { s3 } from '../../shared/files';
import { groupRounds } from '../support/sdk-calls';

export interface RecordedCall {
  service: 'dynamodb' | 's3';
  command: string;
  /** As sent; `any`: the inputs of a dozen commands, rebuilt below by command name. */
  input: Record<string, any>;
  start: number;
  end: number;
}

const recorded: RecordedCall[] = [];
let installed = false;
/** Recordings under way: calls made outside any are not kept. */
let active = 0;

function install(): void {
  if (installed) return;
  installed = true;
  // At the build step the document client has marshalled its input: what goes on the wire.
  const options = { step: 'build', priority: 'high', name: 'benchRecorder' } as const;
  dynamoClient.middlewareStack.add((next, context) => (args) => track('dynamodb', context.commandName, args.input, () => next(args)), options);
  s3.middlewareStack.add((next, context) => (args) => track('s3', context.commandName, args.input, () => next(args)), options);
}

async function track<T>(service: RecordedCall['service'], command: string | undefined, input: object, send: () => Promise<T>): Promise<T> {
  const call: RecordedCall = { service, command: String(command), input: input as RecordedCall['input'], start: performance.now(), end: 0 };
  try {
    return await send();
  } finally {
    call.end = performance.now();
    if (active > 0) recorded.push(call);
  }
}

/** Runs `fn`, with every DynamoDB and S3 call made meanwhile, sorted by start. */
export async function record<T>(fn: () => Promise<T>): Promise<{ result: T; calls: RecordedCall[] }> {
  install();
  const from = recorded.length;
  active++;
  try {
    const result = await fn();
    return { result, calls: recorded.splice(from).sort((a, b) => a.start - b.start) };
  } finally {
    active--;
  }
}

const rawDynamo = new DynamoDBClient({ maxAttempts: 6 });
const rawS3 = new S3Client({ maxAttempts: 3, forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' });
let replays = 0;

/** The replay of recorded calls, built before it is timed; `run` sends it and returns its milliseconds. */
export function prepareReplay(calls: readonly RecordedCall[]): { rounds: number; run: () => Promise<number> } {
  const n = ++replays;
  const rounds = groupRounds(calls).map((round) => round.map((c) => sender(c, n)));
  return {
    rounds: rounds.length,
    run: async () => {
      const start = performance.now();
      for (const round of rounds) await Promise.all(round.map((send) => send()));
      return performance.now() - start;
    },
  };
}

type Key = Record<string, AttributeValue>;

function sender(call: RecordedCall, n: number): () => Promise<unknown> {
  const i = structuredClone(call.input);
  const moved = (key: Key): Key => ({ ...key, pk: { S: `FLOOR#${n}#${key.pk!.S}` } });
  const object = (key: string) => `floor/${n}/${key}`;
  switch (call.command) {
    case 'GetItemCommand':
      return () => rawDynamo.send(new GetItemCommand(i as any));
    case 'BatchGetItemCommand':
      return () => rawDynamo.send(new BatchGetItemCommand(i as any));
    case 'QueryCommand':
      return () => rawDynamo.send(new QueryCommand(i as any));
    case 'PutItemCommand':
      return () => rawDynamo.send(new PutItemCommand(unconditioned({ ...i, Item: moved(i.Item) }) as any));
    case 'UpdateItemCommand':
      return () => rawDynamo.send(new UpdateItemCommand(unconditioned({ ...i, Key: moved(i.Key) }) as any));
    case 'DeleteItemCommand':
      return () => rawDynamo.send(new DeleteItemCommand(unconditioned({ ...i, Key: moved(i.Key) }) as any));
    case 'TransactWriteItemsCommand': {
      const items = (i.TransactItems as TransactWriteItem[]).map((t) => movedTransactItem(t, moved));
      return () => rawDynamo.send(new TransactWriteItemsCommand({ TransactItems: items }));
    }
    case 'BatchWriteItemCommand': {
      const requests = Object.fromEntries(
        Object.entries(i.RequestItems as Record<string, any[]>).map(([table, list]) => [
          table,
          list.map((r) => (r.PutRequest ? { PutRequest: { Item: moved(r.PutRequest.Item) } } : { DeleteRequest: { Key: moved(r.DeleteRequest.Key) } })),
        ]),
      );
      return () => rawDynamo.send(new BatchWriteItemCommand({ RequestItems: requests }));
    }
    case 'PutObjectCommand':
      return () => rawS3.send(new PutObjectCommand({ ...(i as any), Key: object(i.Key) }));
    case 'GetObjectCommand':
      return async () => (await rawS3.send(new GetObjectCommand(i as any))).Body?.transformToByteArray();
    case 'DeleteObjectsCommand':
      return () =>
        rawS3.send(new DeleteObjectsCommand({ ...i, Delete: { ...i.Delete, Objects: i.Delete.Objects.map((o: { Key: string }) => ({ Key: object(o.Key) })) } } as any));
    default:
      throw new Error(`replay: no equivalent for ${call.service} ${call.command}`);
  }
}

/** A transaction's item at a fresh key: a condition check stays one (on the fresh key's absence). */
function movedTransactItem(t: TransactWriteItem, moved: (key: Key) => Key): TransactWriteItem {
  if (t.Put) return { Put: unconditioned({ ...t.Put, Item: moved(t.Put.Item!) }) };
  if (t.Update) return { Update: unconditioned({ ...t.Update, Key: moved(t.Update.Key!) }) };
  if (t.Delete) return { Delete: unconditioned({ ...t.Delete, Key: moved(t.Delete.Key!) }) };
  const check = t.ConditionCheck!;
  return { ConditionCheck: { TableName: check.TableName, Key: moved(check.Key!), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The input without its condition, and without the names and values only the condition used. */
function unconditioned<T extends Record<string, any>>(input: T): T {
  const { ConditionExpression: _dropped, ExpressionAttributeNames, ExpressionAttributeValues, ...rest } = input;
  const used = [rest.UpdateExpression, rest.ProjectionExpression].filter(Boolean).join(' ');
  const keep = (map: Record<string, unknown> | undefined, sigil: string) => {
    const kept = Object.entries(map ?? {}).filter(([k]) => new RegExp(`${sigil}${k.slice(1)}(?![A-Za-z0-9_])`).test(used));
    return kept.length > 0 ? Object.fromEntries(kept) : undefined;
  };
  const names = keep(ExpressionAttributeNames, '#');
  const values = keep(ExpressionAttributeValues, ':');
  return { ...rest, ...(names ? { ExpressionAttributeNames: names } : {}), ...(values ? { ExpressionAttributeValues: values } : {}) } as unknown as T;
}
