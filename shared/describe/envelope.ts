import type { RouteEntry } from '../../lambdas/routes';
import { ERROR_CODES, type ErrorCode } from '../envelope';
import { LOGGED_ROUTES } from '../params/definitions';
import type { JsonSchema } from '../resolver/convert';
import { ref } from './payloads';

/**
 * The JSON-RPC envelope and the error codes as OpenAPI pieces, from the envelope's own table of
 * codes (envelope/codes.ts): a code added there is in the document, with its HTTP status.
 */

type Status = (typeof ERROR_CODES)[ErrorCode]['status'];
/** Codes answered as a JSON-RPC `error` with an HTTP status of their own. */
export type ProtocolCode = { [K in ErrorCode]: (typeof ERROR_CODES)[K]['status'] extends 200 ? never : K }[ErrorCode];

const codes = Object.keys(ERROR_CODES) as ErrorCode[];
export const HANDLED_CODES = codes.filter((c) => ERROR_CODES[c].status === 200);
const PROTOCOL_CODES = codes.filter((c): c is ProtocolCode => ERROR_CODES[c].status !== 200);

const RPC_ID: JsonSchema = { type: ['string', 'number', 'null'], description: 'echoed from the request; null when it had none' };

/** A JSON-RPC request around `params`, as Odoo clients send it. */
export function rpcRequest(params: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['params'],
    properties: { jsonrpc: { const: '2.0' }, method: { type: 'string', examples: ['call'] }, id: RPC_ID, params },
  };
}

/** A JSON-RPC answer whose `result` is `result`. */
export function rpcAnswer(result: JsonSchema): JsonSchema {
  return { type: 'object', required: ['jsonrpc', 'id', 'result'], properties: { jsonrpc: { const: '2.0' }, id: RPC_ID, result } };
}

/** The outcome object of a handled success: `result` and, beside it, `extra`. */
export function success(result: JsonSchema, extra: Record<string, JsonSchema> = {}): JsonSchema {
  return {
    type: 'object',
    required: ['is_success', 'result', 'messages'],
    properties: { is_success: { const: true }, result, messages: { type: 'string' }, ...extra },
  };
}

/** Whether a route may answer a protocol failure, by where each comes from. */
function answers(route: RouteEntry, code: ProtocolCode): boolean {
  const post = (route.method ?? 'POST') === 'POST';
  switch (code) {
    case 'PARSE_ERROR':
    case 'INVALID_REQUEST':
    case 'NESTING_TOO_DEEP':
    case 'BODY_TOO_LARGE':
      return post;
    case 'UNAUTHENTICATED':
      return route.authorized || route.sessionCookie === true;
    case 'ACCESS_DENIED':
      return post && !route.authorized && !route.sessionCookie;
    case 'ROUTE_FORBIDDEN':
      return (LOGGED_ROUTES as readonly string[]).includes(route.handler);
    case 'ROUTE_NOT_FOUND':
      return false; // a path that is not in this document
    case 'UNAVAILABLE':
      return route.records !== 'none' || route.auth !== 'none';
    case 'INVALID_IDEMPOTENCY_KEY':
    case 'MODEL_MOVING':
    case 'IDEMPOTENCY_IN_PROGRESS':
    case 'IDEMPOTENCY_ANSWER_LOST':
    case 'IDEMPOTENCY_KEY_REUSED':
      return route.records === 'write';
    case 'METHOD_NOT_ALLOWED':
    case 'THROTTLED':
    case 'INTERNAL':
      return true;
  }
}

function rpcError(status: number, list: readonly ErrorCode[]): JsonSchema {
  return {
    type: 'object',
    required: ['jsonrpc', 'id', 'error'],
    properties: {
      jsonrpc: { const: '2.0' },
      id: RPC_ID,
      error: {
        type: 'object',
        required: ['code', 'message', 'data'],
        properties: {
          code: { type: 'integer', description: 'the JSON-RPC error code' },
          message: { type: 'string' },
          data: {
            type: 'object',
            required: ['code', 'http_status', 'request_id'],
            properties: { code: { enum: list }, http_status: { const: status }, request_id: { type: 'string' } },
          },
        },
      },
    },
  };
}

/**
 * The protocol failures a route may answer, one response per HTTP status listing its codes; plus
 * API Gateway's 502 and 504 (INTERNAL) for a function that fails or times out.
 */
export function errorResponses(route: RouteEntry): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of PROTOCOL_CODES) {
    if (!answers(route, code)) continue;
    const status: Status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  byStatus.set(502, ['INTERNAL']);
  byStatus.set(504, ['INTERNAL']);
  const out: Record<string, JsonSchema> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const description =
      status === 502 ? '`INTERNAL`: the function failed.' : status === 504 ? '`INTERNAL`: the function timed out.' : list.map((c) => `\`${c}\`: ${ERROR_CODES[c].doc}`).join(' ');
    out[String(status)] = {
      description,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'seconds to wait (repeated failed logins)', schema: { type: 'integer' } } } } : {}),
      ...(list.includes('MODEL_MOVING') ? { headers: { 'Retry-After': { description: 'seconds to wait (MODEL_MOVING)', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: rpcError(status, list) } },
    };
  }
  return out;
}

/** Components of the envelope: every error code with its status, the handled failure. */
export function envelopeSchemas(): Record<string, JsonSchema> {
  return {
    ErrorCode: {
      description: 'Every code a failure may carry; `x-http-status` is the HTTP status of its answer (200: a handled failure).',
      oneOf: codes.map((code) => ({ const: code, description: ERROR_CODES[code].doc, 'x-http-status': ERROR_CODES[code].status })),
    },
    HandledFailure: {
      type: 'object',
      description: 'A handled failure (HTTP 200): the request was understood and refused, or failed; nothing was written unless `error.details.committed` says so.',
      required: ['is_success', 'messages', 'error', 'request_id'],
      properties: {
        is_success: { const: false },
        messages: { type: 'string', description: "the same text as error.message, with the original module's key phrases" },
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: {
            code: { allOf: [ref('ErrorCode')], enum: HANDLED_CODES },
            message: { type: 'string' },
            details: { type: 'object', description: 'what a program may read: path, field, model, value, ...' },
          },
        },
        request_id: { type: 'string', description: 'finds the call in the API logs' },
      },
    },
  };
}
