import { headerValue, type RequestHeaders } from '../lambda/event';
import { SESSION_COOKIE } from './sessions';

export type MultiHeaders = Record<string, string[] | undefined> | null | undefined;

/**
 * The credentials a request carries, in the order they are tried: `Authorization: Bearer <key>`,
 * `x-api-key: <key>`, then the `session_id` cookie. A key wins over a cookie, so that a client
 * that holds both is judged by the one it chose to send explicitly.
 */
export type Credentials =
  | { kind: 'key'; key: string }
  | { kind: 'session'; sessionId: string }
  /** An Authorization header that is not a Bearer token: refused, never passed over for another credential. */
  | { kind: 'malformed' }
  | { kind: 'none' };

export function readCredentials(headers: RequestHeaders, multiHeaders?: MultiHeaders): Credentials {
  const authorization = headerValue(headers, 'authorization')?.trim();
  if (authorization) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    return m ? { kind: 'key', key: m[1]! } : { kind: 'malformed' };
  }
  const apiKey = headerValue(headers, 'x-api-key')?.trim();
  if (apiKey) return { kind: 'key', key: apiKey };
  const sessionId = readCookie(cookieHeaders(headers, multiHeaders), SESSION_COOKIE);
  return sessionId ? { kind: 'session', sessionId } : { kind: 'none' };
}

/** Every Cookie header line: API Gateway keeps repeated headers whole only in `multiValueHeaders`. */
export function cookieHeaders(headers: RequestHeaders, multiHeaders: MultiHeaders): string[] {
  for (const [k, v] of Object.entries(multiHeaders ?? {})) if (k.toLowerCase() === 'cookie' && v) return v;
  const single = headerValue(headers, 'cookie');
  return single ? [single] : [];
}

/** The first non-empty value of a cookie (RFC 6265 `name=value` pairs, optionally quoted). */
export function readCookie(lines: readonly string[], name: string): string | undefined {
  for (const line of lines) {
    for (const pair of line.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
      const value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (value) return value;
    }
  }
  return undefined;
}
