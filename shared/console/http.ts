import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ERROR_CODES, WebhookError, type ErrorCode } from '../envelope';
import { headerValue } from '../lambda/event';

/**
 * The console's answers. Every one carries a Content-Security-Policy that allows only the console's
 * own files (no inline script or style, nothing from elsewhere, no framing), so that a text a
 * caller logged can never run as script even if it reached the page as HTML.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Whether the request came over HTTPS: API Gateway says so; the local stack serves plain HTTP. */
export const isSecure = (event: APIGatewayProxyEvent): boolean => headerValue(event.headers, 'x-forwarded-proto') !== 'http';

/** The origin the page was served from, which its own requests name in `Origin`. */
export function ownOrigin(event: APIGatewayProxyEvent): string {
  return `${isSecure(event) ? 'https' : 'http'}://${headerValue(event.headers, 'host') ?? ''}`;
}

export function json(event: APIGatewayProxyEvent, status: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { ...securityHeaders(isSecure(event)), 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * HTTP status of a refusal in the console's API: the protocol status of the code, and for the
 * codes the webhook routes answer as handled failures, the status that says the same over HTTP.
 */
const HANDLED_STATUS: Partial<Record<ErrorCode, number>> = { FORBIDDEN: 403, INVALID_VALUE: 400, NOT_FOUND: 404 };

export function failure(event: APIGatewayProxyEvent, error: WebhookError, headers: Record<string, string> = {}): APIGatewayProxyResult {
  const status = ERROR_CODES[error.code].status === 200 ? (HANDLED_STATUS[error.code] ?? 400) : ERROR_CODES[error.code].status;
  const retryAfter = error.details.retry_after;
  const more: Record<string, string> = typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
  return json(event, status, { error: { code: error.code, message: error.message } }, { ...headers, ...more });
}

/** A JSON object body; anything else is INVALID_REQUEST. */
export function bodyObject(event: APIGatewayProxyEvent): Record<string, unknown> {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new WebhookError('INVALID_REQUEST', 'The body must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new WebhookError('INVALID_REQUEST', 'The body must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** A text field of a body (`undefined` when absent); another type is INVALID_VALUE. */
export function textField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new WebhookError('INVALID_VALUE', `'${name}' must be text`);
  return value;
}

/** A true/false field of a body (false when absent); another type is INVALID_VALUE. */
export function flagField(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new WebhookError('INVALID_VALUE', `'${name}' must be true or false`);
  return value;
}
