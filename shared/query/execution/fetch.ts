import type { Catalogue } from '../../catalogue';
import type { RecordState } from '../../plan';
import { displayName, nameKey } from '../../render';
import { readRecords } from '../../store';

/** Records of several models, by model name then id. */
export type Loaded = Map<string, Map<number, RecordState>>;

/**
 * Reads the records wanted of each model in one round: one BatchGetItem per 100 keys, every call
 * sent at once, whatever the number of models and records.
 */
export async function loadRecords(catalogue: Catalogue, wanted: ReadonlyMap<string, ReadonlySet<number>>): Promise<Loaded> {
  const loaded: Loaded = new Map();
  await Promise.all(
    [...wanted].map(async ([name, ids]) => {
      if (ids.size > 0) loaded.set(name, await readRecords(catalogue.get(name)!, ids));
    }),
  );
  return loaded;
}

/** Display names of loaded records, keyed as render's `nameKey`. */
export function namesOf(catalogue: Catalogue, loaded: Loaded, into = new Map<string, string>()): Map<string, string> {
  for (const [name, records] of loaded) {
    const model = catalogue.get(name)!;
    for (const [id, rec] of records) into.set(nameKey(name, id), displayName(model, id, rec.values));
  }
  return into;
}

/** Adds an id to a wanted set of a model. */
export function want(wanted: Map<string, Set<number>>, model: string, id: number): void {
  let ids = wanted.get(model);
  if (!ids) wanted.set(model, (ids = new Set()));
  ids.add(id);
}
