import type { Catalogue } from '../catalogue';
import type { Principal } from '../auth/principal';
import type { Params } from '../params';

/** What every operation knows about its request. */
export interface OperationContext {
  principal: Principal;
  params: Params;
  catalogue: Catalogue;
  /** The request's clock: every record it writes gets this time. */
  now: Date;
  requestId: string;
  /** Epoch milliseconds by which the answer must be ready (the function's time, less a margin). */
  deadline: number;
  /** `vals.dry_run`: everything is read and checked, nothing is written or reserved. */
  dryRun: boolean;
}

/** `params` of the write and search routes. */
export interface RouteParams {
  model: string;
  vals: Record<string, unknown>;
}

/** A handled outcome, rendered by the envelope; `resIds` go to the API log. */
export interface Outcome {
  result: unknown;
  messages: string;
  extra?: Record<string, unknown>;
  resIds: number[];
}
