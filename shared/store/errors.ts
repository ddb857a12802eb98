import type { StoredScalar } from '../catalogue';
import type { ItemAbout } from './types';

export type StoreFailure =
  /** A unique value is taken (a guard's condition failed). */
  | { reason: 'duplicate'; model: string; field: string; value: StoredScalar | null }
  /** Another request changed what this one read; retry from the reads. */
  | { reason: 'conflict'; model: string; id: number | null }
  /** DynamoDB kept refusing or did not answer (throttling past the retries, an outage, the deadline). */
  | { reason: 'unavailable' }
  /** The request's Idempotency-Key was taken by another request meanwhile; nothing was written. */
  | { reason: 'key_taken' }
  /** A record would pass DynamoDB's 400 KB item size. */
  | { reason: 'too_large'; model: string; id: number; bytes: number };

/** What is left of a write that did not go through, beyond its failure. */
export interface Leftover {
  /** Part of it stayed: rollback was off, or records changed meanwhile kept part of it (`kept`). */
  committed: boolean;
  /** Records whose undo was refused because another request changed them since. */
  kept: readonly ItemAbout[];
  /** DynamoDB did not say whether it (or part of it) was written, and nothing can tell yet. */
  outcomeUnknown: boolean;
  /** What committed is undone by the recovery, not by the request (it ran out of time or DynamoDB failed). */
  recoveryPending: boolean;
}

const NOTHING: Leftover = { committed: false, kept: [], outcomeUnknown: false, recoveryPending: false };

/**
 * A write that did not go through, with what it left behind (nothing, unless `leftover` says so).
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly leftover: Leftover;

  constructor(
    readonly failure: StoreFailure,
    leftover: Partial<Leftover> = {},
    options?: { cause?: unknown },
  ) {
    const left = { ...NOTHING, ...leftover };
    super(`store: ${failure.reason}${left.committed ? ' (partly committed)' : ''}${left.outcomeUnknown ? ' (outcome unknown)' : ''}`, options);
    this.leftover = left;
  }

  /** Part of the write stayed, or may have: running the request again could write it twice. */
  get mayHaveWritten(): boolean {
    return this.leftover.committed || this.leftover.outcomeUnknown || this.leftover.recoveryPending;
  }
}
