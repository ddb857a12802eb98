import type { FieldDef, StoredScalar } from '../catalogue';
import { toDatetime } from '../catalogue/values';
import { WebhookError, quote } from '../envelope';
import { MAX_INDEXED_VALUE_BYTES, fitsIndex } from '../store/keys';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ODOO_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Converts a payload value to its stored form for a scalar field, or fails with `INVALID_VALUE`
 * saying which field, what was sent and what was expected. `null` and `false` clear a field
 * (except a boolean, where `false` is a value); whether clearing is allowed is the caller's rule.
 */
export function convertScalar(field: FieldDef, name: string, value: unknown, path: string): StoredScalar | null {
  if (value === null || (value === false && field.type !== 'boolean')) return null;
  const fail = (expected: string): never => {
    throw new WebhookError('INVALID_VALUE', `Invalid value for '${name}': ${describe(value)} (expected ${expected})`, {
      field: name,
      path,
      expected,
    });
  };
  switch (field.type) {
    case 'char':
    case 'text':
      return typeof value === 'string' ? value : fail('a string');
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail('an integer');
    case 'float':
      return typeof value === 'number' && inFloatRange(value) ? value : fail(`a number between -${MAX_FLOAT} and ${MAX_FLOAT}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('true or false');
    case 'date':
      return typeof value === 'string' && isDate(value) ? value : fail('a date YYYY-MM-DD');
    case 'datetime':
      return (typeof value === 'string' && parseDatetime(value)) || fail('a datetime YYYY-MM-DD HH:MM:SS (UTC) or ISO 8601');
    case 'selection': {
      const keys = field.selection.map(([key]) => key);
      return typeof value === 'string' && keys.includes(value) ? value : fail(`one of ${keys.map((k) => quote(k)).join(', ')}`);
    }
    default:
      throw new Error(`convertScalar: ${field.type} is not a scalar type`);
  }
}

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of the values `convertScalar` accepts for a field, null and false aside (they
 * clear it, where clearing is allowed). Kept beside it, on the same patterns and limits, so that
 * the two change together; a property test holds them to each other. It may accept a little more
 * than the API (an impossible date such as 2026-02-30, an indexed text of 1,000 characters that
 * passes 1,000 bytes), never less.
 */
export function scalarSchema(field: FieldDef, indexed: boolean): JsonSchema {
  switch (field.type) {
    case 'char':
    case 'text':
      return indexed ? { type: 'string', maxLength: MAX_INDEXED_VALUE_BYTES } : { type: 'string' };
    case 'integer':
      return { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };
    case 'float':
      return {
        type: 'number',
        anyOf: [{ const: 0 }, { minimum: MIN_FLOAT, maximum: MAX_FLOAT }, { minimum: -MAX_FLOAT, maximum: -MIN_FLOAT }],
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date', pattern: DATE.source };
    case 'datetime':
      return { type: 'string', anyOf: [{ pattern: ODOO_DATETIME.source }, { pattern: ISO_DATETIME.source }] };
    case 'selection':
      return { type: 'string', enum: field.selection.map(([key]) => key) };
    default:
      throw new Error(`scalarSchema: ${field.type} is not a scalar type`);
  }
}

/**
 * Floats are kept within business magnitudes: DynamoDB numbers stop at 1E-130 and 1E+126, and
 * products of two accepted values (quantity x price) must stay storable.
 */
export const MAX_FLOAT = 1e15;
export const MIN_FLOAT = 1e-15;
const inFloatRange = (n: number): boolean => n === 0 || (Math.abs(n) >= MIN_FLOAT && Math.abs(n) <= MAX_FLOAT);

/** A number some field accepts: an integer field's (a safe integer) or a float field's. */
export const isFieldNumber = (n: number): boolean => Number.isSafeInteger(n) || inFloatRange(n);
export const FIELD_NUMBERS = `a whole number up to 2^53 or a number between -${MAX_FLOAT} and ${MAX_FLOAT}`;

/**
 * The first number in a JSON value (method parameters) that no field would accept, with where it
 * is: a method stores its parameters in fields, and DynamoDB stores no number beyond 1E+126 or
 * below 1E-130, nor more than 38 digits.
 */
export function findOddNumber(value: unknown, path: string[] = []): { path: string[]; value: number } | null {
  if (typeof value === 'number') return isFieldNumber(value) ? null : { path, value };
  if (typeof value !== 'object' || value === null) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findOddNumber(v, [...path, k]);
    if (found) return found;
  }
  return null;
}

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Odoo's `YYYY-MM-DD HH:MM:SS` (taken as UTC) or ISO 8601 (offset applied), as stored UTC text. */
export function parseDatetime(s: string): string | null {
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

/** Indexed values are kept in sort keys, which DynamoDB limits to 1,024 bytes. */
export function checkIndexable(name: string, value: StoredScalar | null, path: string): void {
  if (!fitsIndex(value)) {
    throw new WebhookError('INVALID_VALUE', `Invalid value for '${name}': longer than the ${MAX_INDEXED_VALUE_BYTES} bytes an indexed field holds`, {
      field: name,
      path,
    });
  }
}

/** A short, safe rendering of a sent value for messages. */
export function describe(value: unknown): string {
  const text = typeof value === 'string' ? quote(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
