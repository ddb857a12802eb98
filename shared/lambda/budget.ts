/**
 * The time a request may take, split into phases so that whatever happens to DynamoDB, the request
 * ends with an answer and its API log inside the function's timeout and API Gateway's 29 s:
 *
 *   start ── work ──────────────── workUntil ─ commit ─ commitUntil ─ undo ─ undoUntil ─ log ─ logUntil ── end
 *           reads, attempts;         no transaction     unknown outcomes    undo, fences        API log write
 *           transactions sent        is sent after      resolved            of a failed write
 *
 * A phase's AWS calls are held to its end (shared/aws/deadline.ts), and the phases are fractions of
 * the request's time, so a function given less time (a test's) keeps the same shape.
 */
export interface Budget {
  startedAt: number;
  /** No attempt starts, and no transaction is sent, after this. */
  workUntil: number;
  /** Transactions sent before workUntil have a known outcome by now, or are fenced after. */
  commitUntil: number;
  /** Undo and fencing of a failed write end here. */
  undoUntil: number;
  /** The API log is written by now. */
  logUntil: number;
  end: number;
}

/**
 * The longest a request runs: API Gateway answers 504 at 29 s (the authorizer's time included),
 * and the functions' timeout is 28 s; this leaves room for a slow authorizer.
 */
export const MAX_REQUEST_MS = 26_000;

const SHARES = { work: 0.62, commit: 0.75, undo: 0.88, log: 0.96 };

/** The budget of a request that started at `startedAt` with `remainingMs` left to its function. */
export function budgetFor(startedAt: number, remainingMs: number): Budget {
  const total = Math.max(0, Math.min(remainingMs, MAX_REQUEST_MS));
  const at = (share: number) => startedAt + Math.floor(total * share);
  return {
    startedAt,
    workUntil: at(SHARES.work),
    commitUntil: at(SHARES.commit),
    undoUntil: at(SHARES.undo),
    logUntil: at(SHARES.log),
    end: startedAt + total,
  };
}
