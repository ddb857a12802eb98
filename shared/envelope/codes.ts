/**
 * Every failure the API reports has one of these codes. Handled failures (about the content of
 * `params`) answer HTTP 200 with `is_success: false` and `error.code`; protocol failures answer a
 * JSON-RPC `error` object with the HTTP status below and the code in `error.data.code`.
 *
 * docs/errors.md lists every code of this table; a unit test keeps the two in step.
 */
export const ERROR_CODES = {
  // Protocol failures: the request could not be taken.
  PARSE_ERROR: { status: 400, rpc: -32700, doc: 'The body is not valid JSON.' },
  INVALID_REQUEST: { status: 400, rpc: -32600, doc: 'The body is not a JSON-RPC request with the `params` the route needs (`model` and an object `vals`).' },
  NESTING_TOO_DEEP: { status: 400, rpc: -32600, doc: 'The body nests objects and arrays deeper than 64 levels.' },
  UNAUTHENTICATED: { status: 401, rpc: -32001, doc: 'No credentials, or an unknown, revoked or expired key or session.' },
  ACCESS_DENIED: { status: 401, rpc: -32001, doc: '`/web/session/authenticate`: wrong login, password or db.' },
  ROUTE_FORBIDDEN: { status: 403, rpc: -32003, doc: 'The key may not use this route.' },
  ROUTE_NOT_FOUND: { status: 404, rpc: -32601, doc: 'No such route.' },
  METHOD_NOT_ALLOWED: { status: 405, rpc: -32601, doc: 'Routes take POST only; the OpenAPI document, GET only.' },
  BODY_TOO_LARGE: { status: 413, rpc: -32600, doc: 'The body is larger than 6 MB (the Lambda request limit).' },
  THROTTLED: { status: 429, rpc: -32029, doc: 'The key (or the user of a session) sent more requests than its usage plan allows (its throttle, or its daily quota: the message says which), `/web/session/authenticate` got more requests than its throttle allows, or a login failed too often in a row; retry later (`Retry-After` says when, for logins).' },
  INVALID_IDEMPOTENCY_KEY: { status: 400, rpc: -32600, doc: 'The `Idempotency-Key` header is empty, longer than 255 characters, holds a character other than printable ASCII, or is sent twice.' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, rpc: -32009, doc: 'A request with this `Idempotency-Key` is still running; nothing was written by this one; send it again after `Retry-After` seconds to get its answer.' },
  IDEMPOTENCY_ANSWER_LOST: { status: 409, rpc: -32009, doc: "The first request with this `Idempotency-Key` wrote, but its answer cannot be given again (its function stopped before keeping it); nothing more was written; its API log (`details.original_log_id`) says what it wrote." },
  IDEMPOTENCY_KEY_REUSED: { status: 422, rpc: -32022, doc: 'This `Idempotency-Key` was used with other `params` (by this caller, on this route, within `idempotency_hours`); nothing was written; use a new key for a new request.' },
  UNAVAILABLE: { status: 503, rpc: -32053, doc: 'DynamoDB, S3 or the network kept failing past the retries (throttling, an outage); nothing was written unless `rollback_except` is off; retry later.' },
  MODEL_MOVING: { status: 503, rpc: -32054, doc: "A write of records whose model `npm run catalogue -- migrate` is moving to another shard count (`details.models`); nothing of it was written (but for records `auto_create` committed first with `rollback_except` off); reads are served meanwhile; retry after `Retry-After` seconds (a move pauses a model's writes for two settle periods plus its copy, see docs/migrations.md)." },
  INTERNAL: { status: 500, rpc: -32603, doc: 'An unexpected fault; the message is `Internal error` and `request_id` finds it in the logs.' },

  // Handled failures: the request was understood, and refused or failed.
  UNKNOWN_MODEL: { status: 200, doc: 'The model is not in the catalogue.' },
  UNKNOWN_KEY: { status: 200, doc: "A key of `params`, of `vals` (as the route takes them) or of search_data's or call_function's `payload` is not one the API reads; the message lists the accepted keys and suggests the closest (`did you mean 'result_field'?`)." },
  UNKNOWN_FIELD: { status: 200, doc: 'A key of the payload (or of result_field, search_key, auto_create) is not a field of the model.' },
  INVALID_VALUE: { status: 200, doc: 'A value has the wrong type or form for its field.' },
  REQUIRED: { status: 200, doc: 'A required field has no value.' },
  READONLY: { status: 200, doc: 'The payload sets a field that is computed or kept by the system.' },
  NOT_INDEXED: { status: 200, doc: 'A lookup or search_key uses a field that is not indexed; the message names the indexed fields.' },
  INDEX_BUILDING: { status: 200, doc: 'A lookup, search_key or `child_of` needs an index the catalogue declares but the stored records do not have yet (the catalogue changed); an operator runs `npm run catalogue -- migrate`, then retry.' },
  NOT_FOUND: { status: 200, doc: '`found no match`: a lookup or search_key matched no record the caller may see.' },
  AMBIGUOUS: { status: 200, doc: '`matched more than 1 record`: a lookup (or a search_key without `multi`) matched several records; across companies, the message suggests `company_id` in the search_key.' },
  INVALID_MODE: { status: 200, doc: "`'mode' must be 'add' or 'replace'`, or an x2many value of the wrong shape." },
  SEARCH_KEY_MISSING: { status: 200, doc: "`Parameter 'search_key' in 'vals' not found!`" },
  DUPLICATE: { status: 200, doc: 'A unique field (such as `ref` or `default_code`) already has this value in the company.' },
  CONFLICT: {
    status: 200,
    doc:
      'The records changed under the request too many times in a row; nothing was written, retry. When DynamoDB did not let the request undo what it had written in its time, ' +
      '`details.recovery` is `pending`: that part is undone by the recovery within minutes and will not remain; when DynamoDB never confirmed a transaction, `details.outcome` is `unknown`: part of it may have been written.',
  },
  LIMIT_EXCEEDED: { status: 200, doc: 'A limit was passed: lines per request, nesting of lines, domain size, records a related search may find, matches a count or an in-memory sort may read, answer size.' },
  FORBIDDEN: { status: 200, doc: 'The caller may not use this company or this model.' },
  INVALID_ATTACHMENT: { status: 200, doc: 'An attachment lacks `name` or `datas`, `datas` is not base64, `name` is longer than 1,000 bytes, or `mimetype` is not printable ASCII of at most 255 characters.' },
  DOMAIN: { status: 200, doc: 'search_domain cannot be parsed or names an unknown field or operator; the message says where.' },
  ORDER: { status: 200, doc: '`order` names an unknown field or has a stray word or character.' },
  TOO_MANY: { status: 200, doc: 'More records match than search_max_limit (or `limit` is above it); page with limit/offset.' },
  METHOD_NOT_FOUND: { status: 200, doc: 'call_function: the method is not registered for the model.' },
  INVALID_PARAMETER: { status: 200, doc: "call_function: `parameter` does not fit the method's schema, or holds a number no field accepts." },
  METHOD_FAILED: { status: 200, doc: 'call_function: the method refused or returned an unsuccessful outcome.' },
} as const satisfies Record<string, { status: number; rpc?: number; doc: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
