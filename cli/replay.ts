import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getLog, readWholeCall, REPLAY_HEADER } from '../shared/logs';
import type { Target } from './target';
import { UsageError } from './usage';

/** What the API answers: a webhook outcome, or a JSON-RPC error. */
interface RpcAnswer {
  result?: { is_success?: boolean; messages?: string; error?: { code?: string } };
  error?: { message?: string; data?: { code?: string } };
}

/** Some replays did not succeed: the command exits 1 after trying them all. */
export class ReplayFailed extends Error {
  override readonly name = 'ReplayFailed';
}

/**
 * Sends logged requests again, one after the other, to the same route of the target's API, each
 * naming the log it replays (a header the route handler records as `replay_of`). Prints one
 * progress line per log.
 */
export async function replay(ids: readonly string[], target: Target, key: string | undefined): Promise<void> {
  const apiKey = key ?? process.env.WEBHOOK_API_KEY ?? localKey(target);
  let failed = 0;
  for (const [i, id] of ids.entries()) {
    const line = await replayOne(id, target, apiKey).catch((error: unknown) => ({ ok: false, text: `not sent: ${(error as Error).message}` }));
    if (!line.ok) failed++;
    console.log(`[${i + 1}/${ids.length}] ${id} ${line.text}`);
  }
  if (failed > 0) throw new ReplayFailed(`${failed} of ${ids.length} replays did not succeed`);
}

async function replayOne(id: string, target: Target, apiKey: string): Promise<{ ok: boolean; text: string }> {
  const log = await getLog(id);
  if (!log) return { ok: false, text: 'not sent: no such log' };
  const whole = await readWholeCall(log);
  if (!whole.complete) return { ok: false, text: 'not sent: only cut previews of the request were saved' };
  // A body that was not JSON-RPC is sent again as it came; otherwise its params in a JSON-RPC call.
  const body = typeof whole.data === 'string' ? whole.data : JSON.stringify({ jsonrpc: '2.0', method: 'call', params: whole.data });
  const res = await fetch(`${target.apiUrl.replace(/\/+$/, '')}${log.route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, [REPLAY_HEADER]: id },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await res.json().catch(() => null)) as RpcAnswer | null;
  const outcome = answer?.result;
  if (outcome?.is_success === true) return { ok: true, text: `${log.route} -> ${res.status} done: ${outcome.messages ?? ''}` };
  const code = outcome?.error?.code ?? answer?.error?.data?.code ?? 'ERROR';
  const message = outcome?.messages ?? answer?.error?.message ?? res.statusText;
  return { ok: false, text: `${log.route} -> ${res.status} failed ${code}: ${message}` };
}

/** The development key of the local stack (`$DATA_DIR/dev-api-key`). */
function localKey(target: Target): string {
  const file = join(resolve(process.env.DATA_DIR ?? '.data'), 'dev-api-key');
  if (target.kind === 'local' && existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new UsageError('Replays need an API key: pass --key <key> or set WEBHOOK_API_KEY.');
}
