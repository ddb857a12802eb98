import type { Model } from '../catalogue';
import { familyPartitions, readRecordItems, rewriteRecord } from '../store/backfill';
import { fromRecordItem, type Item } from '../store/items';
import { deleteCheckpoint, deleteRecorded, putRecorded, readRecorded } from '../store/recorded';
import { build, check } from './build';
import { describeMove, moveStep } from './move';
import { familyForm, familyId, parseFamilyId, type Family } from './families';
import type { Rewrite, Step } from './plan';
import { builtState, snapshotOf, type RecordedFamily } from './recorded';
import { rewriteValues } from './rewrite';
import { servedCatalogue } from './view';
import { changedUnder, current, deleteAll, layoutOf, saveState, waitUntil, walkPartitions, walkRecords, type StepResult, type StepRun } from './walk';

/** A record that changes this many times while a rewrite reaches it is left to the writes that change it. */
const ATTEMPTS = 10;

export function runStep(run: StepRun, step: Step): Promise<StepResult> {
  switch (step.kind) {
    case 'mark':
      return mark(run);
    case 'drop':
      return drop(run, step.family);
    case 'rewrite':
      return rewrite(run, step.fields);
    case 'build':
      return build(run, step.families.filter((id) => !run.cp.refused.includes(id)).map(parseFamilyId));
    case 'check':
      return check(run, step.field);
    case 'enforce':
      return enforce(run, step.fields.filter((field) => !run.cp.refused.includes(familyId({ kind: 'guard', field }))));
    case 'purge':
      return purge(run);
    case 'move':
      return moveStep(run, step);
  }
}

const deployedModel = (run: StepRun): Model => run.deployed.get(run.model)!;

/**
 * Records what the run builds and drops before it writes anything: indexes to build are `building`
 * (every write keeps them already), families to drop are `stale`. Guards of a model already
 * recorded change only at `enforce`; a model not recorded yet has had its guards kept all along.
 *
 * Then, before it walks records stored under an older catalogue, the run waits until requests
 * begun before the deployment (which do not keep the new families) have ended: one of them
 * changing a record after the walk passed it would leave an entry of its old value.
 */
async function mark(run: StepRun): Promise<StepResult> {
  if (run.cp.waitUntil !== undefined) return waitUntil(run, run.cp.waitUntil);
  const model = deployedModel(run);
  const rec = await current(run);
  const families: Record<string, RecordedFamily> = { ...rec?.families };
  for (const step of run.cp.steps) {
    if (step.kind === 'drop') families[step.family] = { state: 'stale', form: families[step.family]?.form ?? '' };
    if (step.kind !== 'build') continue;
    for (const f of step.families.map(parseFamilyId)) {
      const form = familyForm(model, f);
      if (f.kind === 'index' || !rec) families[familyId(f)] = { state: 'building', form };
    }
  }
  // A model not recorded yet has been written under this catalogue since it was deployed, at least.
  const walks = run.cp.steps.some((s) => s.kind === 'build' || s.kind === 'rewrite');
  if (rec && walks) run.cp.waitUntil = run.settleFrom + run.settleSeconds * 1000;
  // A model not recorded yet has its records under the catalogue's shard count already.
  const shards = rec ? rec.shards : model.shards > 1 ? model.shards : undefined;
  await saveState(run, { model: run.model, fields: rec?.fields ?? snapshotOf(model), families, version: 0, ...(shards ? { shards } : {}) });
  return run.cp.waitUntil === undefined ? 'done' : waitUntil(run, run.cp.waitUntil);
}

async function drop(run: StepRun, id: string): Promise<StepResult> {
  const family = parseFamilyId(id);
  const rec = (await readRecorded()).get(run.model);
  const scoped = rec?.families[id]?.form.endsWith('@company') ?? run.deployed.get(run.model)?.companyScoped ?? true;
  return walkPartitions(run, await familyPartitions(await layoutOf(run, 'recorded'), family, scoped), (keys) => deleteAll(run, keys));
}

/** A retired model: its records go (its index entries and guards went in the drops before). */
async function purge(run: StepRun): Promise<StepResult> {
  return walkPartitions(run, await familyPartitions(await layoutOf(run, 'recorded'), { kind: 'records', field: '' }, false), (keys) => deleteAll(run, keys));
}

/** Converts, erases or fills stored values, each record rewritten through the write path (its derived items moved with it). */
async function rewrite(run: StepRun, rewrites: Rewrite[]): Promise<StepResult> {
  const served = servedCatalogue(run.deployed, await readRecorded()).get(run.model)!;
  const now = new Date();
  let failed = 0;
  const result = await walkRecords(run, (items) =>
    Promise.all(
      items.map(async (first) => {
        let item: Item | undefined = first;
        for (let attempt = 1; item; attempt++) {
          const set = rewriteValues(served, item, rewrites, now);
          if (!set) return;
          const before = fromRecordItem(served, item);
          const op = { kind: 'update' as const, model: served, id: before.id, before, set, link: {}, unlink: {}, increment: {}, checkVersion: true };
          const outcome = await run.pace.run(() => rewriteRecord(op));
          if (outcome === 'done') return;
          if (outcome === 'duplicate' || attempt >= ATTEMPTS) {
            failed++;
            return;
          }
          [item] = await readRecordItems(served, [before.id]);
        }
      }),
    ).then(() => undefined),
  );
  if (failed > 0) run.cp.notes.push(`${failed} records could not be rewritten (a unique value taken, or changing all along): ${rewrites.map((r) => `${r.action} ${r.field}`).join(', ')}`);
  return result;
}

/**
 * From here on every write keeps (and checks) these fields' guards. Functions read the recorded
 * state at most a cache period late and a request may run on what it read before: the guards are
 * built only once every write is sure to keep them.
 */
async function enforce(run: StepRun, fields: string[]): Promise<StepResult> {
  if (fields.length > 0 && run.cp.waitUntil === undefined) {
    const model = deployedModel(run);
    const rec = (await current(run))!;
    const families = { ...rec.families };
    let changed = false;
    for (const field of fields) {
      const f: Family = { kind: 'guard', field };
      const fam = families[familyId(f)];
      const form = familyForm(model, f);
      if (fam?.form === form && (fam.state === 'building' || fam.state === 'ready')) continue;
      families[familyId(f)] = { state: 'building', form };
      changed = true;
    }
    if (changed) {
      run.cp.waitUntil = Date.now() + run.settleSeconds * 1000;
      await saveState(run, { ...rec, families });
    }
  }
  return run.cp.waitUntil === undefined ? 'done' : waitUntil(run, run.cp.waitUntil);
}

/**
 * The model's migration is done: its recorded state becomes the catalogue's (fields, every family
 * ready but refused constraints), or goes with a retired model. The checkpoint goes first: a run
 * killed in between plans afresh from the state, which no step minds.
 */
export async function finish(run: StepRun): Promise<void> {
  const model = run.deployed.get(run.model);
  const rec = await current(run);
  await deleteCheckpoint(run.model);
  if (!model) {
    if (rec && !(await deleteRecorded(run.model, rec.version))) throw changedUnder(run);
    return;
  }
  const built = builtState(model, (run.cp.version ?? 0) + 1, run.cp.refused);
  for (const id of run.cp.refused) if (rec?.families[id]) built.families[id] = rec.families[id];
  if (!(await putRecorded(built, run.cp.version))) throw changedUnder(run);
}

/** What a step does, for progress lines. */
export function describeStep(step: Step, settleSeconds: number): string {
  switch (step.kind) {
    case 'mark':
      return `recording what is built (then up to ${settleSeconds} s for requests begun before the deploy to end)`;
    case 'drop':
      return `dropping ${step.family}`;
    case 'rewrite':
      return `rewriting values (${step.fields.map((r) => `${r.action} ${r.field}`).join(', ')})`;
    case 'build':
      return `building ${step.families.join(', ')}`;
    case 'check':
      return `checking ${step.field} for duplicates`;
    case 'enforce':
      return `enforcing ${step.fields.join(', ')} (waiting up to ${settleSeconds} s for every function to know)`;
    case 'purge':
      return 'deleting records';
    case 'move':
      return describeMove(step, settleSeconds);
  }
}
