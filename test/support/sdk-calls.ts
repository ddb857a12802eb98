/**
 * Watches the DynamoDB calls the handlers make, through an SDK middleware on the shared client:
 * how many, which, and in how many sequential rounds (calls that overlap in time are one round).
 */
import { dynamoClient } from '../../shared/store/client';
import { RECORDED_PARTITION, counterKey, idCounter } from '../../shared/store/keys';

export interface SdkCall {
  command: string;
  /** Tables the call touches. */
  tables: string[];
  start: number;
  end: number;
  /** A read of the recorded catalogue: once per cache period per container, not per request. */
  catalogueRead: boolean;
  /**
   * Made in the round of the API log, after the answer: the removal of a finished write's journal
   * entries, the keeping of an answer for its Idempotency-Key.
   */
  afterAnswer: boolean;
  /** A draw of record ids (UpdateItem on a model's id counter): made by a request only when its container's block is short. */
  idDraw: boolean;
}

const calls: SdkCall[] = [];
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      const call: SdkCall = {
        command: String(context.commandName),
        tables: tablesOf(args.input),
        start: performance.now(),
        end: 0,
        catalogueRead: (args.input as { ExpressionAttributeValues?: Record<string, unknown> }).ExpressionAttributeValues?.[':pk'] === RECORDED_PARTITION,
        afterAnswer: isAfterAnswer(String(context.commandName), args.input),
        idDraw: String(context.commandName) === 'UpdateItemCommand' && pkOf((args.input as { Key?: unknown }).Key).startsWith(ID_COUNTERS),
      };
      try {
        return await next(args);
      } finally {
        call.end = performance.now();
        calls.push(call);
      }
    },
    { step: 'initialize', name: 'testCallCounter' },
  );
}

const ID_COUNTERS = counterKey(idCounter('')).pk;

/** A key's partition, marshalled or not. */
const pkOf = (key: unknown): string => {
  const pk = (key as { pk?: unknown } | undefined)?.pk;
  return typeof pk === 'string' ? pk : String((pk as { S?: string } | undefined)?.S ?? '');
};

/** A call made in the round of the API log: a journal's removal, an answer kept for its key. */
export function isAfterAnswer(command: string, input: unknown): boolean {
  command = command.endsWith('Command') ? command : `${command}Command`;
  const i = input as { Key?: unknown; RequestItems?: Record<string, { DeleteRequest?: { Key: unknown } }[]> };
  if (command === 'UpdateItemCommand') return pkOf(i.Key).startsWith('K#');
  if (command !== 'BatchWriteItemCommand') return false;
  const requests = Object.values(i.RequestItems ?? {}).flat();
  return requests.length > 0 && requests.every((r) => r.DeleteRequest && pkOf(r.DeleteRequest.Key).startsWith('J#'));
}

function tablesOf(input: unknown): string[] {
  const i = input as { TableName?: string; RequestItems?: object; TransactItems?: Record<string, { TableName?: string }>[] };
  if (i.TableName) return [i.TableName];
  if (i.RequestItems) return Object.keys(i.RequestItems);
  if (i.TransactItems) return [...new Set(i.TransactItems.flatMap((t) => Object.values(t).map((op) => op.TableName ?? '')))];
  return [];
}

/**
 * Runs `fn` and reports the DynamoDB calls made meanwhile by the route handlers in this process.
 * The authorizer's key lookup is left out: in AWS it is another function, before the route's.
 * So is the API log write (one PutItem after the answer is made, its own round), with what goes in
 * its round (a finished write's journal removed, an answer kept for its Idempotency-Key), unless
 * `includeLogs` asks for it: round counts then speak of the business work alone. So is the read
 * of the recorded catalogue, which a container makes once per cache period (with the parameters).
 * `withoutIdDraws` leaves out draws of record ids too: a request draws only when its container's
 * block is short, so two requests compared side by side may differ by one draw (and its round).
 */
export async function watchCalls<T>(
  fn: () => Promise<T>,
  options: { includeLogs?: boolean; withoutIdDraws?: boolean } = {},
): Promise<{ result: T; calls: SdkCall[]; rounds: number }> {
  install();
  const from = calls.length;
  const result = await fn();
  const left = [process.env.AUTH_TABLE, ...(options.includeLogs ? [] : [process.env.LOGS_TABLE])];
  const seen = calls
    .slice(from)
    .filter((c) => !c.catalogueRead && !c.tables.some((t) => left.includes(t)) && (options.includeLogs || !c.afterAnswer) && !(options.withoutIdDraws && c.idDraw))
    .sort((a, b) => a.start - b.start);
  return { result, calls: seen, rounds: countRounds(seen) };
}

/** Sequential rounds: a call that starts after every call of the current round has ended opens the next. */
export const countRounds = (sorted: readonly SdkCall[]): number => groupRounds(sorted).length;

/** Calls (sorted by start) in their sequential rounds, as countRounds counts them. */
export function groupRounds<C extends { start: number; end: number }>(sorted: readonly C[]): C[][] {
  const rounds: C[][] = [];
  let roundEnd = -Infinity;
  for (const call of sorted) {
    if (call.start >= roundEnd) rounds.push([call]);
    else rounds.at(-1)!.push(call);
    roundEnd = call.start >= roundEnd ? call.end : Math.max(roundEnd, call.end);
  }
  return rounds;
}

export const countBy = (list: readonly SdkCall[]): Record<string, number> =>
  list.reduce<Record<string, number>>((acc, c) => ((acc[c.command] = (acc[c.command] ?? 0) + 1), acc), {});

/** Runs `fn` and reports every DynamoDB call made meanwhile in this process, auth table included. */
export async function watchAllCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: SdkCall[]; rounds: number }> {
  install();
  const from = calls.length;
  const result = await fn();
  const seen = calls.slice(from).sort((a, b) => a.start - b.start);
  return { result, calls: seen, rounds: countRounds(seen) };
}
