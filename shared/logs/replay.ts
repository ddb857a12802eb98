import { ROUTES } from '../../lambdas/routes';
import { isPlainObject } from '../envelope';
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from '../idempotency/key';
import { valsKeys } from '../operations/keys';
import { LOGGED_ROUTES } from '../params/definitions';
import { LOG_ID_HEADER, REPLAY_HEADER } from './keys';
import { getLog, readWholeCall } from './query';
import type { ApiLog, WholeCall } from './types';

/** What the API answers: a webhook outcome, or a JSON-RPC error. */
interface RpcAnswer {
  result?: { is_success?: boolean; messages?: string; error?: { code?: string } };
  error?: { message?: string; data?: { code?: string } };
}

/** How one replay went, for a progress line (CLI) or the console. */
export interface ReplayOutcome {
  ok: boolean;
  /** `/api/create_data -> 200 done: Record created successfully`, or why it was not sent. */
  text: string;
  /** The log of the new call, when its route logs. */
  newLogId?: string;
  /** The API's answer, when it was sent. */
  answer?: unknown;
  /** Not sent because the call was a successful write and the replay was not forced. */
  refused?: 'successful_write';
}

export interface ReplayTarget {
  /** Base URL of the API (`https://.../prod`, or the local stack's). */
  apiUrl: string;
  /** The credential to send (`authorization`, or the session `cookie`). */
  headers: Record<string, string>;
}

export interface ReplayOptions {
  /** Sent with `vals.dry_run: true`: checked as the real call would be, nothing written. */
  dryRun?: boolean;
  /** Sent even when the logged call was a successful write (see `successfulWrite`). */
  force?: boolean;
}

/** A log's replays all send this key, so that replaying one log twice writes once. */
export const replayIdempotencyKey = (logId: string): string => `replay-${logId}`;

/**
 * Why a log's request is not sent again without being forced, or null: the call succeeded on a
 * route that writes records (`done`, or `replayed` with the kept answer of a success: the write it
 * repeats was made), so sending it again writes again (a second record, a second change).
 * `Idempotency-Key: replay-<log id>` makes replays of one log by one caller write once between
 * them, not zero times: the logged call itself carried another key, or none.
 */
export function successfulWrite(log: Pick<ApiLog, 'function_name' | 'state' | 'error_code' | 'model' | 'res_ids'>): string | null {
  const writes = ROUTES.some((r) => r.handler === log.function_name && r.records === 'write');
  const succeeded = log.state === 'done' || (log.state === 'replayed' && log.error_code === null);
  if (!writes || !succeeded) return null;
  const what = log.res_ids.length > 0 ? `, ${log.model ?? 'records'} ${log.res_ids.join(', ')}` : '';
  return `it was a successful write (${log.function_name} ${log.state}${what}): sending it again writes again`;
}

/**
 * Whether a log's request can be sent as a dry run: its route takes `vals.dry_run` (the write
 * routes) and the logged request has a `vals` object to carry it.
 */
export function dryRunnable(log: Pick<ApiLog, 'function_name'>, whole: WholeCall): boolean {
  const route = LOGGED_ROUTES.find((r) => r === log.function_name);
  if (!route || !valsKeys(route).includes('dry_run')) return false;
  return isPlainObject(whole.data) && isPlainObject(whole.data.vals);
}

/**
 * Sends a logged request again to the same route of the API, naming the log it replays (a header
 * the route records as `replay_of`): a new request, through the authorizer and throttling as any.
 * A real send carries `Idempotency-Key: replay-<log id>`; a dry run carries none (it writes
 * nothing, and its params differ by `dry_run`). A log whose whole request was not saved (only cut
 * previews) is not sent, nor is a dry run of a route that has none, nor (unless `force`) the real
 * send of a successful write.
 */
export async function replayLog(id: string, target: ReplayTarget, options: ReplayOptions = {}): Promise<ReplayOutcome> {
  const log = await getLog(id);
  if (!log) return { ok: false, text: 'not sent: no such log' };
  const whole = await readWholeCall(log);
  if (!whole.complete) return { ok: false, text: 'not sent: only cut previews of the request were saved' };
  if (options.dryRun && !dryRunnable(log, whole)) return { ok: false, text: `not sent: ${log.route} takes no dry run` };
  const wrote = options.dryRun || options.force ? null : successfulWrite(log);
  if (wrote) return { ok: false, refused: 'successful_write', text: `not sent: ${wrote}` };
  const res = await fetch(`${target.apiUrl.replace(/\/+$/, '')}${log.route}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...target.headers,
      [REPLAY_HEADER]: id,
      ...(options.dryRun ? {} : { [IDEMPOTENCY_HEADER]: replayIdempotencyKey(id) }),
    },
    body: replayBody(whole, options.dryRun === true),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await res.json().catch(() => null)) as RpcAnswer | null;
  const newLogId = res.headers.get(LOG_ID_HEADER) ?? undefined;
  const outcome = answer?.result;
  const sent = { answer, ...(newLogId ? { newLogId } : {}) };
  const to = `${log.route}${options.dryRun ? ' (dry run)' : ''} -> ${res.status}`;
  // An earlier replay of this log wrote; this one got its answer again and wrote nothing.
  const again = res.headers.get(REPLAYED_HEADER) === 'true' ? ' (the answer of an earlier replay of this log, given again: nothing written)' : '';
  if (outcome?.is_success === true) return { ok: true, text: `${to} done: ${outcome.messages ?? ''}${again}`, ...sent };
  const code = outcome?.error?.code ?? answer?.error?.data?.code ?? 'ERROR';
  const message = outcome?.messages ?? answer?.error?.message ?? res.statusText;
  return { ok: false, text: `${to} failed ${code}: ${message}${again}`, ...sent };
}

/**
 * The body sent again: a body that was not JSON-RPC as it came; else its params in a JSON-RPC
 * call, with `vals.dry_run: true` for a dry run.
 */
function replayBody(whole: WholeCall, dryRun: boolean): string {
  if (typeof whole.data === 'string') return whole.data;
  const params = dryRun && isPlainObject(whole.data) && isPlainObject(whole.data.vals) ? { ...whole.data, vals: { ...whole.data.vals, dry_run: true } } : whole.data;
  return JSON.stringify({ jsonrpc: '2.0', method: 'call', params });
}
