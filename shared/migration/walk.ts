import type { Catalogue } from '../catalogue';
import { highestId, keysAfter, recordItemsAfter } from '../store/backfill';
import type { Item } from '../store/items';
import type { Key } from '../store/keys';
import type { Checkpoint } from './checkpoint';
import type { Pace } from './pace';

/** What a step of one model's migration works with. */
export interface StepRun {
  deployed: Catalogue;
  model: string;
  cp: Checkpoint;
  pace: Pace;
  /** Saves the checkpoint. */
  save(): Promise<void>;
  progress(done: number, total: number | null): void;
  /** Past the run's deadline: stop at the next page boundary. */
  overDeadline(): boolean;
  /** Records walked so far by the run, for its throughput. */
  stats: { records: number };
  settleSeconds: number;
  /** When the run started: requests begun before a deployment have ended `settleSeconds` later. */
  settleFrom: number;
}

export type StepResult = 'done' | 'paused';

/** Records a Query page holds: a few transactions' worth, so that they run side by side. */
export const RECORDS_PAGE = 500;
const KEYS_PAGE = 500;

/**
 * Walks the model's records in id order from the checkpoint's cursor, a page at a time (the next
 * page read while this one is handled), saving the cursor after each.
 */
export async function walkRecords(run: StepRun, handle: (items: Item[]) => Promise<void>): Promise<StepResult> {
  const cursor = run.cp.cursor;
  let after = cursor && 'after' in cursor && typeof cursor.after === 'number' ? cursor.after : 0;
  const total = await highestId(run.model);
  let next = recordItemsAfter(run.model, after, RECORDS_PAGE);
  for (;;) {
    const page = await next;
    if (page.length === 0) return 'done';
    const last = Number(page[page.length - 1]!.id);
    next = recordItemsAfter(run.model, last, RECORDS_PAGE);
    await handle(page);
    after = last;
    run.cp.cursor = { after };
    run.stats.records += page.length;
    await run.save();
    run.progress(after, Math.max(total, after));
    if (run.overDeadline()) {
      next.catch(() => undefined);
      return 'paused';
    }
  }
}

/** Walks the keys of each partition in turn from the checkpoint's cursor, saving it after each page. */
export async function walkPartitions(run: StepRun, partitions: readonly string[], handle: (keys: Key[]) => Promise<void>): Promise<StepResult> {
  const cursor = run.cp.cursor;
  let p = cursor && 'partition' in cursor ? cursor.partition : 0;
  let after = cursor && 'partition' in cursor ? cursor.after : '';
  let done = 0;
  for (; p < partitions.length; p++, after = '') {
    for (;;) {
      const keys = await keysAfter(partitions[p]!, after, KEYS_PAGE);
      if (keys.length === 0) break;
      await handle(keys);
      after = keys[keys.length - 1]!.sk;
      done += keys.length;
      run.cp.cursor = { partition: p, after };
      await run.save();
      run.progress(done, null);
      if (run.overDeadline()) return 'paused';
    }
  }
  return 'done';
}

/** Splits items into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
