import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Item } from './items';
import type { Key } from './keys';
import type { ItemAbout, TransactItem } from './types';

/**
 * The journal of writes that span several transactions (docs/writes.md). Each transaction of such
 * a write carries its own journal entry, put only if absent, so the transaction and its entry
 * commit together or not at all. The entry holds the transaction's undo, so that the write can be
 * undone by whoever finds it unfinished: the request itself, or the recovery after the request's
 * function died.
 *
 *   pk J#<shard>   sk <deadline ms, 13 digits>#<write id>#<transaction, 3 digits>#<part, 2 digits>
 *
 * The shard spreads concurrent writes over partitions; the deadline leads the sort key so that the
 * recovery reads exactly the entries whose request can no longer be running (`sk < now`).
 *
 * An entry's state (`st`): `c` committed; once handled it becomes a mark that stays an hour, so
 * that a late copy of its transaction finds the key taken and fails: `u` undone, `k` undone but for
 * records another request changed meanwhile (kept), `f` fenced (put in place of a transaction
 * whose outcome was unknown, so that it can never commit).
 */
export const JOURNAL_SHARDS = 16;

/** How long a mark is kept: longer than a late copy of a transaction can arrive (DynamoDB keeps a token 10 minutes). */
export const MARK_SECONDS = 3600;

/** The largest undo a part holds (compressed), so that a part stays within DynamoDB's 400 KB items. */
export const PART_BYTES = 350_000;

export type JournalState = 'c' | 'u' | 'k' | 'f';

/** What the API log of the request needs, should the recovery have to say what happened. */
export interface WriteFacts {
  logId: string;
  /** Whether the request's route writes API logs. */
  logged: boolean;
  requestId: string;
  functionName: string;
  model: string | null;
  principal: string;
  principalId: string;
  companyId: number;
  startedAt: number;
  sourceIp: string | null;
}

/** One write of several transactions, as its journal names it. */
export interface JournalRef {
  writeId: string;
  shard: number;
  /** When the request that writes it can no longer be running (epoch ms). */
  deadline: number;
  /** Transactions of the write. */
  transactions: number;
}

/** One undo item of a transaction, with the record op it belongs to (undone together). */
export interface UndoEntry {
  group: number;
  item: TransactItem;
  about: ItemAbout;
}

export function journalRef(writeId: string, deadline: number, transactions: number): JournalRef {
  const shard = createHash('sha256').update(writeId).digest().readUInt32BE(0) % JOURNAL_SHARDS;
  return { writeId, shard, deadline, transactions };
}

export const journalPartition = (shard: number): string => `J#${shard}`;

/** The sort-key bound below which every entry belongs to a request that can no longer run. */
export const expiredBefore = (now: number): string => String(now).padStart(13, '0');

export function journalKey(ref: JournalRef, transaction: number, part: number): Key {
  return {
    pk: journalPartition(ref.shard),
    sk: `${expiredBefore(ref.deadline)}#${ref.writeId}#${String(transaction).padStart(3, '0')}#${String(part).padStart(2, '0')}`,
  };
}

/** Parts an undo of `bytes` (uncompressed, an upper bound of the compressed size) needs at most. */
export const partsFor = (bytes: number): number => Math.max(1, Math.ceil(bytes / PART_BYTES));

/**
 * The journal items of one transaction: its undo, compressed and cut into parts; the first part
 * also says whether the write is undone on failure, and what the API log needs.
 */
export function journalItems(
  ref: JournalRef,
  transaction: number,
  undo: readonly UndoEntry[],
  meta: { rollback: boolean; facts: WriteFacts | null },
): Item[] {
  const packed = gzipSync(Buffer.from(JSON.stringify(undo.map(withoutTable), setReplacer)));
  const parts: Buffer[] = [];
  for (let at = 0; at < packed.length || parts.length === 0; at += PART_BYTES) parts.push(packed.subarray(at, at + PART_BYTES));
  return parts.map((bytes, part) => ({
    ...journalKey(ref, transaction, part),
    w: ref.writeId,
    t: transaction,
    n: ref.transactions,
    p: part,
    np: parts.length,
    dl: ref.deadline,
    st: 'c' satisfies JournalState,
    u: bytes,
    ...(part === 0 ? { rb: meta.rollback, ...(meta.facts ? { f: meta.facts } : {}) } : {}),
  }));
}

/** The undo of a transaction from its journal parts (any order), for the records table `table`. */
export function decodeUndo(parts: readonly Item[], table: string): UndoEntry[] {
  const sorted = [...parts].sort((a, b) => Number(a.p) - Number(b.p));
  const packed = Buffer.concat(sorted.map((p) => Buffer.from(p.u as Uint8Array)));
  const entries = JSON.parse(gunzipSync(packed).toString('utf8'), setReviver) as UndoEntry[];
  return entries.map((e) => ({ ...e, item: withTable(e.item, table) }));
}

/** The journal of a write, as read back: the write, and its transactions' entries by number. */
export interface JournalEntry {
  transaction: number;
  parts: number;
  state: JournalState;
  rollback: boolean;
  facts: WriteFacts | null;
  /** Epoch seconds after which a mark may go. */
  expiresAt: number | null;
}

export function readEntry(item: Item): JournalEntry {
  return {
    transaction: Number(item.t),
    parts: Number(item.np ?? 1),
    state: item.st as JournalState,
    rollback: item.rb !== false,
    facts: (item.f as WriteFacts | undefined) ?? null,
    expiresAt: typeof item.expiresAt === 'number' ? item.expiresAt : null,
  };
}

export function refOf(item: Item): JournalRef {
  return { writeId: String(item.w), shard: Number(String(item.pk).slice(2)), deadline: Number(item.dl), transactions: Number(item.n) };
}

/** Seconds since the epoch at which a mark made now may go. */
export const markExpiry = (now = Date.now()): number => Math.floor(now / 1000) + MARK_SECONDS;

function withoutTable(e: UndoEntry): UndoEntry {
  const [verb, body] = Object.entries(e.item)[0] as [string, { TableName?: string }];
  const { TableName: _table, ...rest } = body;
  return { ...e, item: { [verb]: rest } as TransactItem };
}

function withTable(item: TransactItem, table: string): TransactItem {
  const [verb, body] = Object.entries(item)[0] as [string, object];
  return { [verb]: { ...body, TableName: table } } as TransactItem;
}

/** Number sets survive JSON as `{"$set": [...]}`. */
function setReplacer(_key: string, value: unknown): unknown {
  return value instanceof Set ? { $set: [...value] } : value;
}

function setReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const set = (value as { $set?: unknown }).$set;
    if (Array.isArray(set) && Object.keys(value).length === 1) return new Set(set);
  }
  return value;
}
