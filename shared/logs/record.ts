import type { Principal } from '../auth/principal';
import { WebhookError } from '../envelope';
import { StoreError } from '../store/errors';
import { newLogId } from './keys';
import { redact, redactText } from './redact';
import type { ApiLog } from './types';

/**
 * Building a log from what the route handler saw (pure: the writer does the I/O).
 */

/**
 * Previews never exceed this many characters, whatever preview_limit says, so that a log item
 * (two previews, at most 3 bytes a character) stays under DynamoDB's 400 KB item limit.
 */
export const MAX_PREVIEW_CHARS = 60_000;

/**
 * `model` is kept up to this many characters (then cut as a preview is): catalogue names are
 * short, and a caller's text of any length must not make the log item too large to write.
 */
export const MAX_MODEL_CHARS = 256;

export interface CallFacts {
  /** The log's id, when the request was given one up front (its writes are named after it). */
  logId?: string;
  /** The route's name: `create_data`. */
  functionName: string;
  startedAt: number;
  finishedAt: number;
  principal: Principal;
  requestId: string;
  sourceIp: string | null;
  replayOf: string | null;
  /** `params` of the request, or the raw body when it was not a JSON-RPC request with params. */
  request: Record<string, unknown> | string | null;
  response: { statusCode: number; body: string };
  /** Records written (or returned) by a successful call. */
  resIds?: readonly number[];
  /** What made the call fail, if it failed. */
  error?: unknown;
  /** The rollback_except switch in force for the call. */
  rollbackExcept: boolean;
  /** Whether something the request wrote stays (shared/operations/ledger.ts). */
  stayed?: boolean;
  /** A dry run (`vals.dry_run`): logged as such whatever its outcome; it wrote nothing. */
  dryRun?: boolean;
  /** The request's `Idempotency-Key`. */
  idempotencyKey?: string | null;
  /** The answer was the one kept for the key, given again: the log of the call that made it. */
  originalLogId?: string;
}

/** A log and the whole texts behind its previews. */
export interface DraftLog {
  log: ApiLog;
  /** The JSON file saved to S3 when a preview was cut; null when the previews are whole. */
  spill: string | null;
}

export function draftLog(call: CallFacts, previewLimit: number): DraftLog {
  const failed = call.error !== undefined;
  const dryRun = call.dryRun === true;
  const replayed = call.originalLogId !== undefined;
  // A raw body (not JSON-RPC) is logged as its text, and saved to S3 as a JSON string.
  const raw = typeof call.request === 'string' ? redactText(call.request) : null;
  const dataJson = raw !== null ? JSON.stringify(raw) : call.request ? JSON.stringify(redact(call.request)) : null;
  const dataText = raw ?? dataJson ?? '';
  const resultText = call.response.body;
  const limit = Math.min(previewLimit, MAX_PREVIEW_CHARS);
  const cut = dataText.length > limit || resultText.length > limit;
  const model = typeof call.request === 'object' && typeof call.request?.model === 'string' ? preview(call.request.model, MAX_MODEL_CHARS) : null;
  const log: ApiLog = {
    log_id: call.logId ?? newLogId(call.startedAt),
    created_at: new Date(call.startedAt).toISOString(),
    route: `/api/${call.functionName}`,
    function_name: call.functionName,
    model,
    log_type: 'receive',
    state: dryRun ? 'dry_run' : replayed ? 'replayed' : failed ? 'failed' : 'done',
    http_status: call.response.statusCode,
    error_code: failed ? errorCodeOf(call) : replayed ? answeredCode(call.response.body) : null,
    duration_ms: Math.max(0, call.finishedAt - call.startedAt),
    principal: call.principal.name,
    principal_id: call.principal.id,
    company_id: call.principal.companyId,
    request_id: call.requestId,
    source_ip: call.sourceIp,
    res_ids: failed || dryRun ? [] : [...(call.resIds ?? [])],
    data_preview: preview(dataText, limit),
    data_size: Buffer.byteLength(dataText, 'utf8'),
    result_preview: preview(resultText, limit),
    result_size: Buffer.byteLength(resultText, 'utf8'),
    attachment: null,
    ...(failed && !dryRun ? writeOutcome(call.error, call.rollbackExcept, call.stayed ?? false) : {}),
    ...(call.replayOf ? { replay_of: call.replayOf } : {}),
    ...(call.idempotencyKey ? { idempotency_key: call.idempotencyKey } : {}),
    ...(replayed ? { original_log_id: call.originalLogId } : {}),
  };
  return { log, spill: cut ? `{"data":${dataJson ?? 'null'},"result":${resultText}}` : null };
}

/** The text cut at `limit` characters, ending with ` ...` when cut (never inside a surrogate pair). */
export function preview(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)} ...`;
}

/**
 * The code the caller was answered, read from the answer itself (`result.error.code` of a handled
 * failure, `error.data.code` of a protocol one), so that the log cannot disagree with it: an AWS
 * service that kept failing is answered UNAVAILABLE, not INTERNAL.
 */
function errorCodeOf(call: CallFacts): string {
  return answeredCode(call.response.body) ?? (call.error instanceof WebhookError ? call.error.code : 'INTERNAL');
}

/** The error code an answer carries, if any. */
function answeredCode(text: string): string | null {
  try {
    const body = JSON.parse(text) as { result?: { error?: { code?: unknown } }; error?: { data?: { code?: unknown } } };
    const code = body.result?.error?.code ?? body.error?.data?.code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null; // not JSON
  }
}

/**
 * What a failed call's writes came to. A failure that says whether its writes stayed
 * (`details.committed`, as call_function's unsuccessful outcomes do) is taken at its word: an
 * unsuccessful outcome is discarded by rollback_state_failed whatever rollback_except says. A
 * store failure says what it left: part of it (kept), nothing, an undo left to the recovery
 * (`recovery: pending`), or an outcome DynamoDB never told (`outcome_unknown`, no `rolled_back`).
 * Otherwise the rollback_except switch decides, unless something the request wrote stays.
 */
function writeOutcome(error: unknown, rollbackExcept: boolean, stayed: boolean): Pick<ApiLog, 'rolled_back' | 'outcome_unknown' | 'recovery'> {
  if (error instanceof StoreError) {
    const left = error.leftover;
    if (left.outcomeUnknown) return { outcome_unknown: true };
    const rolled = rollbackExcept && !left.committed && !stayed;
    return { rolled_back: rolled, ...(left.recoveryPending ? { recovery: 'pending' } : {}) };
  }
  if (error instanceof WebhookError && typeof error.details.committed === 'boolean') {
    // A store failure told as the caller's (CONFLICT, DUPLICATE) keeps what it left in its details.
    if (error.details.outcome === 'unknown') return { outcome_unknown: true };
    return { rolled_back: !error.details.committed, ...(error.details.recovery === 'pending' ? { recovery: 'pending' } : {}) };
  }
  return { rolled_back: rollbackExcept && !stayed };
}
