import { LOG_ID_HEADER, REPLAY_HEADER } from './keys';
import { getLog, readWholeCall } from './query';
import type { WholeCall } from './types';

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

/**
 * Sends a logged request again to the same route of the API, naming the log it replays (a header
 * the route records as `replay_of`): a new request, through the authorizer and throttling as any.
 * A log whose whole request was not saved (only cut previews) is not sent.
 */
export async function replayLog(id: string, target: ReplayTarget): Promise<ReplayOutcome> {
  const log = await getLog(id);
  if (!log) return { ok: false, text: 'not sent: no such log' };
  const whole = await readWholeCall(log);
  if (!whole.complete) return { ok: false, text: 'not sent: only cut previews of the request were saved' };
  const res = await fetch(`${target.apiUrl.replace(/\/+$/, '')}${log.route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers, [REPLAY_HEADER]: id },
    body: replayBody(whole),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await res.json().catch(() => null)) as RpcAnswer | null;
  const newLogId = res.headers.get(LOG_ID_HEADER) ?? undefined;
  const outcome = answer?.result;
  const sent = { answer, ...(newLogId ? { newLogId } : {}) };
  if (outcome?.is_success === true) return { ok: true, text: `${log.route} -> ${res.status} done: ${outcome.messages ?? ''}`, ...sent };
  const code = outcome?.error?.code ?? answer?.error?.data?.code ?? 'ERROR';
  const message = outcome?.messages ?? answer?.error?.message ?? res.statusText;
  return { ok: false, text: `${log.route} -> ${res.status} failed ${code}: ${message}`, ...sent };
}

/** The body sent again: a body that was not JSON-RPC as it came; else its params in a JSON-RPC call. */
function replayBody(whole: WholeCall): string {
  return typeof whole.data === 'string' ? whole.data : JSON.stringify({ jsonrpc: '2.0', method: 'call', params: whole.data });
}
