import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { StoreError, type StoreFailure } from './errors';
import type { TransactItem, TxItem } from './transact-items';

/** DynamoDB's limits of one TransactWriteItems call (items; bytes with room for the envelope). */
export const MAX_TRANSACTION_ITEMS = 100;
export const MAX_TRANSACTION_BYTES = 3_500_000;

export interface CommitOptions {
  /**
   * All or nothing: when the items span several transactions and one fails, the others are undone
   * (the `rollback_except` switch). Without it, the transactions that succeeded stay.
   */
  atomic: boolean;
  /** Token making a retried call of the same transaction idempotent (single-transaction plans). */
  clientRequestToken?: string;
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
 * Between a chunk's commit and its undo, a concurrent reader can see its items: the guarantee is
 * that a failed request leaves nothing behind, not isolation while it fails.
 */
export async function commit(items: readonly TxItem[], options: CommitOptions): Promise<CommitReport> {
  if (items.length === 0) return { transactions: 0, items: 0 };
  const chunks = chunk(items);
  const results = await Promise.allSettled(
    chunks.map((c) => send(c.map((i) => i.write), chunks.length === 1 ? options.clientRequestToken : undefined)),
  );
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
  const results = await Promise.allSettled(chunk(undoItems).map((c) => sendWithRetry(c.map((i) => i.write))));
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

async function send(items: TransactItem[], token?: string): Promise<void> {
  await dynamo.send(new TransactWriteCommand({ TransactItems: items, ...(token ? { ClientRequestToken: token } : {}) }));
}

function chunk(items: readonly TxItem[]): TxItem[][] {
  const out: TxItem[][] = [];
  let current: TxItem[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length >= MAX_TRANSACTION_ITEMS || (current.length > 0 && bytes + item.bytes > MAX_TRANSACTION_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
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
