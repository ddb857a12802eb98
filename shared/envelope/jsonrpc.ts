import { ERROR_CODES } from './codes';
import { WebhookError } from './errors';

export type JsonRpcId = string | number | null;

/** A request body as Odoo's JSON-RPC clients send it; only `params` is needed. */
export interface RpcRequest {
  id: JsonRpcId;
  params: Record<string, unknown>;
}

/** What a handler returns to API Gateway (REST proxy integration). */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Lambda's synchronous request limit; larger bodies never reach a handler in AWS. */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;
/** Containers (objects and arrays) nested deeper than this are refused before anything else. */
export const MAX_JSON_DEPTH = 64;

const JSON_HEADERS = { 'content-type': 'application/json' };

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export type ParsedBody = { ok: true; request: RpcRequest } | { ok: false; id: JsonRpcId; error: WebhookError };

/**
 * Parses a JSON-RPC body. Anything that is not a JSON object with an object `params` is a protocol
 * failure (400/413); the request id is kept even then when it could be read, so that it is echoed.
 */
export function parseRpcBody(body: string | null | undefined): ParsedBody {
  const fail = (error: WebhookError, id: JsonRpcId = null): ParsedBody => ({ ok: false, id, error });
  if (body !== null && body !== undefined && Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    return fail(new WebhookError('BODY_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes`));
  }
  if (body === null || body === undefined || body.trim() === '') {
    return fail(new WebhookError('INVALID_REQUEST', 'Request body is empty; expected a JSON-RPC object with "params"'));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return fail(new WebhookError('PARSE_ERROR', `Request body is not valid JSON: ${(e as Error).message}`));
  }
  if (!isPlainObject(parsed)) {
    return fail(new WebhookError('INVALID_REQUEST', 'Request body must be a JSON object with "params"'));
  }
  const id = readId(parsed.id);
  if (jsonDepth(parsed) > MAX_JSON_DEPTH) {
    return fail(new WebhookError('NESTING_TOO_DEEP', `Request body nests deeper than ${MAX_JSON_DEPTH} levels`), id);
  }
  if (!isPlainObject(parsed.params)) {
    return fail(new WebhookError('INVALID_REQUEST', "Missing 'params': expected an object"), id);
  }
  return { ok: true, request: { id, params: parsed.params } };
}

function readId(id: unknown): JsonRpcId {
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

/** Depth of nested containers, measured without recursion so that no input can exhaust the stack. */
export function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) max = depth;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return max;
}

function respond(statusCode: number, payload: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(payload) };
}

/** The handled outcome object (`result`) of a successful call. */
export interface SuccessOutcome {
  result: unknown;
  messages: string;
  /** Beside `result` in the outcome object, e.g. search_data's `next_offset` and `total`. */
  extra?: Record<string, unknown>;
}

export function renderSuccess(id: JsonRpcId, outcome: SuccessOutcome, headers?: Record<string, string>): HttpResponse {
  return respond(
    200,
    {
      jsonrpc: '2.0',
      id,
      result: { is_success: true, result: outcome.result, messages: outcome.messages, ...outcome.extra },
    },
    headers,
  );
}

/** A result returned as-is (e.g. `/web/session/authenticate`), without the webhook outcome object. */
export function renderRawResult(id: JsonRpcId, result: unknown, headers?: Record<string, string>): HttpResponse {
  return respond(200, { jsonrpc: '2.0', id, result }, headers);
}

/**
 * Renders a `WebhookError`: a handled failure (HTTP 200, `is_success: false`) or a protocol failure
 * (JSON-RPC `error` with its HTTP status), per the code's table entry.
 */
export function renderError(id: JsonRpcId, error: WebhookError, requestId: string): HttpResponse {
  const entry = ERROR_CODES[error.code];
  if (entry.status === 200) {
    return respond(200, {
      jsonrpc: '2.0',
      id,
      result: {
        is_success: false,
        messages: error.message,
        error: { code: error.code, message: error.message, details: error.details },
        request_id: requestId,
      },
    });
  }
  return respond(entry.status, {
    jsonrpc: '2.0',
    id,
    error: {
      code: 'rpc' in entry ? entry.rpc : -32000,
      message: error.message,
      data: { code: error.code, http_status: entry.status, request_id: requestId, ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}) },
    },
  });
}

/** The answer to an unexpected fault: no detail of it reaches the caller. */
export function renderInternal(id: JsonRpcId, requestId: string): HttpResponse {
  return renderError(id, new WebhookError('INTERNAL', 'Internal error'), requestId);
}
