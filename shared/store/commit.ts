import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { retryDelay } from '../aws/clients';
import { withDeadline } from '../aws/deadline';
import { isServiceFailure } from '../aws/errors';
import { getConfig } from '../config';
import { dynamo } from './client';
import { StoreError, type StoreFailure } from './errors';
import { journalItems, journalKey, journalRef, markExpiry, partsFor, type JournalRef, type UndoEntry, type WriteFacts } from './journal';
import { sendTransaction, transactionToken, type TxOutcome } from './transaction';
import type { ItemAbout, TransactItem, TxItem } from './types';
import { undoTransaction, type UndoResult } from './undo';

/** DynamoDB's limits of one TransactWriteItems call (items; bytes with room for the envelope). */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 3_500_000;
/**
 * Transactions of one write in flight at once: a write of a few hundred items is one round; a write
 * of thousands goes in waves rather than as a burst on the same partitions.
 */
export const MAX_CONCURRENT_TRANSACTIONS = 16;

/** When the phases of the request end (shared/lambda/budget.ts); a commit without them has no deadline. */
export interface CommitDeadlines {
  /** No transaction is sent after this. */
  workUntil: number;
  /** Outcomes of the transactions sent are known by then, or they are fenced. */
  commitUntil: number;
  /** Fences and undo end here; what is left goes to the recovery. */
  undoUntil: number;
  /** When the request can no longer be running: the recovery may take its writes in hand. */
  end: number;
}

export interface CommitOptions {
  /**
   * All or nothing: when the items span several transactions and one fails, the others are undone
   * (the `rollback_except` switch). Without it, the transactions that succeeded stay.
   */
  atomic: boolean;
  deadlines?: CommitDeadlines;
  /** Names the write in its transactions' tokens and its journal. @default a random id */
  writeId?: string;
  /** What the API log needs, should the recovery have to finish the write. */
  facts?: WriteFacts | null;
  /**
   * An item that must commit before any other, or nothing at all (an Idempotency-Key's): first in
   * the first transaction, which a write of several transactions sends alone before the others.
   * Its failed condition fails the write with nothing written.
   */
  lead?: TxItem;
}

export interface CommitReport {
  transactions: number;
  items: number;
  /** The journal of a write of several transactions: removed once the answer is given (finishWrite). */
  journal: JournalRef | null;
}

const FOREVER = Infinity;
/** The lead item's group: packed first, into the first transaction. */
const LEAD_GROUP = -2;
const NO_DEADLINES: CommitDeadlines = { workUntil: FOREVER, commitUntil: FOREVER, undoUntil: FOREVER, end: FOREVER };
/** Without a deadline, the recovery treats a write as abandoned this long after it started. */
const UNBOUNDED_WRITE_MS = 15 * 60_000;

/**
 * Writes the items: in one transaction when they fit, which is atomic by itself; else in several,
 * made all-or-nothing by a journal (docs/writes.md):
 *
 *   tx 1 + journal entry 1 ──► committed ─┐
 *   tx 2 + journal entry 2 ──► committed ─┼─► all committed: done (the entries go after the answer)
 *   tx 3 + journal entry 3 ──► no answer ─┘   else: unknown outcomes fenced, committed ones undone
 *
 * A transaction whose answer is lost is sent again with the same token (it cannot apply twice);
 * one still unknown when its time is up is fenced: a mark put in place of its journal entry, which
 * it needs to commit. A request that dies midway leaves committed entries for the recovery.
 */
export async function commit(items: readonly TxItem[], options: CommitOptions): Promise<CommitReport> {
  if (items.length === 0) return { transactions: 0, items: 0, journal: null };
  const deadlines = options.deadlines ?? NO_DEADLINES;
  const writeId = options.writeId ?? randomUUID();
  const all = options.lead ? [{ ...options.lead, group: LEAD_GROUP }, ...items] : items;
  if (fitsOne(all)) return commitOne(all, writeId, deadlines);
  return commitMany(all, writeId, deadlines, options);
}

async function commitOne(items: readonly TxItem[], writeId: string, d: CommitDeadlines): Promise<CommitReport> {
  if (Date.now() >= d.workUntil) throw new StoreError({ reason: 'unavailable' });
  const outcome = await sendTransaction(items.map((i) => i.write), transactionToken(writeId, 0), d.commitUntil);
  if (outcome.status === 'committed') return { transactions: 1, items: items.length, journal: null };
  throw failureOf(outcome, items, { outcomeUnknown: outcome.status === 'unknown' });
}

type Sent = TxOutcome | { status: 'skipped' };

async function commitMany(items: readonly TxItem[], writeId: string, d: CommitDeadlines, options: CommitOptions): Promise<CommitReport> {
  const table = getConfig().recordsTable;
  const chunks = pack(items);
  const deadline = d.end === FOREVER ? Date.now() + UNBOUNDED_WRITE_MS : d.end;
  const ref = journalRef(writeId, deadline, chunks.length);
  const meta = { rollback: options.atomic, facts: options.facts ?? null };
  const journals = chunks.map((c, t) => journalItems(ref, t, undoOf(c), meta));
  const transactionOf = (t: number): TransactItem[] => [
    ...chunks[t]!.map((i) => i.write),
    ...journals[t]!.map((Item) => ({ Put: { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk)' } })),
  ];

  const send = (t: number): Promise<Sent> =>
    Date.now() >= d.workUntil ? Promise.resolve({ status: 'skipped' }) : sendTransaction(transactionOf(t), transactionToken(writeId, t), d.commitUntil);
  const sent = options.lead ? await sendLedFirst(chunks.length, send) : await sendAll(chunks.length, send);
  if (sent.every((s) => s.status === 'committed')) return { transactions: chunks.length, items: items.length, journal: ref };

  // Settle what is unknown: a fence either finds the entry (committed) or keeps it from ever being.
  // A cancelled copy settles nothing when an earlier one got no answer: that one may commit yet.
  const committed = new Set<number>();
  const unknown = new Set<number>();
  await Promise.all(
    sent.map(async (s, t) => {
      if (s.status === 'committed') committed.add(t);
      if (s.status !== 'unknown' && !(s.status === 'cancelled' && s.unanswered)) return;
      const fenced = await fence(table, ref, t, d.undoUntil);
      if (fenced === 'committed') committed.add(t);
      if (fenced === 'unknown') unknown.add(t);
    }),
  );
  if (committed.size === chunks.length) return { transactions: chunks.length, items: items.length, journal: ref };
  const failed = sent.findIndex((s) => s.status === 'cancelled' || s.status === 'failed');
  const failure = failed === -1 ? null : failureOf(sent[failed] as TxOutcome, chunks[failed]!, {});

  if (!options.atomic) {
    // Rollback off: what committed stays; its entries go now, an unknown one's stay for the recovery.
    await finishWrite(ref, [...committed], journals.map((j) => j.length)).catch(() => undefined);
    throw rethrow(failure, { committed: committed.size > 0, outcomeUnknown: unknown.size > 0 });
  }
  const undone = await settleAll([...committed], (t) =>
    undoTransaction({ table, ref, transaction: t, parts: journals[t]!.length, entries: undoOf(chunks[t]!) }, d.undoUntil),
  );
  const kept = undone.flatMap((u) => (u.state === 'kept' ? u.kept : []));
  const recoveryPending = unknown.size > 0 || undone.some((u) => u.state === 'pending');
  throw rethrow(failure, { committed: kept.length > 0, kept, recoveryPending });
}

/** The failure to report: the transaction's own, or DynamoDB's unavailability. */
function rethrow(failure: Error | null, leftover: ConstructorParameters<typeof StoreError>[1]): Error {
  if (failure instanceof StoreError) return new StoreError(failure.failure, leftover, { cause: failure.cause });
  if (failure) return failure; // a bug: rethrown as it is, after the undo
  return new StoreError({ reason: 'unavailable' }, leftover);
}

/**
 * Deletes the journal entries of a write whose transactions are all in place (or, with rollback
 * off, of those that committed): once the answer is given, in the round of the API log.
 */
export async function finishWrite(ref: JournalRef, transactions?: readonly number[], parts?: readonly number[]): Promise<void> {
  const table = getConfig().recordsTable;
  const which = transactions ?? Array.from({ length: ref.transactions }, (_, t) => t);
  const keys = which.flatMap((t) => Array.from({ length: parts?.[t] ?? 1 }, (_, p) => journalKey(ref, t, p)));
  await deleteKeys(table, keys);
}

/** Deletes items by key, 25 a call, the calls sent together; keys DynamoDB leaves unprocessed are sent again. */
export const deleteKeys = (table: string, keys: readonly { pk: string; sk: string }[]): Promise<void> =>
  batchWrite(table, keys.map((Key) => ({ DeleteRequest: { Key } })));

/** Puts items whole, 25 a call, the calls sent together; items DynamoDB leaves unprocessed are sent again. */
export const putItems = (table: string, items: readonly Record<string, unknown>[]): Promise<void> =>
  batchWrite(table, items.map((Item) => ({ PutRequest: { Item } })));

type WriteRequest = { DeleteRequest: { Key: { pk: string; sk: string } } } | { PutRequest: { Item: Record<string, unknown> } };

async function batchWrite(table: string, requests: readonly WriteRequest[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  await Promise.all(
    batches.map(async (batch) => {
      let pending = batch;
      for (let attempt = 1; pending.length > 0; attempt++) {
        if (attempt > 1) await new Promise((r) => setTimeout(r, retryDelay(attempt)));
        const res = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (res.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      }
    }),
  );
}

/**
 * Puts a fence in place of a transaction's journal entry, unless the entry is there: `committed`
 * when it is (the transaction committed), `fenced` when the fence is (it never will). Sent until an
 * answer comes; a put of the same fence twice is harmless.
 */
export async function fence(table: string, ref: JournalRef, transaction: number, until: number): Promise<'committed' | 'fenced' | 'unknown'> {
  const item = { ...journalKey(ref, transaction, 0), w: ref.writeId, t: transaction, n: ref.transactions, dl: ref.deadline, st: 'f', expiresAt: markExpiry() };
  for (let attempt = 1; ; attempt++) {
    try {
      await withDeadline(until, () =>
        dynamo.send(
          new PutCommand({
            TableName: table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk) OR #st = :f',
            ExpressionAttributeNames: { '#st': 'st' },
            ExpressionAttributeValues: { ':f': 'f' },
          }),
        ),
      );
      return 'fenced';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'committed';
      const pause = retryDelay(attempt);
      if (Date.now() + pause >= until) return 'unknown';
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}

/** The undo entries of a transaction's items. */
const undoOf = (chunk: readonly TxItem[]): UndoEntry[] => chunk.map((i) => ({ group: i.group, item: i.undo, about: i.about }));

/** Sends transactions `0..count-1`, 16 at a time; none starts once one was refused. */
async function sendAll(count: number, send: (t: number) => Promise<Sent>): Promise<Sent[]> {
  const results: Sent[] = Array.from({ length: count }, () => ({ status: 'skipped' }));
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (next < count && !stop) {
      const t = next++;
      results[t] = await send(t);
      if (results[t]!.status === 'cancelled' || results[t]!.status === 'failed') stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_TRANSACTIONS, count) }, worker));
  return results;
}

/** The first transaction alone, then, once it committed, the others. */
async function sendLedFirst(count: number, send: (t: number) => Promise<Sent>): Promise<Sent[]> {
  const first = await send(0);
  if (first.status !== 'committed') return [first, ...Array.from({ length: count - 1 }, (): Sent => ({ status: 'skipped' }))];
  const rest = await sendAll(count - 1, (t) => send(t + 1));
  return [first, ...rest];
}

async function settleAll(transactions: number[], undo: (t: number) => Promise<UndoResult>): Promise<UndoResult[]> {
  const results: UndoResult[] = [];
  for (let i = 0; i < transactions.length; i += MAX_CONCURRENT_TRANSACTIONS) {
    results.push(...(await Promise.all(transactions.slice(i, i + MAX_CONCURRENT_TRANSACTIONS).map(undo))));
  }
  return results;
}

const fitsOne = (items: readonly TxItem[]): boolean =>
  items.length <= MAX_TRANSACTION_ITEMS && items.reduce((n, i) => n + i.bytes, 0) <= MAX_TRANSACTION_BYTES;

/**
 * Packs items into transactions within DynamoDB's limits, with room in each for its journal entry
 * (its undo, in parts), never splitting a record's group.
 */
export function pack(items: readonly TxItem[]): TxItem[][] {
  const groups = new Map<number, TxItem[]>();
  for (const item of items) {
    const group = groups.get(item.group);
    if (group) group.push(item);
    else groups.set(item.group, [item]);
  }
  const out: TxItem[][] = [];
  let current: TxItem[] = [];
  let bytes = 0;
  let undoBytes = 0;
  for (const group of groups.values()) {
    const size = group.reduce((n, i) => n + i.bytes, 0);
    const undoSize = group.reduce((n, i) => n + i.undoBytes, 0);
    const parts = partsFor(undoBytes + undoSize);
    const full = current.length + group.length + parts > MAX_TRANSACTION_ITEMS || bytes + size + undoBytes + undoSize > MAX_TRANSACTION_BYTES;
    if (current.length > 0 && full) {
      out.push(current);
      current = [];
      bytes = 0;
      undoBytes = 0;
    }
    current.push(...group);
    bytes += size;
    undoBytes += undoSize;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Names the failure of a transaction from DynamoDB's answer; a bug is returned as it is. */
function failureOf(outcome: TxOutcome, items: readonly TxItem[], leftover: ConstructorParameters<typeof StoreError>[1]): Error {
  const error = 'error' in outcome ? outcome.error : null;
  const failure =
    error instanceof TransactionCanceledException ? describe(error, items) : isServiceFailure(error) ? ({ reason: 'unavailable' } as const) : null;
  if (!failure) return error instanceof Error ? error : new Error(String(error));
  return new StoreError(failure, leftover, { cause: error });
}

function describe(error: TransactionCanceledException, items: readonly TxItem[]): StoreFailure | null {
  const reasons = error.CancellationReasons ?? [];
  const at = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
  if (at !== -1) {
    // Past the items: a journal entry already there, put by the recovery of a request out of time.
    const about: ItemAbout | undefined = items[at]?.about;
    if (!about) return { reason: 'unavailable' };
    if (about.kind === 'idempotency') return { reason: 'key_taken' };
    if (about.kind === 'guard' || about.kind === 'claim') {
      return { reason: 'duplicate', model: about.model, field: about.field!, value: about.value ?? null };
    }
    return { reason: 'conflict', model: about.model, id: about.id };
  }
  if (reasons.some((r) => r.Code === 'TransactionConflict')) return { reason: 'conflict', model: '', id: null };
  if (reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded') || reasons.length === 0) {
    return { reason: 'unavailable' };
  }
  return null;
}

