import { randomUUID } from 'node:crypto';
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { retryDelay } from '../aws/clients';
import { journalKey, markExpiry, type JournalRef, type UndoEntry } from './journal';
import { sendTransaction, transactionToken } from './transaction';
import type { ItemAbout, TransactItem } from './types';

/**
 * How the undo of one committed transaction of a write ended:
 * - `undone`: every change it made is taken back;
 * - `kept`: taken back but for records another request changed since (they keep that change, and
 *   this write's change to them stays): `kept` names them;
 * - `elsewhere`: another undoer (the request, or the recovery) had taken it in hand;
 * - `pending`: DynamoDB did not let it finish in time; its journal entry stays for the recovery.
 */
export type UndoResult =
  | { state: 'undone' }
  | { state: 'kept'; kept: ItemAbout[] }
  | { state: 'elsewhere' }
  | { state: 'pending' };

export interface UndoTarget {
  table: string;
  ref: JournalRef;
  transaction: number;
  /** Parts of its journal entry. */
  parts: number;
  entries: readonly UndoEntry[];
}

/**
 * Undoes one committed transaction, at most once whoever else tries: the undo goes in one
 * transaction with the change of its journal entry from committed to undone, on condition that it
 * is still committed. When another request changed one of its records meanwhile, that record's
 * condition fails and the whole undo with it; then each record's undo goes on its own (each once,
 * by a set of undone records in the entry), and the records whose condition fails are kept.
 */
export async function undoTransaction(target: UndoTarget, until: number): Promise<UndoResult> {
  const whole = await settle(target, [...target.entries.map((e) => e.item), mark(target, 'u'), ...extraParts(target)], 'whole', until);
  if (whole.state !== 'refused') return whole;
  const groups = new Map<number, UndoEntry[]>();
  for (const e of target.entries) groups.set(e.group, [...(groups.get(e.group) ?? []), e]);
  const kept: ItemAbout[] = [];
  let pending = false;
  for (const [group, entries] of groups) {
    const one = await settle(target, [...entries.map((e) => e.item), groupMark(target, group)], `group ${group}`, until);
    if (one.state === 'refused') kept.push(entries.find((e) => e.about.kind === 'record')?.about ?? entries[0]!.about);
    if (one.state === 'pending') pending = true;
  }
  if (pending) return { state: 'pending' };
  const final = await settle(target, [mark(target, kept.length > 0 ? 'k' : 'u', kept), ...extraParts(target)], 'final', until);
  if (final.state === 'pending') return final;
  return kept.length > 0 ? { state: 'kept', kept } : { state: 'undone' };
}

type Settled = UndoResult | { state: 'refused' };

/**
 * Sends one undo transaction (its last-but-parts item is the journal entry's change) until it
 * commits, finds the entry already handled, is refused by a record's condition, or time runs out.
 */
async function settle(target: UndoTarget, items: TransactItem[], what: string, until: number): Promise<Settled> {
  const markAt = items.findIndex((i) => i.Update && (i.Update.Key as { sk?: string }).sk === journalKey(target.ref, target.transaction, 0).sk);
  // Its own token: another undoer's transaction differs (its mark's expiry), and DynamoDB refuses one
  // token for two different transactions. Once-only comes from the entry's condition, not the token.
  const token = transactionToken(target.ref.writeId, 'undo', target.transaction, what, randomUUID());
  for (let attempt = 1; ; attempt++) {
    const outcome = await sendTransaction(items, token, until);
    if (outcome.status === 'committed') return { state: 'undone' };
    if (outcome.status !== 'cancelled') return { state: 'pending' };
    const reasons = reasonsOf(outcome.error);
    if (reasons[markAt] === 'ConditionalCheckFailed') return { state: 'elsewhere' };
    if (reasons.includes('ConditionalCheckFailed')) return { state: 'refused' };
    // A conflict with a concurrent transaction, or throttling: try again while there is time.
    const pause = retryDelay(attempt);
    if (Date.now() + pause >= until) return { state: 'pending' };
    await new Promise((r) => setTimeout(r, pause));
  }
}

const reasonsOf = (error: TransactionCanceledException): string[] => (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');

/** The journal entry's change to a mark, on condition that it is still committed. */
function mark(target: UndoTarget, state: 'u' | 'k', kept: readonly ItemAbout[] = []): TransactItem {
  return {
    Update: {
      TableName: target.table,
      Key: journalKey(target.ref, target.transaction, 0),
      UpdateExpression: `SET #st = :st, expiresAt = :exp${kept.length > 0 ? ', kept = :kept' : ''}`,
      ConditionExpression: '#st = :c',
      ExpressionAttributeNames: { '#st': 'st' },
      ExpressionAttributeValues: { ':st': state, ':exp': markExpiry(), ':c': 'c', ...(kept.length > 0 ? { ':kept': kept } : {}) },
    },
  };
}

/** One record's undo recorded in the entry, so that it is taken back once. */
function groupMark(target: UndoTarget, group: number): TransactItem {
  return {
    Update: {
      TableName: target.table,
      Key: journalKey(target.ref, target.transaction, 0),
      UpdateExpression: 'ADD ug :g',
      ConditionExpression: '#st = :c AND NOT contains(ug, :n)',
      ExpressionAttributeNames: { '#st': 'st' },
      ExpressionAttributeValues: { ':g': new Set([group]), ':n': group, ':c': 'c' },
    },
  };
}

/** The parts of an entry after the first hold undo only, and go with it. */
function extraParts(target: UndoTarget): TransactItem[] {
  return Array.from({ length: target.parts - 1 }, (_, i) => ({ Delete: { TableName: target.table, Key: journalKey(target.ref, target.transaction, i + 1) } }));
}
