import type { Catalogue } from '../catalogue';
import { deleteKeys, highestId, keysAfter, putItems, recordItemsAfter } from '../store/backfill';
import type { Item } from '../store/items';
import type { Key, Sharded } from '../store/keys';
import { putRecorded, readRecorded } from '../store/recorded';
import type { Checkpoint } from './checkpoint';
import { MigrationError } from './errors';
import type { Pace } from './pace';
import type { RecordedModel } from './recorded';

/** What a step of one model's migration works with, and the walks, waits, deletes and state writes steps share. */
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
  const layout = await layoutOf(run);
  let next = recordItemsAfter(layout, after, RECORDS_PAGE);
  for (;;) {
    const page = await next;
    if (page.length === 0) return 'done';
    const last = Number(page[page.length - 1]!.id);
    next = recordItemsAfter(layout, last, RECORDS_PAGE);
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

/**
 * Where the model's items lie: its records under the shard count recorded (the deployed one for a
 * model not recorded yet); derived items by the field types of the deployed catalogue, or of the
 * recorded one (`recorded`: items written before a type change, to drop).
 */
export async function layoutOf(run: StepRun, fields: 'recorded' | 'deployed' = 'deployed'): Promise<Sharded> {
  const rec = (await readRecorded()).get(run.model);
  const model = run.deployed.get(run.model);
  const types = (fields === 'recorded' ? rec?.fields : model?.fields) ?? model?.fields ?? rec?.fields ?? {};
  return { name: run.model, shards: rec ? (rec.shards ?? 1) : (model?.shards ?? 1), fields: types };
}

/**
 * Walks the keys of each partition in turn from the checkpoint's cursor, saving it after each page
 * (`read`: what of the items a page holds, their keys by default); `handle` learns which partition.
 */
export async function walkPartitions<T extends Key = Key>(
  run: StepRun,
  partitions: readonly string[],
  handle: (keys: T[], partition: number) => Promise<void>,
  read: (pk: string, after: string, limit: number) => Promise<T[]> = keysAfter as (pk: string, after: string, limit: number) => Promise<T[]>,
): Promise<StepResult> {
  const cursor = run.cp.cursor;
  let p = cursor && 'partition' in cursor ? cursor.partition : 0;
  let after = cursor && 'partition' in cursor ? cursor.after : '';
  let done = 0;
  for (; p < partitions.length; p++, after = '') {
    for (;;) {
      const keys = await read(partitions[p]!, after, KEYS_PAGE);
      if (keys.length === 0) break;
      await handle(keys, p);
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
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The model's recorded state, which must still be the version this run last saw, or the one it
 * was writing when it was killed (before its checkpoint could say it was written).
 */
export async function current(run: StepRun): Promise<RecordedModel | undefined> {
  const rec = (await readRecorded()).get(run.model);
  const version = rec?.version ?? null;
  const writing = run.cp.writing;
  const written = rec !== undefined && writing?.version === version && writing.state === canonical(rec);
  if (version !== run.cp.version && !written) throw changedUnder(run);
  run.cp.version = version;
  delete run.cp.writing;
  return rec;
}

/**
 * Writes the model's recorded state, conditioned on the version this run last saw, and saves the
 * checkpoint; the checkpoint says what is being written first, so that a run killed in between
 * is followed by one that recognises its own write.
 */
export async function saveState(run: StepRun, rec: RecordedModel): Promise<void> {
  const next = { ...rec, version: (run.cp.version ?? 0) + 1 };
  run.cp.writing = { version: next.version, state: canonical(next) };
  await run.save();
  if (!(await putRecorded(next, run.cp.version))) throw changedUnder(run);
  run.cp.version = next.version;
  delete run.cp.writing;
  await run.save();
}

/** A state as JSON with its keys sorted: the same state reads back the same, whatever order DynamoDB gives its maps. */
const canonical = (rec: RecordedModel): string =>
  JSON.stringify(rec, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
  );

export const changedUnder = (run: StepRun) =>
  new MigrationError(`The recorded state of '${run.model}' changed during the migration (another migrate, or a deployment of another catalogue); run migrate again`);

/** Waits until `time` (epoch ms), or pauses at the run's deadline (a later run waits the rest). */
export async function waitUntil(run: StepRun, time: number): Promise<StepResult> {
  while (Date.now() < time) {
    if (run.overDeadline()) return 'paused';
    await new Promise((r) => setTimeout(r, Math.min(1000, time - Date.now())));
  }
  return 'done';
}

/** Deletes items by key, 25 a call, paced. */
export async function deleteAll(run: StepRun, keys: readonly Key[]): Promise<void> {
  await Promise.all(chunks(keys, 25).map((c) => run.pace.run(() => deleteKeys(c))));
}

/** Puts items whole, 25 a call, paced. */
export async function putAll(run: StepRun, items: readonly Item[]): Promise<void> {
  await Promise.all(chunks(items, 25).map((c) => run.pace.run(() => putItems(c))));
}
