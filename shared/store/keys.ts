import type { StoredScalar } from '../catalogue';
import { SEP, encodeValue, padId } from './codec';

/**
 * The only place that knows the records table's key layout (docs/design.md).
 * A model that outgrows one partition would be sharded here (`R#<model>#<n>`) and nowhere else.
 *
 *   pk                               sk                        item
 *   R#<model>                        <padded id>               a record
 *   I#<model>#<field>                <encoded value>\0<id>     an index entry (id, v, co, act)
 *   U#<model>#<field>#<company|->    <encoded value>           a unique guard (id, act)
 *   U#<model>#@search_key#<company|-> <digest>                 an upsert's claim (expiresAt)
 *   C#<counter>                      #                         a counter (n)
 *   M#catalogue                      <model>                   the model as recorded (fields, families)
 *   M#migration                      <model>                   a migration's checkpoint
 *   K#<route>#<principal id>         <Idempotency-Key>         a kept answer (store/idempotency.ts)
 *   J#<shard>                        <deadline>#<write>#...    a journal entry (store/journal.ts)
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

/** Company part of a guard key: a company id, or `-` for shared records and unscoped models. */
export type GuardScope = number | null;

export const recordPartition = (model: string): string => `R#${model}`;
export const recordKey = (model: string, id: number): Key => ({ pk: recordPartition(model), sk: padId(id) });

export const indexPartition = (model: string, field: string): string => `I#${model}#${field}`;
export const indexKey = (model: string, field: string, value: StoredScalar | null, id: number): Key => ({
  pk: indexPartition(model, field),
  sk: `${encodeValue(value)}${SEP}${padId(id)}`,
});
/** Sort-key prefix of every entry holding exactly `value`. */
export const indexValuePrefix = (value: StoredScalar | null): string => `${encodeValue(value)}${SEP}`;

export const guardPartition = (model: string, field: string, scope: GuardScope): string => `U#${model}#${field}#${scope ?? '-'}`;
export const guardKey = (model: string, field: string, scope: GuardScope, value: StoredScalar): Key => ({
  pk: guardPartition(model, field, scope),
  sk: encodeValue(value),
});

/** A search-key claim of an upsert (see plan Claim); it expires, and TTL removes it. */
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
