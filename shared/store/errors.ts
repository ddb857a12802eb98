import type { StoredScalar } from '../catalogue';

export type StoreFailure =
  /** A unique value is taken (a guard's condition failed). */
  | { reason: 'duplicate'; model: string; field: string; value: StoredScalar | null }
  /** Another request changed what this one read; retry from the reads. */
  | { reason: 'conflict'; model: string; id: number | null }
  /** DynamoDB kept refusing (throttling past the SDK's retries). */
  | { reason: 'unavailable' }
  /** A record would pass DynamoDB's 400 KB item size. */
  | { reason: 'too_large'; model: string; id: number; bytes: number };

/**
 * A write that did not go through. `committed` tells whether part of it stayed (only possible when
 * the plan spanned several transactions and rollback was off, or when undoing failed).
 */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  /** Committed because undoing what had committed failed (rollback was on). */
  readonly undoFailed: boolean;

  constructor(
    readonly failure: StoreFailure,
    readonly committed: boolean,
    options?: { cause?: unknown; undoFailed?: boolean },
  ) {
    super(`store: ${failure.reason}${committed ? ' (partly committed)' : ''}`, options);
    this.undoFailed = options?.undoFailed ?? false;
  }
}
