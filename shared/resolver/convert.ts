import type { FieldDef, StoredScalar } from '../catalogue';
import { DATE, ISO_DATETIME, MAX_FLOAT, MIN_FLOAT, ODOO_DATETIME, isFieldNumber, parseValue, type ParseFailure } from '../catalogue/parse';
import { WebhookError, quote } from '../envelope';
import { MAX_INDEXED_VALUE_BYTES, fitsIndex } from '../store/keys';

/**
 * Converts a payload value to its stored form for a scalar field (parseValue), or fails with
 * `INVALID_VALUE` saying which field, what was sent and what was expected. `null` and `false` clear
 * a field (except a boolean, where `false` is a value); whether clearing is allowed is the caller's rule.
 */
export function convertScalar(field: FieldDef, name: string, value: unknown, path: string): StoredScalar | null {
  const parsed = parseValue(field, value);
  if (parsed.ok) return parsed.value;
  throw new WebhookError('INVALID_VALUE', `Invalid ${valueMismatch(name, parsed)}`, { field: name, path, expected: parsed.expected });
}

/** `value for 'name': 'abc' (expected an integer)`, the words every reader of values says a mismatch in. */
export const valueMismatch = (name: string, failure: ParseFailure): string =>
  `value for '${name}': ${describe(failure.received)} (expected ${failure.expected})`;

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
