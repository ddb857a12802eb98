import type { FieldType, Model, StoredScalar } from '../catalogue';
import { SEP, encodeValue, hash32, padId } from './codec';

/**
 * The only place that knows the records table's key layout (docs/scale.md).
 *
 *   pk                                  sk                        item
 *   R#<model>[#<s>]                     <padded id>               a record
 *   I#<model>#<field>[#<s>]             <encoded value>\0<id>     an index entry (id, v, co, act)
 *   U#<model>#<field>#<company|->[#<s>] <encoded value>           a unique guard (id, act)
 *   U#<model>#@search_key#<company|->   <digest>                  an upsert's claim (expiresAt)
 *   C#<counter>                         #                         a counter (n): ids drawn in blocks (store/ids.ts)
 *   M#catalogue                         <model>                   the model as recorded (fields, families)
 *   M#migration                         <model>                   a migration's checkpoint
 *   K#<route>#<principal id>            <Idempotency-Key>         a kept answer (store/idempotency.ts)
 *   J#<shard>                           <deadline>#<write>#...    a journal entry (store/journal.ts)
 *
 * `<s>` is a shard, 0 to the model's `shards` - 1, present only when the model has more than one
 * (so a model of one shard keeps the keys it always had). Which shard an item takes:
 * - a record: its id modulo the shard count (ids are handed out consecutively within a block, so a
 *   model's writes are spread evenly);
 * - an index entry of a field whose values identify a record (a code, a name, an email, a number):
 *   a hash of the value, so that an equality lookup reads one shard;
 * - an index entry of a field whose values many records share (a many2one, a selection, a boolean:
 *   every line of an order has its order, every record of a company its company): the record's
 *   shard, since hashing such a value would put all its records on one key; an equality lookup
 *   reads every shard at once;
 * - a unique guard: a hash of the value.
 * Ranges, orders and model-wide reads query every shard at once and merge (store/query.ts).
 */
/**
 * Longest indexed value, in UTF-8 bytes: an index entry's sort key (value, separator, 12-digit id)
 * must stay within DynamoDB's 1,024 bytes.
 */
export const MAX_INDEXED_VALUE_BYTES = 1000;

/** Whether a value fits an index entry (writes refuse longer ones, so no entry holds one). */
export const fitsIndex = (value: StoredScalar | null): boolean =>
  typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= MAX_INDEXED_VALUE_BYTES;

export interface Key {
  pk: string;
  sk: string;
}

/** What the key layout needs to know of a model: a served model, or one as recorded (its records' layout). */
export interface Sharded {
  name: string;
  shards: number;
  fields: Readonly<Record<string, { type: FieldType }>>;
}

/** Company part of a guard key: a company id, or `-` for shared records and unscoped models. */
export type GuardScope = number | null;

const suffix = (model: Pick<Model, 'shards'>, shard: number): string => (model.shards > 1 ? `#${shard}` : '');
const every = (model: Pick<Model, 'shards'>): number[] => Array.from({ length: model.shards }, (_, s) => s);
const shardOfText = (model: Pick<Model, 'shards'>, text: string): number => (model.shards > 1 ? hash32(text) % model.shards : 0);

export const recordShard = (model: Pick<Model, 'shards'>, id: number): number => id % model.shards;
export const recordPartition = (model: Pick<Model, 'name' | 'shards'>, shard: number): string => `R#${model.name}${suffix(model, shard)}`;
/** Every partition of a model's records, shard by shard. */
export const recordPartitions = (model: Pick<Model, 'name' | 'shards'>): string[] => every(model).map((s) => recordPartition(model, s));
export const recordKey = (model: Pick<Model, 'name' | 'shards'>, id: number): Key => ({ pk: recordPartition(model, recordShard(model, id)), sk: padId(id) });

/** Whether a field's index entries follow their record's shard (values many records share), not their value's. */
export function spreadById(model: Sharded, field: string): boolean {
  const type = model.fields[field]?.type;
  return type === 'many2one' || type === 'selection' || type === 'boolean';
}

export const indexPartition = (model: Pick<Model, 'name' | 'shards'>, field: string, shard: number): string =>
  `I#${model.name}#${field}${suffix(model, shard)}`;
/** Every partition of an index, shard by shard. */
export const indexPartitions = (model: Pick<Model, 'name' | 'shards'>, field: string): string[] => every(model).map((s) => indexPartition(model, field, s));
/** The partitions an equality lookup of `value` reads: its value's one, or every shard. */
export const valuePartitions = (model: Sharded, field: string, value: StoredScalar | null): string[] =>
  spreadById(model, field) ? indexPartitions(model, field) : [indexPartition(model, field, shardOfText(model, encodeValue(value)))];
export const indexKey = (model: Sharded, field: string, value: StoredScalar | null, id: number): Key => ({
  pk: indexPartition(model, field, spreadById(model, field) ? recordShard(model, id) : shardOfText(model, encodeValue(value))),
  sk: `${encodeValue(value)}${SEP}${padId(id)}`,
});
/** Sort-key prefix of every entry holding exactly `value`. */
export const indexValuePrefix = (value: StoredScalar | null): string => `${encodeValue(value)}${SEP}`;

export const guardPartition = (model: Pick<Model, 'name' | 'shards'>, field: string, scope: GuardScope, shard: number): string =>
  `U#${model.name}#${field}#${scope ?? '-'}${suffix(model, shard)}`;
/** Every partition of a field's guards in a scope, shard by shard. */
export const guardPartitions = (model: Pick<Model, 'name' | 'shards'>, field: string, scope: GuardScope): string[] =>
  every(model).map((s) => guardPartition(model, field, scope, s));
export const guardKey = (model: Pick<Model, 'name' | 'shards'>, field: string, scope: GuardScope, value: StoredScalar): Key => {
  const sk = encodeValue(value);
  return { pk: guardPartition(model, field, scope, shardOfText(model, sk)), sk };
};

/** Which family of a model's items a partition holds, for a move between shard counts. */
export type MovedFamily = { kind: 'record' } | { kind: 'index' | 'guard'; field: string };

/**
 * Where an item of a model stored under `from` shards lies under `to.shards` (a move by `migrate`):
 * the same partition base and sort key, with the shard its family takes under the new count. It
 * follows from the key alone (a record's id, an entry's value and id, a guard's value), so that an
 * item already in its place under both counts is recognised as such and left alone.
 */
export function movedKey(key: Key, family: MovedFamily, from: Pick<Model, 'shards'>, to: Sharded): Key {
  const base = from.shards > 1 ? key.pk.slice(0, key.pk.lastIndexOf('#')) : key.pk;
  let shard: number;
  if (family.kind === 'record') shard = recordShard(to, Number(key.sk));
  else if (family.kind === 'guard') shard = shardOfText(to, key.sk);
  else {
    const at = key.sk.lastIndexOf(SEP);
    shard = spreadById(to, family.field) ? recordShard(to, Number(key.sk.slice(at + SEP.length))) : shardOfText(to, key.sk.slice(0, at));
  }
  return { pk: `${base}${suffix(to, shard)}`, sk: key.sk };
}

/**
 * A search-key claim of an upsert (see plan Claim); it expires, and TTL removes it. One key per
 * model and company: only the create of an upsert by a key that is not one unique field writes one.
 */
export const claimKey = (model: string, scope: GuardScope, digest: string): Key => ({
  pk: `U#${model}#@search_key#${scope ?? '-'}`,
  sk: digest,
});

export const counterKey = (counter: string): Key => ({ pk: `C#${counter}`, sk: '#' });

/** The recorded catalogue: one item per model, all in one partition read at once. */
export const RECORDED_PARTITION = 'M#catalogue';
export const recordedKey = (model: string): Key => ({ pk: RECORDED_PARTITION, sk: model });
export const checkpointKey = (model: string): Key => ({ pk: 'M#migration', sk: model });
/** Record ids of a model. */
export const idCounter = (model: string): string => `id#${model}`;
/** A named sequence per company (and optionally per period, e.g. a year). */
export const sequenceCounter = (sequence: string, company: number | null, period = ''): string =>
  `seq#${sequence}#${company ?? '-'}#${period}`;

/** An Idempotency-Key's kept answer: keys are the caller's own, per route. */
export const keptAnswerKey = (route: string, principalId: string, key: string): Key => ({ pk: `K#${route}#${principalId}`, sk: key });
