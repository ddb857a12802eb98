import type { FieldDef, StoredScalar } from './types';
import { toDatetime } from './values';

/**
 * A sent value read as a field's stored value, or what the field expected instead: the rule each
 * reader of values (payloads, search keys, domains) applies, written once. Readers turn a failure
 * into their own message and code from its `received` and `expected`, never from a message.
 */
export type Parsed = { ok: true; value: StoredScalar | null } | ParseFailure;

export interface ParseFailure {
  ok: false;
  /** The value as sent. */
  received: unknown;
  /** What the field takes, in words: `an integer`, `a date YYYY-MM-DD`, `one of 'a', 'b'`. */
  expected: string;
}

/**
 * Floats are kept within business magnitudes: DynamoDB numbers stop at 1E-130 and 1E+126, and
 * products of two accepted values (quantity x price) must stay storable.
 */
export const MAX_FLOAT = 1e15;
export const MIN_FLOAT = 1e-15;

export const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const ODOO_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
export const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A record id as sent: a whole number JavaScript holds exactly (whether the record exists is the store's to say). */
export const isRecordId = (raw: unknown): raw is number => typeof raw === 'number' && Number.isSafeInteger(raw);

const inFloatRange = (n: number): boolean => n === 0 || (Math.abs(n) >= MIN_FLOAT && Math.abs(n) <= MAX_FLOAT);

/** A number some field accepts: an integer field's (a safe integer) or a float field's. */
export const isFieldNumber = (n: number): boolean => Number.isSafeInteger(n) || inFloatRange(n);

/**
 * Reads a sent value as the stored value of a field: `null` and `false` are the empty value
 * (except for a boolean, where `false` is a value); whether a field may be emptied is the reader's
 * rule. A relational field's value is a record id. Binary fields hold files, not values.
 */
export function parseValue(field: FieldDef, raw: unknown): Parsed {
  if (raw === null || (raw === false && field.type !== 'boolean')) return { ok: true, value: null };
  const check = (accepted: boolean, expected: string, value: StoredScalar | null = raw as StoredScalar): Parsed =>
    accepted ? { ok: true, value } : { ok: false, received: raw, expected };
  switch (field.type) {
    case 'char':
    case 'text':
      return check(typeof raw === 'string', 'a string');
    case 'integer':
      return check(typeof raw === 'number' && Number.isSafeInteger(raw), 'an integer');
    case 'float':
      return check(typeof raw === 'number' && inFloatRange(raw), `a number between -${MAX_FLOAT} and ${MAX_FLOAT}`);
    case 'boolean':
      return check(typeof raw === 'boolean', 'true or false');
    case 'date':
      return check(typeof raw === 'string' && isDate(raw), 'a date YYYY-MM-DD');
    case 'datetime': {
      const stored = typeof raw === 'string' ? parseDatetime(raw) : null;
      return check(stored !== null, 'a datetime YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601', stored);
    }
    case 'selection': {
      const keys = field.selection.map(([key]) => key);
      return check(typeof raw === 'string' && keys.includes(raw), `one of ${keys.map((k) => `'${k}'`).join(', ')}`);
    }
    case 'many2one':
    case 'one2many':
    case 'many2many':
      return check(isRecordId(raw), 'a record id');
    case 'binary':
      throw new Error('parseValue: a binary field holds files, not values');
  }
}

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Odoo's `YYYY-MM-DD HH:MM:SS` (taken as UTC) or ISO 8601 (offset applied), as stored UTC text. */
function parseDatetime(s: string): string | null {
  const m = ODOO_DATETIME.exec(s);
  if (m) {
    const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
    const exact =
      date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d &&
      date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === se;
    return exact ? s : null;
  }
  if (!ISO_DATETIME.test(s) || !isDate(s.slice(0, 10))) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s);
  const date = new Date(hasZone ? s : `${s}Z`);
  return Number.isNaN(date.getTime()) ? null : toDatetime(date);
}
