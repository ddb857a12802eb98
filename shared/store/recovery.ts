import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import { dynamo } from './client';
import { deleteKeys, fence } from './commit';
import {
  JOURNAL_SHARDS,
  decodeUndo,
  expiredBefore,
  journalKey,
  journalPartition,
  readEntry,
  refOf,
  type JournalEntry,
  type JournalRef,
  type WriteFacts,
} from './journal';
import type { Item } from './items';
import { batchGet } from './reads';
import type { ItemAbout } from './types';
import { undoTransaction } from './undo';

/**
 * The recovery of writes whose request could not finish them (docs/writes.md): a function that
 * runs on a schedule reads the journal entries whose deadline has passed, so that their request
 * can no longer be running, and settles each write:
 *
 *   every transaction committed ──► completed: the write is whole; its journal goes
 *   some never committed ─────────► each missing one fenced (it can never commit now), then the
 *                                   committed ones undone (rollback on: nothing remains), or kept
 *                                   (rollback_except off: what committed stays)
 *
 * Each undo happens once, whoever runs it (the entry's condition), so a recovery may run while
 * another does, or while a late request still undoes its own write.
 */
export type RecoveryAction = 'completed' | 'undone' | 'kept' | 'left' | 'pending';

export interface RecoveredWrite {
  writeId: string;
  action: RecoveryAction;
  /** Records whose undo was refused because other requests changed them meanwhile. */
  kept: ItemAbout[];
  facts: WriteFacts | null;
}

/** A write found in the journal past its deadline, with its entries' first parts by transaction. */
export interface AbandonedWrite {
  ref: JournalRef;
  entries: Map<number, JournalEntry>;
}

const HEAD_ATTRIBUTES = ['pk', 'sk', 'w', 't', 'n', 'p', 'np', 'dl', 'st', 'rb', 'f', 'expiresAt'];

/**
 * The writes whose deadline passed before `now` and that still need something: a committed entry
 * to settle, or marks past their expiry to remove (`expiredMarks`). One Query per shard, sent
 * together, reading the entries' heads only (not their undo).
 */
export async function findAbandoned(now: number): Promise<{ writes: AbandonedWrite[]; expiredMarks: { pk: string; sk: string }[] }> {
  const table = getConfig().recordsTable;
  const names = Object.fromEntries(HEAD_ATTRIBUTES.map((a, i) => [`#h${i}`, a]));
  const shards = await Promise.all(
    Array.from({ length: JOURNAL_SHARDS }, async (_, shard) => {
      const items: Item[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const res = await dynamo.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: '#h0 = :pk AND #h1 < :before',
            ProjectionExpression: Object.keys(names).join(', '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':pk': journalPartition(shard), ':before': expiredBefore(now) },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...((res.Items ?? []) as Item[]));
        start = res.LastEvaluatedKey;
      } while (start);
      return items;
    }),
  );
  const byWrite = new Map<string, Item[]>();
  for (const item of shards.flat()) byWrite.set(String(item.w), [...(byWrite.get(String(item.w)) ?? []), item]);
  const writes: AbandonedWrite[] = [];
  const expiredMarks: { pk: string; sk: string }[] = [];
  const seconds = Math.floor(now / 1000);
  for (const items of byWrite.values()) {
    const heads = items.filter((i) => Number(i.p ?? 0) === 0);
    if (heads.some((h) => h.st === 'c')) {
      writes.push({ ref: refOf(heads[0]!), entries: new Map(heads.map((h) => [Number(h.t), readEntry(h)])) });
      continue;
    }
    for (const mark of heads) {
      if (typeof mark.expiresAt === 'number' && mark.expiresAt < seconds) expiredMarks.push({ pk: String(mark.pk), sk: String(mark.sk) });
    }
  }
  return { writes, expiredMarks };
}

/** Settles one abandoned write (see the module's comment); `until` bounds its DynamoDB calls. */
export async function recoverWrite(write: AbandonedWrite, until: number): Promise<RecoveredWrite> {
  const table = getConfig().recordsTable;
  const { ref, entries } = write;
  const first = [...entries.values()][0]!;
  const done = (action: RecoveryAction, kept: ItemAbout[] = []): RecoveredWrite => ({ writeId: ref.writeId, action, kept, facts: first.facts });

  let pending = false;
  for (let t = 0; t < ref.transactions; t++) {
    if (entries.has(t)) continue;
    const fenced = await fence(table, ref, t, until);
    if (fenced === 'unknown') pending = true;
    // The entry appeared since the read: its transaction committed late; it is settled below.
    if (fenced === 'committed') entries.set(t, { ...first, transaction: t, parts: await partsOf(ref, t), state: 'c' });
    else entries.set(t, { ...first, transaction: t, parts: 1, state: 'f' });
  }
  if (pending) return done('pending');
  const committed = [...entries.values()].filter((e) => e.state === 'c');
  const parts = (e: JournalEntry) => Array.from({ length: e.parts }, (_, p) => journalKey(ref, e.transaction, p));
  if (committed.length === ref.transactions) {
    await deleteKeys(table, committed.flatMap(parts));
    return done('completed');
  }
  if (!first.rollback) {
    await deleteKeys(table, committed.flatMap(parts));
    return done('left');
  }
  const undone = await Promise.all(
    committed.map(async (e) => {
      const items = await batchGet(parts(e));
      if (items.length < e.parts) return { state: 'elsewhere' as const }; // undone meanwhile: its parts went with it
      return undoTransaction({ table, ref, transaction: e.transaction, parts: e.parts, entries: decodeUndo(items, table) }, until);
    }),
  );
  if (undone.some((u) => u.state === 'pending')) return done('pending');
  const kept = undone.flatMap((u) => (u.state === 'kept' ? u.kept : []));
  return done(kept.length > 0 ? 'kept' : 'undone', kept);
}

/** Removes marks past their expiry: no late copy of their transaction can arrive any more. */
export const removeMarks = (keys: readonly { pk: string; sk: string }[]): Promise<void> => deleteKeys(getConfig().recordsTable, keys);

async function partsOf(ref: JournalRef, transaction: number): Promise<number> {
  const [head] = await batchGet([journalKey(ref, transaction, 0)], ['np']);
  return Number(head?.np ?? 1);
}
