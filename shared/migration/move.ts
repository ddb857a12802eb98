import type { Catalogue } from '../catalogue';
import { companyIds, countItems, itemsAfter } from '../store/backfill';
import type { Item } from '../store/items';
import { guardPartitions, indexPartitions, movedKey, recordPartitions, type GuardScope, type MovedFamily, type Sharded } from '../store/keys';
import { readRecorded } from '../store/recorded';
import { findAbandoned } from '../store/recovery';
import { MigrationError } from './errors';
import { declaredIndexes, parseFamilyId } from './families';
import type { MovePhase } from './plan';
import type { Move } from './recorded';
import { current, deleteAll, putAll, saveState, waitUntil, walkPartitions, type StepResult, type StepRun } from './walk';

/**
 * A move of a model's items (records, index entries, unique guards) from one shard count to
 * another (docs/migrations.md, "Moving to another shard count"). Copying items while requests
 * write them could copy an item after a write changed it in the old layout only; so the model's
 * writes pause for the move, through the recorded state every function reads:
 *
 *   pause    state `moving`: writes of the model refused, reads of the old layout; wait the settle
 *            period (no function still writes the old layout), then for the recovery of writes
 *            interrupted before (it may undo them in the old layout)
 *   copy     every item of the old layout put in its place in the new one (from the checkpoint;
 *            a page copied twice is the same page)
 *   switch   state `moved`: reads of the new layout, writes still refused; wait the settle period
 *            (no function still reads the old layout)
 *   resume   the new count recorded: writes resume, in the new layout
 *   clean    the old layout's items deleted, but for those in the same place in both
 *
 * Every intermediate state serves correctly: the old layout is whole until reads have left it, and
 * nothing is written to either while both are read.
 */
export interface MoveStep {
  phase: MovePhase;
  from: number;
  to: number;
}

/** How long the copy waits for the recovery of interrupted writes before it gives up (it runs every minute). */
const RECOVERY_WAIT_MS = 5 * 60_000;

export function moveStep(run: StepRun, step: MoveStep): Promise<StepResult> {
  switch (step.phase) {
    case 'pause':
      return settleAfter(run, (move) => (move ? null : { to: step.to, state: 'moving' }));
    case 'copy':
      return copy(run, step);
    case 'switch':
      return settleAfter(run, (move) => (move?.state === 'moved' ? null : { to: step.to, state: 'moved' }));
    case 'resume':
      return resume(run, step.to);
    case 'clean':
      return clean(run, step);
  }
}

/**
 * Records the move's next state (unless a run killed after recording it did), then waits until
 * every function acts on it: a cache period, and the longest request begun before.
 */
async function settleAfter(run: StepRun, next: (move: Move | undefined) => Move | null): Promise<StepResult> {
  if (run.cp.waitUntil === undefined) {
    const rec = (await current(run))!;
    const move = next(rec.move);
    if (move) await saveState(run, { ...rec, move });
    run.cp.waitUntil = Date.now() + run.settleSeconds * 1000;
    await run.save();
  }
  return waitUntil(run, run.cp.waitUntil);
}

async function copy(run: StepRun, step: MoveStep): Promise<StepResult> {
  if (run.cp.cursor === null && (await awaitRecovery(run)) === 'paused') return 'paused';
  const { partitions, to } = await movePartitions(run.deployed, run.model, step);
  const result = await walkPartitions(
    run,
    partitions.map((p) => p.pk),
    async (items, p) => {
      const family = partitions[p]!.family;
      const moved = items.flatMap((item): Item[] => {
        const key = movedKey(item, family, { shards: step.from }, to);
        return key.pk === item.pk ? [] : [{ ...item, pk: key.pk }];
      });
      await putAll(run, moved);
      run.cp.moved = (run.cp.moved ?? 0) + moved.length;
    },
    itemsAfter,
  );
  if (result === 'done') run.cp.notes.push(`${(run.cp.moved ?? 0).toLocaleString('en')} items copied from ${step.from} to ${step.to} shard(s)`);
  return result;
}

/**
 * Writes interrupted before the pause (their function died) are settled by the recovery, which may
 * undo them in the old layout: the copy starts once there are none left.
 */
async function awaitRecovery(run: StepRun): Promise<StepResult> {
  const giveUp = Date.now() + RECOVERY_WAIT_MS;
  for (;;) {
    const { writes } = await findAbandoned(Date.now());
    if (writes.length === 0) return 'done';
    if (Date.now() > giveUp) {
      throw new MigrationError(
        `${writes.length} interrupted writes wait for the recovery (a scheduled function in AWS, \`npm start\` locally, every minute), ` +
          'which may undo them where the records lie now; run migrate again once it has run',
      );
    }
    if (run.overDeadline()) return 'paused';
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Writes resume, under the new count. */
async function resume(run: StepRun, to: number): Promise<StepResult> {
  const rec = (await current(run))!;
  if (rec.move) {
    const { move: _, shards: __, ...rest } = rec;
    await saveState(run, { ...rest, ...(to > 1 ? { shards: to } : {}) });
  }
  return 'done';
}

/** Deletes the old layout's items, but for those that lie in the same place in the new one (and so are its own). */
async function clean(run: StepRun, step: MoveStep): Promise<StepResult> {
  const { partitions, to } = await movePartitions(run.deployed, run.model, step);
  return walkPartitions(run, partitions.map((p) => p.pk), async (keys, p) => {
    const gone = keys.filter((key) => movedKey(key, partitions[p]!.family, { shards: step.from }, to).pk !== key.pk);
    await deleteAll(run, gone);
  });
}

interface MovePartition {
  pk: string;
  family: MovedFamily;
}

/**
 * Every partition the model's items may lie in under `from` shards, in an order that stays the
 * same across runs (the checkpoint's cursor is a position in it): records, index entries by
 * field, then guards by company (a company created meanwhile comes last) and field. Fields are the
 * catalogue's and the recorded ones (items of a field the catalogue dropped go with the rest), laid
 * out under `to` by the catalogue's types.
 */
async function movePartitions(deployed: Catalogue, name: string, step: Pick<MoveStep, 'from' | 'to'>): Promise<{ partitions: MovePartition[]; to: Sharded }> {
  const rec = (await readRecorded()).get(name);
  const model = deployed.get(name)!;
  const fields = { ...rec?.fields, ...model.fields };
  const recorded = Object.keys(rec?.families ?? {}).map(parseFamilyId);
  const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
  const indexes = sorted([...declaredIndexes(model), ...recorded.map((f) => f.field)]);
  const guards = sorted([
    ...declaredIndexes(model).filter((f) => model.fields[f]!.unique),
    ...recorded.filter((f) => f.kind === 'guard').map((f) => f.field),
  ]);
  const scoped = model.companyScoped || Object.entries(rec?.families ?? {}).some(([id, fam]) => id.startsWith('guard:') && fam.form.endsWith('@company'));
  const scopes: GuardScope[] = guards.length > 0 ? [null, ...(scoped ? await companyIds() : [])] : [];
  const from: Sharded = { name, shards: step.from, fields };
  const partitions: MovePartition[] = [
    ...recordPartitions(from).map((pk): MovePartition => ({ pk, family: { kind: 'record' } })),
    ...indexes.flatMap((field) => indexPartitions(from, field).map((pk): MovePartition => ({ pk, family: { kind: 'index', field } }))),
    ...scopes.flatMap((scope) => guards.flatMap((field) => guardPartitions(from, field, scope).map((pk): MovePartition => ({ pk, family: { kind: 'guard', field } })))),
  ];
  return { partitions, to: { name, shards: step.to, fields } };
}

/** Items a move of the model from `from` shards copies at most (`diff` shows it): every item of its old layout. */
export async function itemsToMove(deployed: Catalogue, name: string, step: Pick<MoveStep, 'from' | 'to'>): Promise<number> {
  const { partitions } = await movePartitions(deployed, name, step);
  const counts = await Promise.all(partitions.map((p) => countItems(p.pk)));
  return counts.reduce((a, b) => a + b, 0);
}

/** What a phase of a move does, for progress lines. */
export function describeMove(step: MoveStep, settleSeconds: number): string {
  switch (step.phase) {
    case 'pause':
      return `pausing its writes to move it from ${step.from} to ${step.to} shard(s) (up to ${settleSeconds} s for every function to know)`;
    case 'copy':
      return `copying its items to ${step.to} shard(s) (its writes are refused)`;
    case 'switch':
      return `reading it from ${step.to} shard(s) (up to ${settleSeconds} s for every function to know; writes still refused)`;
    case 'resume':
      return `resuming its writes, under ${step.to} shard(s)`;
    case 'clean':
      return `deleting its items left under ${step.from} shard(s)`;
  }
}
