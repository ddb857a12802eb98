import type { ZodMiniType } from 'zod/mini';

/**
 * A method callable through `/api/call_function`. Its body lives in the model's file; what it may
 * touch is handed to it in `MethodCall` (issue: call_function), so that its writes go through the
 * same write plan and rollback rules as the write routes.
 */
export interface MethodDef {
  /** Schema of the named parameters (`payload.parameter`). */
  parameters: ZodMiniType;
  /** Accepts several records at once (else exactly one must match the search_key). */
  multi: boolean;
  run: (call: never) => unknown;
}
