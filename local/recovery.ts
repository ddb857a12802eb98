import { withDeadline } from '../shared/aws/deadline';
import { getParams } from '../shared/params';
import { recoverWrites } from '../shared/recovery';

/** How often the local stack runs the recovery, as the stack's schedule does in AWS. */
export const RECOVERY_INTERVAL_MS = 60_000;
/** The longest one run may take: the recovery function's time in AWS, less a margin. */
const RUN_MS = 50_000;

export interface RunningRecovery {
  stop(): Promise<void>;
}

/**
 * The local stand-in for the recovery's schedule: a run at start, then one every interval (never
 * two at once). A run that fails is reported and the next one tries again.
 */
export function startRecovery(options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): RunningRecovery {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running
      .then(async () => {
        const until = Date.now() + RUN_MS;
        const params = await getParams();
        await withDeadline(until, () => recoverWrites({ until, params }));
      })
      .catch(options.onError ?? ((error: unknown) => console.error('recovery:', (error as Error).message)));
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? RECOVERY_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
