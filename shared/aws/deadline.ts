import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The time by which the AWS calls of the current piece of work must end, carried through its async
 * calls (AsyncLocalStorage), so that every client enforces it without each call site passing it.
 * A request sets it per phase (see shared/lambda/budget.ts): reads and commits, then undo, then the
 * API log, each ending well before the function's timeout. Outside any phase (the CLI, a start-up
 * task) only the clients' own per-attempt timeouts apply.
 *
 * The same scope can collect what each attempt of a call came to (see `watchAttempts`): whether
 * it may have reached the service, which a transaction needs to know when no answer came.
 */
interface Scope {
  until?: number;
  attempts?: AttemptFate[];
}

/** What one attempt of a call came to: answered, refused before it could apply, or no answer. */
export type AttemptFate = 'answered' | 'not-applied' | 'no-answer';

const current = new AsyncLocalStorage<Scope>();

/** Runs `work` with its AWS calls bound to end by `until` (epoch ms), whatever bound was set before. */
export function withDeadline<T>(until: number, work: () => Promise<T>): Promise<T> {
  return current.run({ ...current.getStore(), until }, work);
}

/** Milliseconds left before the current bound; Infinity without one. */
export function timeLeft(now = Date.now()): number {
  const until = current.getStore()?.until;
  return until === undefined ? Infinity : until - now;
}

/** Runs `work` and lists the fates of the attempts its AWS calls made, in order. */
export async function watchAttempts<T>(work: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; attempts: AttemptFate[] }> {
  const attempts: AttemptFate[] = [];
  const result = await current.run({ ...current.getStore(), attempts }, () =>
    work().then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    ),
  );
  return { result, attempts };
}

/** Records an attempt's fate in the scope watching it, if any. */
export const recordAttempt = (fate: AttemptFate): void => void current.getStore()?.attempts?.push(fate);

/**
 * An AWS call that could not end before its bound: it was not sent (`sent` false), or its answer was
 * not waited for. Not retryable by the SDK: its name is none of the SDK's transient errors.
 */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly sent: boolean) {
    super(sent ? 'The AWS call did not answer before the deadline' : 'No time left for the AWS call before the deadline');
  }
}
