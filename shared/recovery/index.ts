import { logger } from '../observability/logger';
import { API_LOG_NOT_WRITTEN } from '../observability/messages';
import { recordRecovery } from '../logs';
import type { Params } from '../params';
import { findAbandoned, recoverWrite, removeMarks, type RecoveredWrite } from '../store/recovery';
import { mapAll } from '../store/pool';

/** Writes settled at once by one run. */
const CONCURRENT_WRITES = 8;

export interface RecoveryReport {
  writes: RecoveredWrite[];
  marksRemoved: number;
}

/**
 * One run of the recovery (docs/writes.md): settles every write whose request died before it could
 * finish or undo it, says so in each request's API log, and removes the journal's marks past their
 * expiry. Run on a schedule (at least once a minute) and when the local stack starts; runs that
 * overlap are safe, since each undo happens once.
 */
export async function recoverWrites(options: { now?: number; until: number; params: Params }): Promise<RecoveryReport> {
  const now = options.now ?? Date.now();
  const { writes, expiredMarks } = await findAbandoned(now);
  const settled = await mapAll(writes, CONCURRENT_WRITES, async (write) => {
    const result = await recoverWrite(write, options.until);
    logger.info('Write recovered', { writeId: result.writeId, action: result.action, logId: result.facts?.logId, kept: result.kept });
    if (result.action !== 'pending' && result.facts) {
      await recordRecovery({
        facts: result.facts,
        state: result.action === 'completed' ? 'completed' : result.action === 'undone' ? 'undone' : 'kept',
        rolledBack: result.action === 'undone',
        kept: result.kept.map((k) => `${k.model},${k.id}`),
        at: new Date(),
        retentionDays: options.params.logRetentionDays,
      }).catch((error: unknown) => logger.error(API_LOG_NOT_WRITTEN, { logId: result.facts?.logId, recovery: true, error: error as Error }));
    }
    return result;
  });
  if (expiredMarks.length > 0) await removeMarks(expiredMarks);
  return { writes: settled, marksRemoved: expiredMarks.length };
}
