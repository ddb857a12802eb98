import type { Catalogue } from '../catalogue';
import type { Access } from '../auth/access';
import type { Budget } from '../lambda/budget';
import type { Params } from '../params';
import type { WriteLedger } from './ledger';

/** What every operation knows about its request. */
export interface OperationContext {
  /** What the caller may reach: its principal, models, companies and the records it sees. */
  access: Access;
  params: Params;
  catalogue: Catalogue;
  /** The request's clock: every record it writes gets this time. */
  now: Date;
  requestId: string;
  /** When each phase of the request ends (reads and commits, undo, the API log). */
  budget: Budget;
  /** The request's writes: their names, what stayed, the journals to remove once answered. */
  writes: WriteLedger;
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
