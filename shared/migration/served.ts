import { catalogue as deployed, type Catalogue } from '../catalogue';
import { getConfig } from '../config';
import { logger } from '../observability/logger';
import { putRecorded, readRecorded } from '../store/recorded';
import type { RecordedCatalogue } from './recorded';
import { servedCatalogue, unkeptFamilies } from './view';

/**
 * The catalogue requests are served with: the deployment's, over the recorded state of the stored
 * records (view.ts). Read once per `CATALOGUE_CACHE_SECONDS` per container (one Query of a small
 * partition, shared by the requests that find the cache expired together), so that a change made
 * by `migrate` is seen within that period:
 *
 *   migrate records an index built ─┬─ functions still read records (correct, slower) ─┬─ index used
 *                                   0 s                           at most the cache period
 *
 * Every state change that could make a late reader wrong waits that period out first (`migrate`
 * builds a new unique field's guards only after it), so a stale cache only ever errs on the safe
 * side: an index not used yet, never one used before it is whole.
 */
let cached: { catalogue: Catalogue; recorded: RecordedCatalogue; reconciled: boolean; freshUntil: number } | undefined;
let reading: Promise<void> | undefined;
let reconciling: Promise<void> | undefined;

/**
 * `writes`: the request may write records. A deployment that does not keep a family the state says
 * is kept (its catalogue dropped an index, or changed a field's type) marks it stale before its
 * first write, so that no later catalogue trusts items nobody kept meanwhile.
 */
export async function servedNow(options: { writes: boolean }): Promise<Catalogue> {
  if (!cached || Date.now() >= cached.freshUntil) {
    reading ??= read().finally(() => (reading = undefined));
    await reading;
  }
  while (options.writes && !cached!.reconciled) {
    reconciling ??= reconcile().finally(() => (reconciling = undefined));
    await reconciling;
  }
  return cached!.catalogue;
}

async function read(): Promise<void> {
  const recorded = await readRecorded();
  cached = {
    catalogue: servedCatalogue(deployed, recorded),
    recorded,
    reconciled: unkeptFamilies(deployed, recorded).size === 0,
    freshUntil: Date.now() + getConfig().catalogueCacheSeconds * 1000,
  };
}

async function reconcile(): Promise<void> {
  for (let attempt = 1; !cached!.reconciled; attempt++) {
    for (const [model, ids] of unkeptFamilies(deployed, cached!.recorded)) {
      const rec = cached!.recorded.get(model)!;
      const families = { ...rec.families };
      for (const id of ids) families[id] = { ...families[id]!, state: 'stale' };
      // Lost to another writer: read again and see what is left to mark.
      if (await putRecorded({ ...rec, families, version: rec.version + 1 }, rec.version)) {
        logger.warn('Catalogue families no longer kept by this deployment marked stale; run migrate', { model, families: ids });
      }
    }
    if (attempt > 5) throw new Error('the recorded catalogue keeps changing; cannot mark families stale');
    await read();
  }
}
