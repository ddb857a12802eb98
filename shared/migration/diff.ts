import type { Catalogue, FieldDef, FieldType, Model, SequenceDefault } from '../catalogue';
import { declaredFamilies, familyForm, familyId, parseFamilyId } from './families';
import type { RecordedCatalogue, RecordedModel } from './recorded';

/**
 * What a catalogue needs of the stored records, model by model: the recorded state (what the
 * records were written under, which families are built) against the catalogue to run. Pure: the
 * CLI prints it (`diff`) and the migration plans from it (`migrate`).
 */
export type Change =
  /** No recorded state: a model added to the catalogue (or stored before states were recorded). */
  | { kind: 'model-added' }
  | { kind: 'model-removed'; retired: boolean }
  | { kind: 'field-added'; field: string; type: FieldType }
  | { kind: 'field-removed'; field: string; retired: boolean }
  | { kind: 'type-changed'; field: string; from: FieldType; to: FieldType; converted: boolean }
  /** Made required (or added required): records stored before may lack a value; `fill` when a default can give one. */
  | { kind: 'required'; field: string; fill: boolean }
  /** A family to build: new, rebuilt (its items may be wrong), or left half-built by an earlier run. */
  | { kind: 'build'; family: string; reason: 'new' | 'rebuild' | 'unfinished' }
  | { kind: 'drop'; family: string }
  | { kind: 'shards'; from: number; to: number };

export interface ModelDiff {
  model: string;
  changes: Change[];
  /** What `migrate` refuses, said plainly; a model with refusals is not migrated. */
  refusals: string[];
}

export function diffCatalogue(deployed: Catalogue, recorded: RecordedCatalogue): ModelDiff[] {
  const out: ModelDiff[] = [];
  for (const model of deployed.models.values()) {
    const d = diffModel(model, recorded.get(model.name));
    if (d.changes.length > 0) out.push(d);
  }
  for (const rec of recorded.values()) {
    if (deployed.get(rec.model)) continue;
    const retired = deployed.retiredModels.includes(rec.model);
    out.push({
      model: rec.model,
      changes: [{ kind: 'model-removed', retired }, ...Object.keys(rec.families).map((family): Change => ({ kind: 'drop', family }))],
      refusals: retired
        ? []
        : [`model '${rec.model}' is no longer in the catalogue: put it back, or list it in 'retiredModels' to delete its records`],
    });
  }
  return out;
}

function diffModel(model: Model, rec: RecordedModel | undefined): ModelDiff {
  const changes: Change[] = [];
  const refusals: string[] = [];
  if (!rec) {
    changes.push({ kind: 'model-added' });
    for (const f of declaredFamilies(model)) changes.push({ kind: 'build', family: familyId(f), reason: 'new' });
    return { model: model.name, changes, refusals };
  }
  for (const [name, was] of Object.entries(rec.fields)) {
    const field = model.fields[name];
    if (!field) {
      const retired = model.retired.includes(name);
      changes.push({ kind: 'field-removed', field: name, retired });
      if (!retired) refusals.push(`field '${model.name}.${name}' is no longer in the catalogue: put it back, or list it in the model's 'retired' to erase its values`);
    } else if (field.type !== was.type) {
      const converted = field.convert?.from === was.type;
      changes.push({ kind: 'type-changed', field: name, from: was.type, to: field.type, converted });
      if (!converted) {
        refusals.push(
          `field '${model.name}.${name}' changed type from ${was.type} to ${field.type}: declare how its values become ${field.type} ` +
            `(convert: { from: '${was.type}', value: (old) => ... }), or keep its type`,
        );
      }
    }
  }
  const shards = rec.shards ?? 1;
  if (rec.move && rec.move.to !== model.shards) {
    changes.push({ kind: 'shards', from: shards, to: rec.move.to });
    refusals.push(
      `'${model.name}' is being moved from ${shards} to ${rec.move.to} shards by a migrate that has not finished: ` +
        `set shards: ${rec.move.to} and run migrate to finish the move (its writes are refused until then), then change it`,
    );
  } else if (shards !== model.shards) {
    changes.push({ kind: 'shards', from: shards, to: model.shards });
  }
  for (const [name, field] of Object.entries(model.fields)) {
    const was = rec.fields[name];
    if (!was) changes.push({ kind: 'field-added', field: name, type: field.type });
    if (field.required && !was?.required) changes.push({ kind: 'required', field: name, fill: fillable(field) });
  }
  const declared = new Map(declaredFamilies(model).map((f) => [familyId(f), f]));
  for (const [id, f] of declared) {
    const fam = rec.families[id];
    const form = familyForm(model, f);
    if (fam?.state === 'ready' && fam.form === form) continue;
    const reason = !fam ? 'new' : fam.state === 'stale' || fam.form !== form ? 'rebuild' : 'unfinished';
    changes.push({ kind: 'build', family: id, reason });
  }
  for (const id of Object.keys(rec.families)) {
    if (!declared.has(id)) changes.push({ kind: 'drop', family: id });
  }
  return { model: model.name, changes, refusals };
}

/** A default `migrate` can give records that lack a value: a constant or a function of the time, not a sequence. */
export function fillable(field: FieldDef): boolean {
  return field.default !== undefined && !(typeof field.default === 'object' && 'sequence' in (field.default as SequenceDefault));
}

/** One line per change, for people. */
export function describeChange(model: string, c: Change): string {
  switch (c.kind) {
    case 'model-added':
      return `${model}: not recorded yet (a new model): its indexes and unique guards are built from its records`;
    case 'model-removed':
      return c.retired ? `${model}: retired: its records, index entries and guards are deleted` : `${model}: removed from the catalogue (refused)`;
    case 'field-added':
      return `${model}.${c.field}: field added (${c.type})`;
    case 'field-removed':
      return c.retired ? `${model}.${c.field}: retired: its values are erased` : `${model}.${c.field}: removed from the catalogue (refused)`;
    case 'type-changed':
      return `${model}.${c.field}: type ${c.from} -> ${c.to}${c.converted ? ': values converted' : ' (refused: no conversion declared)'}`;
    case 'required':
      return `${model}.${c.field}: now required: records stored before may lack it${c.fill ? '; those are given its default' : ' (no default to give them)'}`;
    case 'build': {
      const { kind, field } = parseFamilyId(c.family);
      const what = kind === 'index' ? `index of ${field}` : `unique guards of ${field} (after a check for duplicates)`;
      const why = c.reason === 'new' ? 'to build' : c.reason === 'rebuild' ? 'to rebuild (its items may be out of date)' : 'to finish building';
      return `${model}: ${what} ${why}`;
    }
    case 'shards':
      return `${model}: shard count ${c.from} -> ${c.to}: its records, index entries and guards are moved (their writes are refused meanwhile)`;
    case 'drop': {
      const { kind, field } = parseFamilyId(c.family);
      return `${model}: ${kind === 'index' ? `index entries of ${field}` : `unique guards of ${field}`} to drop`;
    }
  }
}
