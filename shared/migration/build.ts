import type { Model, StoredScalar } from '../catalogue';
import { familyPartitions, guardHolder, indexEntriesAfter, putDerivations, readRecordItems, type Derivation } from '../store/backfill';
import { derivedItems, fromRecordItem, type Item } from '../store/items';
import { fitsIndex } from '../store/keys';
import type { Duplicate } from './checkpoint';
import { familyId, type Family } from './families';
import { MigrationError } from './errors';
import { current, deleteAll, layoutOf, saveState, walkPartitions, walkRecords, type StepResult, type StepRun } from './walk';

/**
 * The steps that put derived items: `build` (a family's items for every record) and `check`
 * (duplicates of a new unique field, read from its index), and what a refusal of either does.
 */

/** DynamoDB's limit of items in one transaction, and records per backfill transaction. */
const TRANSACTION_ITEMS = 100;
const TRANSACTION_RECORDS = 25;
/** Attempts at a batch whose records keep changing under it. */
const ATTEMPTS = 10;

/**
 * Puts the families' items for every record, each transaction checked against the records'
 * versions. A value too long for an index entry (written before the field was indexed: writes
 * refuse them since) gets none, and refuses the index: a record without its entry would be missed.
 */
export async function build(run: StepRun, families: Family[]): Promise<StepResult> {
  if (families.length === 0) return 'done';
  const model = run.deployed.get(run.model)!;
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
    const reread = (await readRecordItems(model, outcome.changed)).map(derive);
    batch = [...batch.filter((d) => !out.has(d.id)), ...reread.filter((d) => d.items.length > 0)];
  }
}

const companyOfGuard = (item: Item): number | null => {
  const scope = String(item.pk).split('#').pop();
  return scope === '-' || scope === undefined ? null : Number(scope);
};

/** Reads the field's index in value order: a value held by records of one company more than once is a duplicate. */
export async function check(run: StepRun, field: string): Promise<StepResult> {
  if (run.cp.refused.includes(familyId({ kind: 'index', field }))) return 'done';
  const found: Duplicate[] = [];
  let group: { v: StoredScalar; byCompany: Map<number | null, number[]> } | null = null;
  const flush = () => {
    if (!group) return;
    for (const [company, ids] of group.byCompany) if (ids.length > 1) found.push({ field, value: group.v, company, ids });
  };
  const layout = await layoutOf(run);
  for (let after = ''; ; ) {
    const entries = await indexEntriesAfter(layout, field, after, 1000);
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
  if (fam.state !== 'stale') await saveState(run, { ...rec, families: { ...rec.families, [id]: { ...fam, state: 'stale' } } });
  const saved = run.cp.cursor;
  run.cp.cursor = null;
  await walkPartitions(run, await familyPartitions(await layoutOf(run), { kind: 'guard', field }, fam.form.endsWith('@company')), (keys) => deleteAll(run, keys));
  run.cp.cursor = saved;
  await run.save();
}
