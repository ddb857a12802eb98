import type { StoredScalar } from '../catalogue';
import type { Step } from './plan';

/**
 * Where a migration of one model stands, saved in the records table after every page of work: a
 * run killed at any point starts again from here (the page in progress is done again, which no
 * step minds). A run whose catalogue brings the model elsewhere (another `target`) starts over.
 */
export interface Checkpoint {
  /** Names the run, in messages. */
  run: string;
  /** targetOf() of the catalogue the run migrates to. */
  target: string;
  steps: Step[];
  /** The step in progress (steps.length once all are done). */
  step: number;
  /** Where the step in progress stands: the last record id done, or the last key of a partition. */
  cursor: { after: number } | { partition: number; after: string } | null;
  /** The version of the model's recorded state as this run last wrote it (null: no state yet). */
  version: number | null;
  /**
   * Families refused, and not built: the guards of a unique field whose values are not unique, the
   * index of a field that records hold values too long for (and its guards).
   */
  refused: string[];
  duplicates: Duplicate[];
  /** By field: records holding a value too long for an index entry (how many, the first ids). */
  tooLong: Record<string, { count: number; ids: number[] }>;
  /**
   * The step in progress waits until this time (epoch ms) before it goes on: for requests begun
   * under an older catalogue or an older state to end. Kept across runs, so that a run cut short
   * while it waits is followed by one that waits only the rest.
   */
  waitUntil?: number;
  /** A write of the recorded state under way: the version and state (canonical JSON) it writes. */
  writing?: { version: number; state: string };
  /** Items a move to another shard count has copied so far. */
  moved?: number;
  /** What the run has to say besides (records a required field could not be given a value). */
  notes: string[];
}

/** A value held by several records of one company, which a unique constraint cannot take. */
export interface Duplicate {
  field: string;
  value: StoredScalar;
  company: number | null;
  ids: number[];
}
