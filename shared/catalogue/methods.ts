import type { MethodDef } from './types';

/**
 * An unsuccessful outcome returned without raising: the call answers `is_success: false`
 * (METHOD_FAILED) and `rollback_state_failed` decides whether the method's writes stay.
 * Raising a `Refusal` instead is a failure that `rollback_except` governs.
 */
export class Unsuccessful {
  constructor(
    readonly message: string,
    /** What the caller may use: kept as `error.details`. */
    readonly details: Record<string, unknown> = {},
  ) {}
}

/**
 * A method's refusal, raised: the call fails with METHOD_FAILED (message and details as given) and
 * `rollback_except` decides whether what the method wrote before stays.
 */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    message: string,
    /** What the caller may use: kept as `error.details`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Declares a method with its parameter types inferred from the schema. */
export function method<P>(def: MethodDef<P>): MethodDef<P> {
  return def;
}
