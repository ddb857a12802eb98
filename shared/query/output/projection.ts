import { canSee, seenOf } from '../../auth/visibility';
import type { Model } from '../../catalogue';
import { getFile } from '../../files';
import type { RecordState } from '../../plan';
import { displayName, renderValue } from '../../render';
import { isRelational } from '../conditions/cond';
import { answerTooLarge } from '../errors';
import { loadRecords, namesOf, want, type Loaded } from '../execution/fetch';
import type { FieldSpec, Projection } from './fields';
import { parseOrder, sortRecords } from '../order';
import type { SearchScope } from '../execution/resolve';

/**
 * Renders found records as search_data returns them. Related records are read a level at a time,
 * every model of a level in one round: `order_line{product_id{name}}` over 100 orders is one round
 * for all their lines, then one for all the products, whatever the number of orders. Display names
 * of many2one values a level shows come in the same round as the next level's records.
 */

interface Level {
  projection: Projection;
  records: RecordState[];
}

interface Fetched {
  records: Loaded;
  names: Map<string, string>;
  /** base64 contents of binary fields, by S3 key. */
  files: Map<string, string>;
}

/**
 * `maxFileBytes`: most bytes the files asked for may take in the answer, base64-encoded. Their
 * sizes are known from the records (a binary field's `size`), so a larger answer is refused
 * before any file is read: files are held in memory whole.
 */
export async function renderRecords(scope: SearchScope, projection: Projection, records: RecordState[], maxFileBytes: number): Promise<Record<string, unknown>[]> {
  const fetched: Fetched = { records: new Map(), names: new Map(), files: new Map() };
  let fileBytes = 0;
  let level: Level[] = [{ projection, records }];
  while (level.length > 0) {
    const wanted = new Map<string, Set<number>>();
    const files = new Map<string, number>();
    const expansions: { projection: Projection; ids: number[] }[] = [];
    for (const { projection: p, records: recs } of level) {
      for (const spec of p.fields) {
        const def = spec.def;
        if (def.type === 'binary') {
          for (const rec of recs) {
            const key = rec.values[spec.name];
            if (typeof key === 'string' && !fetched.files.has(key)) files.set(key, base64Length(rec.values[def.size]));
          }
          continue;
        }
        if (!isRelational(def)) continue;
        // A list of ids in an order other than id's needs the related records to be sorted.
        const needed = spec.expand || def.type === 'many2one' || ordered(scope, def.comodel);
        if (!needed) continue;
        const ids = recs.flatMap((rec) => relatedIds(rec, spec));
        for (const id of ids) if (!fetched.records.get(def.comodel)?.has(id)) want(wanted, def.comodel, id);
        if (spec.expand) expansions.push({ projection: spec.expand, ids: [...new Set(ids)] });
      }
    }
    for (const bytes of files.values()) fileBytes += bytes;
    if (fileBytes > maxFileBytes) throw answerTooLarge('The file contents asked for, base64-encoded,', fileBytes, maxFileBytes);
    const [loaded] = await Promise.all([loadRecords(scope.catalogue, wanted), readFiles(files.keys(), fetched.files)]);
    for (const [name, recs] of loaded) fetched.records.set(name, new Map([...(fetched.records.get(name) ?? []), ...recs]));
    namesOf(scope.catalogue, loaded, fetched.names);
    level = expansions.map(({ projection: p, ids }) => ({
      projection: p,
      records: ids.map((id) => fetched.records.get(p.model.name)?.get(id)).filter((r): r is RecordState => r !== undefined),
    }));
  }
  return records.map((rec) => render(scope, projection, rec, fetched));
}

const ordered = (scope: SearchScope, model: string): boolean => scope.catalogue.get(model)!.order.trim() !== 'id';

function relatedIds(rec: RecordState, spec: FieldSpec): number[] {
  const value = rec.values[spec.name];
  if (typeof value === 'number') return [value];
  return Array.isArray(value) ? value : [];
}

/** Length of the base64 text of `size` bytes (0 when the size is unknown). */
const base64Length = (size: unknown): number => (typeof size === 'number' ? 4 * Math.ceil(size / 3) : 0);

async function readFiles(keys: Iterable<string>, into: Map<string, string>): Promise<void> {
  await Promise.all([...keys].map(async (key) => into.set(key, (await getFile(key)).toString('base64'))));
}

function render(scope: SearchScope, p: Projection, rec: RecordState, f: Fetched): Record<string, unknown> {
  const out: Record<string, unknown> = { id: rec.id };
  for (const spec of p.fields) {
    const { name, def } = spec;
    if (name === 'id') continue;
    if (name === 'display_name') out[name] = displayName(p.model, rec.id, rec.values);
    else if (def.type === 'binary') {
      const key = rec.values[name];
      out[name] = typeof key === 'string' ? (f.files.get(key) ?? false) : false;
    } else if (isRelational(def)) {
      const comodel = scope.catalogue.get(def.comodel)!;
      const ids = relatedIds(rec, spec);
      if (spec.expand) {
        // Relations show archived records, but no record of a company the caller may not see.
        const vis = scope.access.visibility(comodel, false);
        const related = inOrder(comodel, ids, f).filter((r) => canSee(vis, seenOf(comodel, r)));
        out[name] = related.map((r) => render(scope, spec.expand!, r, f));
      } else if (def.type !== 'many2one' && ordered(scope, def.comodel)) {
        out[name] = inOrder(comodel, ids, f).map((r) => r.id);
      } else out[name] = renderValue(def, rec.values[name] ?? null, f.names);
    } else out[name] = renderValue(def, rec.values[name] ?? null, f.names);
  }
  return out;
}

/** Related records that exist, in their model's order (id order by default). */
function inOrder(model: Model, ids: readonly number[], f: Fetched): RecordState[] {
  const byId = f.records.get(model.name);
  const found = ids.map((id) => byId?.get(id)).filter((r): r is RecordState => r !== undefined);
  return sortRecords(found, parseOrder(model, null), f.names);
}
