import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { WebhookError } from '../envelope';

/** The request header that names a write, so that sending it again never writes twice. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The response header of an answer given again for a key. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/** The longest key: room for a UUID, or an order's own number with a prefix. */
export const MAX_IDEMPOTENCY_KEY_CHARS = 255;
/** 1 to MAX_IDEMPOTENCY_KEY_CHARS printable ASCII characters, spaces included. */
const KEY = new RegExp(`^[\\x20-\\x7e]{1,${MAX_IDEMPOTENCY_KEY_CHARS}}$`);

/**
 * The request's Idempotency-Key, or null without one. A header that is there but not a key (empty,
 * too long, other characters, sent twice) is refused: a caller who meant to send one must not get
 * a write that is not protected.
 */
export function readIdempotencyKey(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>): string | null {
  const values = headerValues(event.multiValueHeaders) ?? headerValues(event.headers);
  if (values === undefined) return null;
  if (values.length !== 1) throw invalid('is sent more than once');
  const key = values[0]!;
  if (!KEY.test(key)) {
    throw invalid(key.length === 0 ? 'is empty' : key.length > MAX_IDEMPOTENCY_KEY_CHARS ? `is ${key.length} characters long` : 'holds a character other than printable ASCII');
  }
  return key;
}

/** Every value of the header, whatever the case of its name; undefined without it. */
function headerValues(headers: Record<string, string | string[] | undefined> | null | undefined): string[] | undefined {
  const found = Object.entries(headers ?? {}).filter(([name, v]) => name.toLowerCase() === IDEMPOTENCY_HEADER && v !== undefined);
  return found.length === 0 ? undefined : found.flatMap(([, v]) => v!);
}

const invalid = (why: string) =>
  new WebhookError('INVALID_IDEMPOTENCY_KEY', `The Idempotency-Key header ${why}: it must be 1 to ${MAX_IDEMPOTENCY_KEY_CHARS} printable ASCII characters`);

/**
 * What makes two requests the same: `params` as canonical JSON (keys sorted at every level, so the
 * order a caller's JSON library writes them in does not matter), hashed.
 */
export function paramsDigest(params: unknown): string {
  return createHash('sha256').update(canonicalJson(params)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
