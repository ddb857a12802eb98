import type { Model, StoredScalar } from '../catalogue';
import { deleteKeys, familyPartitions, guardHolder, indexEntriesAfter, putDerivations, readRecordItems, rewriteRecord, type Derivation } from '../store/backfill';
import { derivedItems, fromRecordItem, type Item } from '../store/items';
import { fitsIndex, type Key } from '../store/keys';
import { deleteCheckpoint, deleteRecorded, putRecorded, readRecorded } from '../store/recorded';
import type { Duplicate } from './checkpoint';
import { familyForm, familyId, parseFamilyId, type Family } from './families';
import { MigrationError } from './errors';
import type { Rewrite, Step } from './plan';
import { builtState, snapshotOf, type RecordedFamily, type RecordedModel } from './recorded';
import { rewriteValues } from './rewrite';
import { servedCatalogue } from './view';
import { chunks, walkPartitions, walkRecords, type StepResult, type StepRun } from './walk';

/** DynamoDB's limit of items in one transaction, and records per backfill transaction. */
const TRANSACTION_ITEMS = 100;
const TRANSACTION_RECORDS = 25;
/** A record that changes this many times while a step reaches it is left to the writes that change it. */
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
  }
}

const deployedModel = (run: StepRun): Model => run.deployed.get(run.model)!;

/** The model's recorded state, which must still be the version this run last saw. */
async function current(run: StepRun): Promise<RecordedModel | undefined> {
  const rec = (await readRecorded()).get(run.model);
  if ((rec?.version ?? null) !== run.cp.version) throw changedUnder(run);
  return rec;
}

async function save(run: StepRun, rec: RecordedModel): Promise<void> {
  const next = { ...rec, version: (run.cp.version ?? 0) + 1 };
  if (!(await putRecorded(next, run.cp.version))) throw changedUnder(run);
  run.cp.version = next.version;
  await run.save();
}

const changedUnder = (run: StepRun) =>
  new MigrationError(`The recorded state of '${run.model}' changed during the migration (another migrate, or a deployment of another catalogue); run migrate again`);

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
  await save(run, { model: run.model, fields: rec?.fields ?? snapshotOf(model), families, version: 0 });
  const walks = run.cp.steps.some((s) => s.kind === 'build' || s.kind === 'rewrite');
  return rec && walks ? waitUntil(run, run.settleFrom + run.settleSeconds * 1000) : 'done';
}

/** Waits until `time` (epoch ms), or pauses at the run's deadline (a later run waits the rest). */
async function waitUntil(run: StepRun, time: number): Promise<StepResult> {
  while (Date.now() < time) {
    if (run.overDeadline()) return 'paused';
    await new Promise((r) => setTimeout(r, Math.min(1000, time - Date.now())));
  }
  return 'done';
}

async function drop(run: StepRun, id: string): Promise<StepResult> {
  const family = parseFamilyId(id);
  const rec = (await readRecorded()).get(run.model);
  const scoped = rec?.families[id]?.form.endsWith('@company') ?? run.deployed.get(run.model)?.companyScoped ?? true;
  return walkPartitions(run, await familyPartitions(run.model, family, scoped), (keys) => deleteAll(run, keys));
}

/** A retired model: its records go (its index entries and guards went in the drops before). */
async function purge(run: StepRun): Promise<StepResult> {
  return walkPartitions(run, await familyPartitions(run.model, { kind: 'records', field: '' }, false), (keys) => deleteAll(run, keys));
}

async function deleteAll(run: StepRun, keys: readonly Key[]): Promise<void> {
  await Promise.all(chunks(keys, 25).map((c) => run.pace.run(() => deleteKeys(c))));
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
          [item] = await readRecordItems(run.model, [before.id]);
        }
      }),
    ).then(() => undefined),
  );
  if (failed > 0) run.cp.notes.push(`${failed} records could not be rewritten (a unique value taken, or changing all along): ${rewrites.map((r) => `${r.action} ${r.field}`).join(', ')}`);
  return result;
}

/**
 * Puts the families' items for every record, each transaction checked against the records'
 * versions. A value too long for an index entry (written before the field was indexed: writes
 * refuse them since) gets none, and refuses the index: a record without its entry would be missed.
 */
async function build(run: StepRun, families: Family[]): Promise<StepResult> {
  if (families.length === 0) return 'done';
  const model = deployedModel(run);
  // Refusals go into the checkpoint as they are found (saved with each page), so that a run
  // resumed after a kill knows of those found before it.
  const derive = (item: Item): Derivation => {
    const state = fromRecordItem(model, item);
    const wanted = new Set(families.map(familyId).filter((id) => !run.cp.refused.includes(id)));
    const items = derivedItems(model, state.id, state.values).filter((d) => wanted.has(familyId(d)));
    for (const d of items.filter((i) => i.kind === 'index' && !fitsIndex(i.value))) {
      refuse(run, d.field, model.fields[d.field]!.unique ? ['index', 'guard'] : ['index']);
      const long = (run.cp.tooLong[d.field] ??= { count: 0, ids: [] });
      if (!long.ids.includes(state.id)) {
        long.count++;
        if (long.ids.length < 20) long.ids.push(state.id);
      }
    }
    return { id: state.id, version: state.version, items: items.filter((i) => !run.cp.refused.includes(familyId(i))) };
  };
  const result = await walkRecords(run, (items) => Promise.all(batches(items.map(derive)).map((b) => putBatch(run, model, b, derive))).then(() => undefined));
  if (result === 'done') {
    for (const f of families) if (f.kind === 'guard' && run.cp.refused.includes(familyId(f))) await giveUpGuards(run, f.field);
  }
  return result;
}

/** Records in the checkpoint that families of a field are refused (once), with the duplicates that refuse them. */
function refuse(run: StepRun, field: string, kinds: readonly Family['kind'][], duplicates: readonly Duplicate[] = []): void {
  for (const kind of kinds) {
    const id = familyId({ kind, field });
    if (run.cp.refused.includes(id)) continue;
    run.cp.refused.push(id);
    run.cp.duplicates.push(...duplicates);
  }
}

function batches(ds: Derivation[]): Derivation[][] {
  const out: Derivation[][] = [];
  let current: Derivation[] = [];
  let size = 0;
  for (const d of ds) {
    const cost = 1 + d.items.length;
    if (current.length > 0 && (size + cost > TRANSACTION_ITEMS || current.length >= TRANSACTION_RECORDS)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(d);
    size += cost;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function putBatch(run: StepRun, model: Model, first: Derivation[], derive: (item: Item) => Derivation): Promise<void> {
  let batch = first.filter((d) => d.items.length > 0);
  for (let attempt = 1; batch.length > 0; attempt++) {
    const outcome = await run.pace.run(() => putDerivations(model, batch));
    if (outcome.changed.length === 0 && outcome.taken.length === 0) return;
    if (attempt >= ATTEMPTS) throw new MigrationError(`Records of '${run.model}' kept changing while their index entries were written; run migrate again`);
    for (const t of outcome.taken) {
      const holder = (await guardHolder(t.item.key)) ?? t.id;
      refuse(run, t.item.field, ['guard'], [{ field: t.item.field, value: t.item.value as StoredScalar, company: companyOfGuard(t.item.item), ids: [holder, t.id] }]);
    }
    const out = new Set([...outcome.changed, ...outcome.taken.map((t) => t.id)]);
    const reread = (await readRecordItems(run.model, outcome.changed)).map(derive);
    batch = [...batch.filter((d) => !out.has(d.id)), ...reread.filter((d) => d.items.length > 0)];
  }
}

const companyOfGuard = (item: Item): number | null => {
  const scope = String(item.pk).split('#').pop();
  return scope === '-' || scope === undefined ? null : Number(scope);
};

/** Reads the field's index in value order: a value held by records of one company more than once is a duplicate. */
async function check(run: StepRun, field: string): Promise<StepResult> {
  if (run.cp.refused.includes(familyId({ kind: 'index', field }))) return 'done';
  const found: Duplicate[] = [];
  let group: { v: StoredScalar; byCompany: Map<number | null, number[]> } | null = null;
  const flush = () => {
    if (!group) return;
    for (const [company, ids] of group.byCompany) if (ids.length > 1) found.push({ field, value: group.v, company, ids });
  };
  for (let after = ''; ; ) {
    const entries = await indexEntriesAfter(run.model, field, after, 1000);
    if (entries.length === 0) break;
    for (const e of entries) {
      const v = e.v as StoredScalar | undefined;
      if (v === undefined || v === '') continue; // empty values are not subject to uniqueness
      if (!group || group.v !== v) {
        flush();
        group = { v, byCompany: new Map() };
      }
      const company = typeof e.co === 'number' ? e.co : null;
      group.byCompany.set(company, [...(group.byCompany.get(company) ?? []), Number(e.id)]);
    }
    after = String(entries[entries.length - 1]!.sk);
  }
  flush();
  if (found.length > 0) {
    refuse(run, field, ['guard'], found);
    await giveUpGuards(run, field);
  }
  return 'done';
}

/**
 * Gives up a refused unique constraint: guards kept or built so far are marked stale and deleted,
 * so that the constraint is not enforced against a part of the records. Safe to repeat.
 */
async function giveUpGuards(run: StepRun, field: string): Promise<void> {
  const id = familyId({ kind: 'guard', field });
  const rec = await current(run);
  const fam = rec?.families[id];
  if (!rec || !fam) return void (await run.save());
  if (fam.state !== 'stale') await save(run, { ...rec, families: { ...rec.families, [id]: { ...fam, state: 'stale' } } });
  const saved = run.cp.cursor;
  run.cp.cursor = null;
  await walkPartitions(run, await familyPartitions(run.model, { kind: 'guard', field }, fam.form.endsWith('@company')), (keys) => deleteAll(run, keys));
  run.cp.cursor = saved;
  await run.save();
}

/**
 * From here on every write keeps (and checks) these fields' guards. Functions read the recorded
 * state at most a cache period late and a request may run on what it read before: the guards are
 * built only once every write is sure to keep them.
 */
async function enforce(run: StepRun, fields: string[]): Promise<StepResult> {
  if (fields.length > 0 && run.cp.settleUntil === undefined) {
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
      run.cp.settleUntil = Date.now() + run.settleSeconds * 1000;
      await save(run, { ...rec, families });
    }
  }
  return run.cp.settleUntil === undefined ? 'done' : waitUntil(run, run.cp.settleUntil);
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
  }
}
