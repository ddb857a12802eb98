import type { FieldType, Model } from '../catalogue';
import { declaredFamilies, familyForm, familyId } from './families';

/**
 * The running catalogue as recorded in the records table, one item per model: what the stored
 * records were written under, and which derived families are built. Written on the first start of
 * an empty stack and by `migrate`; a deployment that stops keeping a family marks it stale.
 */
export type FamilyState =
  /** Built for every record and kept by every write: reads may use it. */
  | 'ready'
  /** Kept by every write, being built for the records stored before: reads may not use it yet. */
  | 'building'
  /** Not kept by some writes since it was built: its items may be wrong, it is rebuilt from scratch. */
  | 'stale';

export interface RecordedFamily {
  state: FamilyState;
  /** familyForm() when it was recorded. */
  form: string;
}

/** A field as a migration compares it. */
export interface FieldSnapshot {
  type: FieldType;
  index?: true;
  unique?: true;
  required?: true;
}

export interface RecordedModel {
  model: string;
  /** The model's fields as the last migration (or the first start) brought the records to. */
  fields: Record<string, FieldSnapshot>;
  /** By family id (`index:phone`). */
  families: Record<string, RecordedFamily>;
  /** The shard count its records and derived items are stored under (absent: 1, as recorded before shards). */
  shards?: number;
  /** A move of its items to another shard count by `migrate`, under way: writes of its records are refused meanwhile. */
  move?: Move;
  /** Raised by every change, which is conditioned on the version read. */
  version: number;
}

/**
 * A move between shard counts (docs/migrations.md, "Moving to another shard count"):
 * - `moving`: writes of the model are refused; reads use the recorded count; its items are being
 *   copied to `to`;
 * - `moved`: every item is copied; reads use `to`; writes are still refused until every function
 *   reads `to`. Then `to` becomes the recorded count and the move goes.
 */
export interface Move {
  to: number;
  state: 'moving' | 'moved';
}

export type RecordedCatalogue = ReadonlyMap<string, RecordedModel>;

export function snapshotOf(model: Model): Record<string, FieldSnapshot> {
  const out: Record<string, FieldSnapshot> = {};
  for (const [name, f] of Object.entries(model.fields)) {
    out[name] = { type: f.type, ...(f.index || f.unique ? { index: true } : {}), ...(f.unique ? { unique: true } : {}), ...(f.required ? { required: true } : {}) };
  }
  return out;
}

/** The state of a model whose records have every family the catalogue declares (an empty model, a finished migration). */
export function builtState(model: Model, version: number, except: readonly string[] = []): RecordedModel {
  const families: Record<string, RecordedFamily> = {};
  for (const f of declaredFamilies(model)) {
    if (!except.includes(familyId(f))) families[familyId(f)] = { state: 'ready', form: familyForm(model, f) };
  }
  return { model: model.name, fields: snapshotOf(model), families, version, ...(model.shards > 1 ? { shards: model.shards } : {}) };
}

/** The state recorded on the first start of an empty stack: every model built, nothing to migrate. */
export const firstStartStates = (models: Iterable<Model>): RecordedModel[] => [...models].map((m) => builtState(m, 1));
