import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredScalar } from '../catalogue';

/**
 * The shapes the store's modules share, with no implementation, so that no module has to import
 * another's code to name them.
 */

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What an item is, to name a failed condition (a taken unique value, a record changed meanwhile). */
export interface ItemAbout {
  kind: 'record' | 'index' | 'guard' | 'claim' | 'journal' | 'idempotency';
  model: string;
  id: number;
  field?: string;
  value?: StoredScalar | null;
}

/** One item of a transaction, with the item that undoes it once committed. */
export interface TxItem {
  write: TransactItem;
  undo: TransactItem;
  about: ItemAbout;
  /** Rough size, to keep a transaction under DynamoDB's 4 MB. */
  bytes: number;
  /** Rough size of its undo (with its place in the journal), to keep a journal entry's parts in room. */
  undoBytes: number;
  /**
   * The record op it belongs to: a record's items go in one transaction, so that its undo (the
   * record with its conditions, its index entries with it) applies whole or not at all.
   */
  group: number;
}
