import { isPlainObject } from '../envelope';
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
}

/** The header that makes a retried write run once (the API keeps its answer for the key). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** A log's replays all send this key, so that replaying one log twice writes once. */
export const replayIdempotencyKey = (logId: string): string => `replay-${logId}`;

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
 * previews) is not sent, nor is a dry run of a route that has none.
 */
export async function replayLog(id: string, target: ReplayTarget, options: ReplayOptions = {}): Promise<ReplayOutcome> {
  const log = await getLog(id);
  if (!log) return { ok: false, text: 'not sent: no such log' };
  const whole = await readWholeCall(log);
  if (!whole.complete) return { ok: false, text: 'not sent: only cut previews of the request were saved' };
  if (options.dryRun && !dryRunnable(log, whole)) return { ok: false, text: `not sent: ${log.route} takes no dry run` };
  const res = await fetch(`${target.apiUrl.replace(/\/+$/, '')}${log.route}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...target.headers,
      [REPLAY_HEADER]: id,
      ...(options.dryRun ? {} : { [IDEMPOTENCY_KEY_HEADER]: replayIdempotencyKey(id) }),
    },
    body: replayBody(whole, options.dryRun === true),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await res.json().catch(() => null)) as RpcAnswer | null;
  const newLogId = res.headers.get(LOG_ID_HEADER) ?? undefined;
  const outcome = answer?.result;
  const sent = { answer, ...(newLogId ? { newLogId } : {}) };
  const to = `${log.route}${options.dryRun ? ' (dry run)' : ''} -> ${res.status}`;
  if (outcome?.is_success === true) return { ok: true, text: `${to} done: ${outcome.messages ?? ''}`, ...sent };
  const code = outcome?.error?.code ?? answer?.error?.data?.code ?? 'ERROR';
  const message = outcome?.messages ?? answer?.error?.message ?? res.statusText;
  return { ok: false, text: `${to} failed ${code}: ${message}`, ...sent };
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
