import type { StoredScalar } from '../catalogue';

/**
 * Order-preserving string encoding of indexed values, so that DynamoDB's byte order of sort keys is
 * the order of the values: `=`, `in`, ranges and prefixes become key conditions, and an `order` on
 * an indexed field needs no sort.
 *
 *   null      ''                      (sorts before every value)
 *   boolean   '0' | '1'
 *   number    16 hex digits of the IEEE-754 bits, sign-adjusted (negative < 0 < positive)
 *   string    the string itself        (dates and datetimes sort as strings already)
 *
 * An index entry's sort key is `encode(value) + SEP + paddedId`; SEP sorts below every character
 * of a value, so `'ab'` entries come before `'abc'` ones. Exact matches are still checked against
 * the value kept in the entry (attribute `v`), so that no value can pass for another.
 */
export const SEP = '\u0000';

export function encodeValue(value: StoredScalar | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return encodeNumber(value);
  return value;
}

export function encodeNumber(n: number): string {
  const buf = Buffer.alloc(8);
  buf.writeDoubleBE(n === 0 ? 0 : n); // -0 and 0 are one value
  if (buf[0]! & 0x80) {
    for (let i = 0; i < 8; i++) buf[i] = ~buf[i]! & 0xff;
  } else {
    buf[0] = buf[0]! | 0x80;
  }
  return buf.toString('hex');
}

export function decodeNumber(hex: string): number {
  const buf = Buffer.from(hex, 'hex');
  if (buf[0]! & 0x80) {
    buf[0] = buf[0]! & 0x7f;
  } else {
    for (let i = 0; i < 8; i++) buf[i] = ~buf[i]! & 0xff;
  }
  return buf.readDoubleBE(0);
}

const ID_WIDTH = 12;

/** Ids as fixed-width sort keys, so that records and index entries come in id order. */
export function padId(id: number): string {
  return String(id).padStart(ID_WIDTH, '0');
}

/**
 * A 32-bit FNV-1a hash of a string's UTF-16 code units: stable across runtimes and versions, so
 * that a value's shard never moves while the shard count stays.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
