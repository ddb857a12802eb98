import { catalogueOf, type Catalogue, type Model } from '../catalogue';
import { declaredIndexes, familyForm, familyId, parseFamilyId, type Family } from './families';
import type { RecordedCatalogue, RecordedModel } from './recorded';

/**
 * The catalogue as served over stored records that may lag it (a deployment whose catalogue
 * indexes a field its records were not indexed by): reads use only the families built for every
 * record, writes keep every family that is built or being built.
 *
 * | family in the recorded state     | reads use it | writes keep it                                 |
 * |----------------------------------|--------------|------------------------------------------------|
 * | ready, same form                 | yes          | yes                                            |
 * | building, same form              | no           | yes                                            |
 * | stale, absent, or another form   | no           | index entries yes; unique guards no (not enforced) |
 * | model not recorded at all        | no           | yes (a new model: kept from its first record)  |
 *
 * Records and their items are kept under the shard count recorded, whatever the catalogue says;
 * while `migrate` moves them to another count, writes of them are refused and reads follow the move.
 *
 * Index entries are always kept when the catalogue declares them, so that `migrate` only has to
 * reach the records stored before; guards are kept (and so enforced) only once `migrate` has found
 * no duplicates, so that a unique constraint is never enforced against a part of the records.
 */
export function servedCatalogue(deployed: Catalogue, recorded: RecordedCatalogue): Catalogue {
  const models = new Map<string, Model>();
  for (const [name, model] of deployed.models) models.set(name, servedModel(model, recorded.get(name)));
  return catalogueOf(models, deployed.retiredModels);
}

function servedModel(model: Model, rec: RecordedModel | undefined): Model {
  const declared = declaredIndexes(model);
  const unique = declared.filter((f) => model.fields[f]!.unique);
  if (!rec) return { ...model, indexed: [], guarded: [], building: declared, maintained: { indexes: declared, guards: unique } };
  const state = (f: Family) => {
    const fam = rec.families[familyId(f)];
    return fam && fam.form === familyForm(model, f) ? fam.state : undefined;
  };
  const indexed = declared.filter((field) => state({ kind: 'index', field }) === 'ready');
  const guarded = unique.filter((field) => state({ kind: 'guard', field }) === 'ready');
  const guards = unique.filter((field) => ['ready', 'building'].includes(state({ kind: 'guard', field }) ?? ''));
  // Items are read and written where the stored ones lie, under the recorded shard count, until
  // `migrate` has copied them to the catalogue's; while it moves them, their writes are refused.
  const shards = rec.move?.state === 'moved' ? rec.move.to : (rec.shards ?? 1);
  const moving = rec.move !== undefined;
  if (indexed.length === declared.length && guarded.length === unique.length && shards === model.shards && !moving) return model;
  return {
    ...model,
    shards,
    ...(moving ? { moving } : {}),
    indexed,
    guarded,
    building: declared.filter((f) => !indexed.includes(f)),
    maintained: { indexes: declared, guards },
  };
}

/**
 * Families the recorded state says are kept (ready or being built) that this deployment's writes
 * would not keep as they are: its catalogue dropped the index or the unique constraint, or changed
 * the field's type or the model's company scoping. A deployment marks them stale before it writes,
 * so that a later catalogue that declares them again does not trust items nobody kept meanwhile.
 */
export function unkeptFamilies(deployed: Catalogue, recorded: RecordedCatalogue): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rec of recorded.values()) {
    const model = deployed.get(rec.model);
    if (!model) continue; // no request can write records of a model the deployment does not serve
    const served = servedModel(model, rec);
    const unkept = Object.entries(rec.families)
      .filter(([, fam]) => fam.state !== 'stale')
      .map(([id]) => id)
      .filter((id) => {
        const f = parseFamilyId(id);
        const kept = f.kind === 'index' ? served.maintained.indexes : served.maintained.guards;
        return !kept.includes(f.field) || rec.families[id]!.form !== familyForm(model, f);
      });
    if (unkept.length > 0) out.set(rec.model, unkept);
  }
  return out;
}
