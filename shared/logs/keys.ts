import { randomBytes } from 'node:crypto';
import { catalogue } from '../catalogue';

/**
 * Log ids and the logs table's key layout.
 *
 * A log id is a ULID: 10 characters of milliseconds then 16 random ones, in Crockford's base 32, so
 * ids sort by time as text and a time is turned into a key bound without a lookup.
 *
 *   item        pk  L#<shard>                 sk  <log_id>     listing by time; GetItem by id
 *   byRoute     routeKey  R#<function_name>#<shard>  sk       listing by route
 *   byState     stateKey  S#<state>#<shard>          sk       listing by state
 *   byModel     modelKey  M#<model>#<shard>          sk       listing by model (absent: no model;
 *                                                              M#?#<shard>: a model not in the catalogue)
 *
 * Every listing key is split over SHARDS partitions (the shard comes from the id's last, random
 * character), because ids grow with time: one key per listing would send every write of that
 * listing to one partition, and DynamoDB cannot split a key whose writes all land at its end.
 * A listing queries the shards concurrently and merges them newest first.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/**
 * Partitions per listing: 8 keys take about 8,000 small writes a second. Raising it is safe (old
 * logs stay on the lower shards, which are still read); lowering it hides logs on the shards
 * dropped.
 */
export const SHARDS = 8;

export const LOG_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The response header that names the log of the call (when its route logs). */
export const LOG_ID_HEADER = 'x-webhook-log-id';

/** The request header that names the log a call replays (`logs replay`); it becomes `replay_of`. */
export const REPLAY_HEADER = 'x-webhook-replay-of';

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0, t = ms; i < TIME_CHARS; i++, t = Math.floor(t / 32)) out = ALPHABET[t % 32]! + out;
  return out;
}

/** A new log id for a call made at `ms`. */
export function newLogId(ms: number = Date.now()): string {
  const bytes = randomBytes(RANDOM_CHARS);
  let random = '';
  for (const b of bytes) random += ALPHABET[b % 32];
  return encodeTime(ms) + random;
}

/** The milliseconds a log id was made at. */
export function timeOfLogId(id: string): number {
  let ms = 0;
  for (const c of id.slice(0, TIME_CHARS)) ms = ms * 32 + ALPHABET.indexOf(c);
  return ms;
}

/** The smallest id a log made at or after `ms` can have: a key bound for `--since`. */
export const firstIdAt = (ms: number): string => encodeTime(ms) + '0'.repeat(RANDOM_CHARS);

export const shardOf = (id: string): number => ALPHABET.indexOf(id[id.length - 1]!) % SHARDS;

/** The listings of the logs table: the base table (by time) and its secondary indexes. */
export const LISTINGS = {
  time: { index: undefined, attribute: 'pk', prefix: 'L' },
  route: { index: 'byRoute', attribute: 'routeKey', prefix: 'R' },
  state: { index: 'byState', attribute: 'stateKey', prefix: 'S' },
  model: { index: 'byModel', attribute: 'modelKey', prefix: 'M' },
} as const;

export type Listing = keyof typeof LISTINGS;

/** The partition key of one shard of a listing: `L#3`, `R#create_data#3`. */
export function listingKey(listing: Listing, value: string | undefined, shard: number): string {
  const { prefix } = LISTINGS[listing];
  return value === undefined ? `${prefix}#${shard}` : `${prefix}#${value}#${shard}`;
}

/** The table key of a log: its id names its shard. */
export const logItemKey = (id: string) => ({ pk: listingKey('time', undefined, shardOf(id)), sk: id });

/**
 * The model listing of logs whose `params.model` is not in the catalogue. Such a name is whatever a
 * caller sent (a typo, or 3,000 characters that would pass DynamoDB's 2,048-byte key limit and
 * lose the log): one fixed key lists them all, and a listing by such a name filters that key.
 */
export const UNKNOWN_MODEL = '?';

/** The model listing a log of `model` is in: the model itself when the catalogue knows it. */
export const modelListing = (model: string): string => (catalogue.get(model) ? model : UNKNOWN_MODEL);

export interface LogKeys {
  pk: string;
  sk: string;
  routeKey: string;
  stateKey: string;
  modelKey?: string;
}

/** Every key attribute of a log item, so that one PutItem lists it everywhere. */
export function logKeys(id: string, functionName: string, state: string, model: string | null): LogKeys {
  const shard = shardOf(id);
  return {
    ...logItemKey(id),
    routeKey: listingKey('route', functionName, shard),
    stateKey: listingKey('state', state, shard),
    ...(model !== null ? { modelKey: listingKey('model', modelListing(model), shard) } : {}),
  };
}
