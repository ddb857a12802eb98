import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replayLog, type ReplayOutcome } from '../shared/logs/replay';
import type { Target } from './target';
import { UsageError } from './usage';

/** Some replays did not succeed: the command exits 1 after trying them all. */
export class ReplayFailed extends Error {
  override readonly name = 'ReplayFailed';
}

export interface ReplayCommand {
  /** The API key to send; else `$WEBHOOK_API_KEY`, else (locally) the development key. */
  key: string | undefined;
  /** Each request sent with `vals.dry_run: true` (nothing written). */
  dryRun: boolean;
  /** Successful writes sent too (else refused: they would write again). */
  force: boolean;
}

/** What a refused replay of a successful write adds: how to send it all the same, or check it first. */
const FORCE_HINT = 'add --force to send it anyway, or --dry-run to see what it would do now without writing';

/**
 * Sends logged requests again, one after the other, to the same route of the target's API with
 * an API key. Prints one progress line per log. A successful write is not sent without `force`.
 */
export async function replay(ids: readonly string[], target: Target, { key, dryRun, force }: ReplayCommand): Promise<void> {
  const apiKey = key ?? process.env.WEBHOOK_API_KEY ?? localKey(target);
  const headers = { authorization: `Bearer ${apiKey}` };
  let failed = 0;
  for (const [i, id] of ids.entries()) {
    const line = await replayLog(id, { apiUrl: target.apiUrl, headers }, { dryRun, force }).catch(
      (error: unknown): ReplayOutcome => ({ ok: false, text: `not sent: ${(error as Error).message}` }),
    );
    if (!line.ok) failed++;
    console.log(`[${i + 1}/${ids.length}] ${id} ${line.text}${line.refused ? `; ${FORCE_HINT}` : ''}`);
  }
  if (failed > 0) throw new ReplayFailed(`${failed} of ${ids.length} replays did not succeed`);
}

/** The development key of the local stack (`$DATA_DIR/dev-api-key`). */
function localKey(target: Target): string {
  const file = join(resolve(process.env.DATA_DIR ?? '.data'), 'dev-api-key');
  if (target.kind === 'local' && existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new UsageError('Replays need an API key: pass --key <key> or set WEBHOOK_API_KEY.');
}
