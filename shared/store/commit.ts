import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { StoreError, type StoreFailure } from './errors';
import { settleAll } from './pool';
import type { TransactItem, TxItem } from './transact-items';

/** DynamoDB's limits of one TransactWriteItems call (items; bytes with room for the envelope). */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 3_500_000;
/**
 * Transactions of one plan in flight at once: a plan of a few hundred items is one round; a plan
 * of thousands goes in waves rather than as a burst on the same index partitions.
 */
export const MAX_CONCURRENT_TRANSACTIONS = 16;

export interface CommitOptions {
  /**
   * All or nothing: when the items span several transactions and one fails, the others are undone
   * (the `rollback_except` switch). Without it, the transactions that succeeded stay.
   */
  atomic: boolean;
}

export interface CommitReport {
  transactions: number;
  items: number;
}

/**
 * Writes the items in as few transactions as DynamoDB allows, sent concurrently so that a plan of
 * any size is one round of calls. One transaction is atomic by itself; several are made
 * all-or-nothing by undoing the committed ones when another fails:
 *
 *   chunk 1  ──commit──►  ok ─┐
 *   chunk 2  ──commit──►  ok ─┼─► one failed: undo 1 and 2 (their inverse items), report the failure
 *   chunk 3  ──commit──►  ✗  ─┘
 *
 * Between a chunk's commit and its undo, a concurrent reader can see its items, and a concurrent
 * writer can change them; each undo is conditioned so that it never overwrites such a change, and
 * when one cannot apply, the failure says that part of the request stayed (`undoFailed`).
 */
export async function commit(items: readonly TxItem[], options: CommitOptions): Promise<CommitReport> {
  if (items.length === 0) return { transactions: 0, items: 0 };
  const chunks = chunk(items);
  const results = await settleAll(chunks, MAX_CONCURRENT_TRANSACTIONS, (c) => send(c.map((i) => i.write)), { stopOnFailure: true });
  const failedAt = results.findIndex((r) => r.status === 'rejected');
  if (failedAt === -1) return { transactions: chunks.length, items: items.length };

  const reason = (results[failedAt] as PromiseRejectedResult).reason;
  const failure = describe(reason, chunks[failedAt]!);
  const committed = chunks.filter((_, i) => results[i]!.status === 'fulfilled');
  let partly = committed.length > 0;
  const undoFailed = partly && options.atomic && !(await undo(committed.flat()));
  if (options.atomic) partly = undoFailed;
  // An unexpected error (a bug, a validation error) is rethrown as it is, after the undo.
  if (!failure) throw reason;
  throw new StoreError(failure, partly, { cause: reason, undoFailed });
}

/** Undoes committed items, newest transaction first; true when every undo went through. */
async function undo(items: TxItem[]): Promise<boolean> {
  const undoItems = items.map((i) => ({ ...i, write: i.undo, undo: i.write }));
  const results = await settleAll(chunk(undoItems), MAX_CONCURRENT_TRANSACTIONS, (c) => sendWithRetry(c.map((i) => i.write)));
  return results.every((r) => r.status === 'fulfilled');
}

async function sendWithRetry(items: TransactItem[], attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await send(items);
      return;
    } catch (e) {
      if (attempt >= attempts || !isRetryable(e)) throw e;
      await sleep(backoff(attempt));
    }
  }
}

async function send(items: TransactItem[]): Promise<void> {
  await dynamo.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Packs items into transactions within DynamoDB's limits, never splitting a record's group. */
function chunk(items: readonly TxItem[]): TxItem[][] {
  const groups = new Map<number, TxItem[]>();
  for (const item of items) {
    const group = groups.get(item.group);
    if (group) group.push(item);
    else groups.set(item.group, [item]);
  }
  const out: TxItem[][] = [];
  let current: TxItem[] = [];
  let bytes = 0;
  for (const group of groups.values()) {
    const size = group.reduce((n, i) => n + i.bytes, 0);
    const full = current.length + group.length > MAX_TRANSACTION_ITEMS || bytes + size > MAX_TRANSACTION_BYTES;
    if (current.length > 0 && full) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...group);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Names the failure of a transaction from DynamoDB's cancellation reasons. */
function describe(error: unknown, items: TxItem[]): StoreFailure | null {
  if (error instanceof TransactionCanceledException) {
    const reasons = error.CancellationReasons ?? [];
    const at = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    if (at !== -1) {
      const about = items[at]!.about;
      if (about.kind === 'guard' || about.kind === 'claim') {
        return { reason: 'duplicate', model: about.model, field: about.field!, value: about.value ?? null };
      }
      return { reason: 'conflict', model: about.model, id: about.id };
    }
    if (reasons.some((r) => r.Code === 'TransactionConflict')) return { reason: 'conflict', model: '', id: null };
    if (reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded')) {
      return { reason: 'unavailable' };
    }
  }
  if (isRetryable(error)) return { reason: 'unavailable' };
  return null;
}

function isRetryable(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) =>
      ['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded'].includes(r.Code ?? ''),
    );
  }
  const name = (error as { name?: string })?.name ?? '';
  return ['ThrottlingException', 'ProvisionedThroughputExceededException', 'TransactionInProgressException', 'RequestLimitExceeded'].includes(name);
}

/** Exponential backoff with full jitter (base 25 ms, cap 1 s). */
export function backoff(attempt: number): number {
  return Math.random() * Math.min(1000, 25 * 2 ** attempt);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
