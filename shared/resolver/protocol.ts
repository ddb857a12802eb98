import type { Model, StoredScalar } from '../catalogue';
import { WebhookError } from '../envelope';
import type { Candidate } from '../store';
import { scopeKey, type LookupScope } from './scope';

/**
 * The round protocol between a resolution (pure) and whoever can read the store:
 *
 *   needs() ──► RoundNeeds ──► store reads, all at once ──► RoundResults ──► accept()
 *      ▲                                                                        │
 *      └──────────────────────── until needs() is null ◄────────────────────────┘
 *
 * A round asks for lookups (batched by model, field and scope), record ids and sequence numbers;
 * its answer must carry every one of them. needs() and accept() alternate: each round is asked
 * once and answered once. The resolution is finished when needs() returns null; its failures
 * (lookups that found nothing, or too much) are read after each round.
 */
export interface RoundProtocol {
  /** The reads of the next round, or null when nothing is left to read. */
  needs(): RoundNeeds | null;
  /** Takes the answer to the round needs() just asked for. */
  accept(results: RoundResults): void;
  /** Lookups that failed, in the order they were answered. */
  readonly failures: readonly WebhookError[];
  /** References left without an answer: none once the rounds are over, unless a failure stopped them. */
  unresolved(): string[];
}

/** A batch of lookups: values of one field of one model, in one scope. */
export interface LookupGroup {
  /** Its lookupKey: the answer's lookups are keyed by it. */
  key: string;
  model: Model;
  by: string;
  scope: LookupScope;
  /** Each value once. */
  values: StoredScalar[];
}

/** What a round asks for, all at once. */
export interface RoundNeeds {
  lookups: LookupGroup[];
  /** Record ids to reserve, by model. */
  ids: Map<string, number>;
  /** Sequence numbers to reserve, by counter. */
  sequences: Map<string, number>;
}

/** What a round must be answered with. */
export interface RoundResults {
  /**
   * By group key, then by value: every record holding that value (empty when none), archived and
   * out-of-scope ones included: the resolution decides what the lookup may see.
   */
  lookups: Map<string, Map<StoredScalar, Candidate[]>>;
  /** As many reserved ids as asked, by model. */
  ids: Map<string, number[]>;
  /** The first of as many consecutive numbers as asked, by counter. */
  sequences: Map<string, number>;
}

/** The key of a lookup batch: one model, one field, one scope. */
export const lookupKey = (model: Model, by: string, scope: LookupScope): string => `${model.name}|${by}|${scopeKey(scope)}`;

/** Rounds of lookups one request may need (auto-created records with lookups of their own). */
export const MAX_ROUNDS = 6;

export interface RoundRunner {
  /** Reads what the round asks, from the store. */
  answer(needs: RoundNeeds): Promise<RoundResults>;
  /** Runs after each round is accepted, before its failures are reported. */
  afterRound?(): Promise<void>;
}

/**
 * Runs rounds until the resolution needs nothing more. The first failure stops it, after the round
 * that found it (and its afterRound); more than MAX_ROUNDS rounds is refused.
 */
export async function resolveRounds(resolution: RoundProtocol, runner: RoundRunner): Promise<void> {
  for (let round = 0; ; round++) {
    const needs = resolution.needs();
    if (!needs) break;
    if (round >= MAX_ROUNDS) {
      throw new WebhookError('LIMIT_EXCEEDED', `auto_create records depend on each other more than ${MAX_ROUNDS} levels deep`);
    }
    resolution.accept(await runner.answer(needs));
    await runner.afterRound?.();
    if (resolution.failures.length > 0) throw resolution.failures[0]!;
  }
  const open = resolution.unresolved();
  if (open.length > 0) throw new Error(`resolution ended with unresolved references: ${open.join(', ')}`);
}
