import type { Model } from '../catalogue';
import { getConfig } from '../config';
import { WebhookError } from '../envelope';

/**
 * Refuses, before anything is written, a write of records whose model `migrate` is moving to
 * another shard count (docs/migrations.md, "Moving to another shard count"): its records are being
 * copied, and a write now could be missed by the copy. Reads are served meanwhile. The caller may
 * come back after a cache period, when its function reads the recorded state again.
 */
export function refuseMoving(models: Iterable<Model>): void {
  const moving = [...new Set([...models].filter((m) => m.moving).map((m) => m.name))];
  if (moving.length === 0) return;
  const retryAfter = Math.max(1, Math.ceil(getConfig().catalogueCacheSeconds));
  const names = moving.map((m) => `'${m}'`).join(', ');
  throw new WebhookError(
    'MODEL_MOVING',
    `The records of ${names} are being moved to another shard count by a catalogue migration: their writes are refused until it ends (reads are served); retry in ${retryAfter} s`,
    { models: moving, retry_after: retryAfter },
  );
}
