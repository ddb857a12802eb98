import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { retryDelay } from '../aws/clients';
import { watchAttempts, withDeadline, type AttemptFate } from '../aws/deadline';
import { dynamo } from './client';
import type { TransactItem } from './types';

/**
 * What one transaction did, as far as DynamoDB said:
 * - `committed`: it is written (by this send or an earlier one with the same token);
 * - `cancelled`: DynamoDB cancelled it (a condition, a conflict, throttling) and nothing of it is written,
 *   unless `unanswered`: an earlier copy got no answer and may still be on its way, to commit later;
 * - `failed`: it was refused or never reached DynamoDB, and nothing of it is written;
 * - `unknown`: some attempt got no answer in time; it may be written.
 */
export type TxOutcome =
  | { status: 'committed' }
  | { status: 'cancelled'; error: TransactionCanceledException; unanswered: boolean }
  | { status: 'failed'; error: unknown }
  | { status: 'unknown'; error: unknown };

/**
 * A ClientRequestToken (at most 36 characters) for one transaction of a write. DynamoDB answers a
 * second send with the same token and the same items as the first (for 10 minutes): committed if
 * it was, without writing again. That is how a lost answer is told from a transaction that failed.
 */
export const transactionToken = (...parts: (string | number)[]): string =>
  createHash('sha256').update(parts.join('/')).digest('base64url').slice(0, 32);

/**
 * Sends a transaction until DynamoDB says whether it committed, or `until` passes. The SDK's own
 * retries resend the same request; past them, when an attempt got no answer (a timeout, a lost
 * connection, a server error), the transaction is sent again with the same token, which cannot
 * write it twice, until an answer settles it.
 */
export async function sendTransaction(items: TransactItem[], token: string, until: number): Promise<TxOutcome> {
  const fates: AttemptFate[] = [];
  for (let send = 1; ; send++) {
    const { result, attempts } = await watchAttempts(() =>
      withDeadline(until, () => dynamo.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token }))),
    );
    fates.push(...attempts);
    if (result.status === 'fulfilled') return { status: 'committed' };
    const error: unknown = result.reason;
    // DynamoDB answers a copy with the token of a committed transaction as committed, but a copy
    // delayed on the way (or in a busy server's queue) can arrive after this one was cancelled.
    if (error instanceof TransactionCanceledException) return { status: 'cancelled', error, unanswered: fates.includes('no-answer') };
    const open = fates.includes('no-answer') || (error as { name?: string }).name === 'TransactionInProgressException';
    if (!open) return { status: 'failed', error };
    if (isRefusal(error)) return { status: 'unknown', error };
    const pause = retryDelay(send);
    if (Date.now() + pause >= until) return { status: 'unknown', error };
    await new Promise((r) => setTimeout(r, pause));
  }
}

/** A refusal that sending again would only repeat (a bug): stop, the outcome of earlier attempts stays open. */
function isRefusal(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return name === 'ValidationException' || name === 'IdempotentParameterMismatchException' || name === 'ResourceNotFoundException';
}
