import type { ZodMiniType } from 'zod/mini';
import type { RecordState } from '../plan/types';
import type { StoredValues } from './types';

/**
 * What a method may see and do. Its writes go through the request's write plan (so the rollback
 * switches apply to them as to the write routes), each conditioned on the version of the record
 * it read: a record changed meanwhile makes the whole call run again on fresh records.
 */
export interface MethodCall<P> {
  /** The records the search_key selected (one, unless the method accepts several), in id order. */
  records: readonly RecordState[];
  /** The named parameters, checked against the method's schema. */
  params: P;
  /** `payload.context`, e.g. `{"lang": "th_TH"}`. */
  context: Readonly<Record<string, unknown>>;
  /** The request's clock. */
  now: Date;
  /** Changes a record the method read. */
  write(record: RecordState, values: StoredValues): void;
  /** The next number of a per-company sequence (e.g. invoices per company and year). */
  nextNumber(sequence: string, company: number | null, period: string): Promise<number>;
}

/**
 * An unsuccessful outcome returned without raising: the call answers `is_success: false`
 * (METHOD_FAILED) and `rollback_state_failed` decides whether the method's writes stay.
 * Raising a `WebhookError` instead is a failure that `rollback_except` governs.
 */
export class Unsuccessful {
  constructor(
    readonly message: string,
    /** What the caller may use: kept as `error.details`. */
    readonly details: Record<string, unknown> = {},
  ) {}
}

export interface MethodDef<P = unknown> {
  /** One line that describes the method in fields_get's answer and the OpenAPI document. */
  doc: string;
  /** Schema of the named parameters (`payload.parameter`), a zod/mini object. */
  parameters: ZodMiniType<P>;
  /** Accepts several records at once (else exactly one must match the search_key). */
  multi: boolean;
  /** The method: returns a JSON value (dates and records are rendered), or an Unsuccessful. */
  run(call: MethodCall<P>): unknown;
}

/** Declares a method with its parameter types inferred from the schema. */
export function method<P>(def: MethodDef<P>): MethodDef<P> {
  return def;
}
