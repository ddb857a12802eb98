import { INVALID_KEY, NOT_AUTHENTICATED } from '../shared/auth/messages';
import { THROTTLED_MESSAGE, USAGE_PLAN, quotaExceededMessage } from '../shared/deployment';
import { WebhookError, renderError, type ErrorCode } from '../shared/envelope';
import { FIREWALL_MESSAGE } from './firewall';

/**
 * API Gateway's own refusals (before or instead of a function) rewritten into the JSON-RPC error
 * the functions and the local API Gateway answer, so that a caller sees one shape whatever refused
 * it. A gateway response template only substitutes `$context` variables (no VTL), hence:
 *
 * - `authorizer`: the message the authorizer put in its context for a Deny, already escaped for a
 *   JSON string (`messageJson`), since a message may hold quotes;
 * - `gateway`: API Gateway's own message, `$context.error.messageString` (a quoted JSON string);
 * - otherwise a fixed text.
 */
export type MessageSource = { text: string } | 'authorizer' | 'gateway';

export interface GatewayAnswer {
  /** API Gateway's response type (`ResponseType` in the CDK). */
  type: string;
  code: ErrorCode;
  /** HTTP status answered; the functions' status for the code unless API Gateway's is kept. */
  status: number;
  message: MessageSource;
}

export const GATEWAY_ANSWERS: readonly GatewayAnswer[] = [
  // The authorizer's Deny: API Gateway would answer 403; a caller without valid credentials is 401.
  { type: 'ACCESS_DENIED', code: 'UNAUTHENTICATED', status: 401, message: 'authorizer' },
  { type: 'UNAUTHORIZED', code: 'UNAUTHENTICATED', status: 401, message: { text: NOT_AUTHENTICATED } },
  // The authorizer allowed a key that is not an API key of the usage plan (created locally only,
  // or disabled): to the caller, an invalid key.
  { type: 'INVALID_API_KEY', code: 'UNAUTHENTICATED', status: 401, message: { text: INVALID_KEY } },
  // API Gateway says "Missing Authentication Token" for a path it does not know.
  { type: 'MISSING_AUTHENTICATION_TOKEN', code: 'ROUTE_NOT_FOUND', status: 404, message: { text: 'No such route' } },
  { type: 'THROTTLED', code: 'THROTTLED', status: 429, message: { text: THROTTLED_MESSAGE } },
  { type: 'QUOTA_EXCEEDED', code: 'THROTTLED', status: 429, message: { text: quotaExceededMessage(USAGE_PLAN.quota) } },
  // The web ACL refused the source address (infra/firewall.ts); API Gateway would answer 403.
  { type: 'WAF_FILTERED', code: 'THROTTLED', status: 429, message: { text: FIREWALL_MESSAGE } },
  { type: 'REQUEST_TOO_LARGE', code: 'BODY_TOO_LARGE', status: 413, message: { text: 'Request body is too large' } },
  { type: 'INTEGRATION_FAILURE', code: 'INTERNAL', status: 502, message: { text: 'Internal error' } },
  { type: 'INTEGRATION_TIMEOUT', code: 'INTERNAL', status: 504, message: { text: 'Endpoint request timed out' } },
  { type: 'DEFAULT_4XX', code: 'INVALID_REQUEST', status: 400, message: 'gateway' },
  { type: 'DEFAULT_5XX', code: 'INTERNAL', status: 500, message: { text: 'Internal error' } },
];

const MESSAGE = '\u0000message\u0000';
const REQUEST_ID = '\u0000request\u0000';

/** The `application/json` template of an answer: the functions' own error body, with variables. */
export function responseTemplate(answer: GatewayAnswer): string {
  return errorTemplate(answer.code, messageExpression(answer.message));
}

/** The body of the 405 answered for other methods on a route that takes `method` (a mock integration: VTL applies). */
export function methodNotAllowedTemplate(method: string): string {
  return errorTemplate('METHOD_NOT_ALLOWED', `"$context.resourcePath accepts ${method} only"`);
}

function errorTemplate(code: ErrorCode, message: string): string {
  const body = renderError(null, new WebhookError(code, MESSAGE), REQUEST_ID).body;
  return body.replace(JSON.stringify(REQUEST_ID), () => '"$context.requestId"').replace(JSON.stringify(MESSAGE), () => message);
}

function messageExpression(source: MessageSource): string {
  if (source === 'authorizer') return '"$context.authorizer.messageJson"';
  if (source === 'gateway') return '$context.error.messageString';
  return JSON.stringify(source.text);
}
