import { summarizePlan, type WritePlan } from '../plan';
import type { Pending } from '../resolver';
import type { Outcome } from './context';

/** The message of every successful dry run. */
export const DRY_RUN_MESSAGE = 'Dry run: nothing written';

export interface DryRunFacts {
  plan: WritePlan;
  /** Records auto_create would make. */
  autoCreated?: readonly Pending[];
  /** call_function: the method run, and what it returned (rendered). */
  method?: { name: string; result: unknown };
}

/**
 * The answer of a dry run that passed every check: `{"dry_run": true, "would": {...}}`, what the
 * call would have written (see summarizePlan). No record is written, so the log names none.
 */
export function dryRunOutcome({ plan, autoCreated = [], method }: DryRunFacts): Outcome {
  const would = summarizePlan(plan, autoCreated.map((p) => ({ model: p.node.model.name, id: p.id! })));
  return {
    result: { dry_run: true, would: { ...would, ...(method ? { method } : {}) } },
    messages: DRY_RUN_MESSAGE,
    resIds: [],
  };
}
