import type { Catalogue, Model } from '../../catalogue';
import type { RecordState } from '../../plan';
import { canSee, seenOf } from '../../auth/visibility';
import { indexPages, readRecords, recordPages, type IndexEntry, type Visibility } from '../../store';
import { matches, type Cond } from '../conditions/cond';
import { loadRecords, namesOf, want } from './fetch';
import { needsNames, sortRecords, type OrderKey } from '../order';
import type { IdsAccess, IndexAccess, SearchPlan } from '../planner/plan';
import { tooManyToSort } from '../errors';

/**
 * Runs a search plan: reads candidates, keeps those that match (checked in memory on every record
 * read, whatever DynamoDB filtered) and returns them in order, stopping once `stopAt` are found
 * when the candidates come in order.
 */

/** A record found: its id, and the record once read (exact index plans read only the page's). */
export interface Hit {
  id: number;
  rec?: RecordState;
}

export interface Collect {
  catalogue: Catalogue;
  model: Model;
  cond: Cond;
  visibility: Visibility;
  plan: SearchPlan;
  order: readonly OrderKey[];
  /** Matches wanted; Infinity for all of them. */
  stopAt: number;
  /** Matches an order sorted in memory may gather (it reads every one); more is LIMIT_EXCEEDED. */
  maxSorted: number;
}

/** Records read per round when candidates come as ids, at least and at most. */
const MIN_CHUNK = 25;
const MAX_CHUNK = 1000;

export async function collect(c: Collect): Promise<Hit[]> {
  const { plan } = c;
  if (plan.mode === 'stream') return stream(c);
  if (plan.mode === 'ids') {
    const hits = await allCandidates(c, Infinity);
    hits.sort((a, b) => (plan.backward ? b.id - a.id : a.id - b.id));
    return plan.exact ? hits : keepMatching(c, [hits], []);
  }
  const candidates = await allCandidates(c, c.maxSorted);
  const found = await withRecords(c.model, candidates);
  const matching = found.filter((h) => accept(c, h.rec!)).map((h) => h.rec!);
  const names = needsNames(c.order) ? await orderNames(c, matching) : new Map<string, string>();
  return sortRecords(matching, c.order, names).map((rec) => ({ id: rec.id, rec }));
}

const accept = (c: Collect, rec: RecordState): boolean => canSee(c.visibility, seenOf(c.model, rec)) && matches(c.cond, rec);

async function stream(c: Collect): Promise<Hit[]> {
  const { access, backward, exact } = c.plan;
  const firstPage = Number.isFinite(c.stopAt) ? Math.min(MAX_CHUNK, Math.max(10, Math.ceil(c.stopAt * 1.25))) : undefined;
  const hits: Hit[] = [];
  if (access.kind === 'records') {
    for await (const page of recordPages(c.model, access.filter, { visibility: c.visibility, backward, firstPage })) {
      for (const rec of page) if (accept(c, rec) && hits.push({ id: rec.id, rec }) >= c.stopAt) return hits;
    }
    return hits;
  }
  const pages = entryPages(c, access as IndexAccess, backward, firstPage);
  if (!exact) return keepMatching(c, pages, hits);
  for await (const page of pages) for (const hit of page) if (hits.push(hit) >= c.stopAt) return hits;
  return hits;
}

/** Reads the records of candidate ids in chunks, in order, keeping matches until `stopAt`. */
async function keepMatching(c: Collect, pages: AsyncIterable<Hit[]> | Iterable<Hit[]>, hits: Hit[]): Promise<Hit[]> {
  for await (const page of pages) {
    for (let i = 0; i < page.length; ) {
      const size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, 2 * (c.stopAt - hits.length)));
      const chunk = await withRecords(c.model, page.slice(i, i + size));
      i += size;
      for (const hit of chunk) if (accept(c, hit.rec!) && hits.push(hit) >= c.stopAt) return hits;
    }
  }
  return hits;
}

/** Entries of one index access (or ids), visible and meeting the leaves the access stands for. */
async function* entryPages(c: Collect, access: IndexAccess | IdsAccess, backward: boolean, firstPage?: number): AsyncGenerator<Hit[]> {
  if (access.kind === 'ids') {
    yield (backward ? [...access.ids].reverse() : access.ids).map((id) => ({ id }));
    return;
  }
  const keep = (page: IndexEntry[]): Hit[] =>
    page.filter((e) => canSee(c.visibility, e) && matches(access.check, entryRecord(c.model, access.field, e))).map((e) => ({ id: e.id }));
  const ranges = backward ? [...access.ranges].reverse() : access.ranges;
  const reads = ranges.map((range) => indexPages(c.model, access.field, range, { visibility: c.visibility, backward, ...(firstPage ? { firstPage } : {}) }));
  const ahead = access.readAhead && reads[1] ? reads[1].next() : undefined;
  // Awaited below, or dropped when the page ends in the first range: then its failure is no one's.
  ahead?.catch(() => undefined);
  for (const [i, read] of reads.entries()) {
    if (i === 1 && ahead) {
      const first = await ahead;
      if (first.done) continue;
      yield keep(first.value);
    }
    for await (const page of read) yield keep(page);
  }
}

/** An index entry as a record holding only the indexed field, to check that field's leaves. */
const entryRecord = (model: Model, field: string, e: IndexEntry): RecordState => ({ model: model.name, id: e.id, values: { [field]: e.value }, version: 0, attachments: [] });

/**
 * Every candidate, without order: all ranges and branches read at once, ids deduplicated; records
 * read already are kept only when they match. More than `max` is LIMIT_EXCEEDED, as soon as known.
 */
async function allCandidates(c: Collect, max: number): Promise<Hit[]> {
  const { access } = c.plan;
  const seen = new Map<number, Hit>();
  const keep = (hit: Hit): void => {
    if (!seen.has(hit.id)) seen.set(hit.id, hit);
    if (seen.size > max) throw tooManyToSort(max);
  };
  if (access.kind === 'records') {
    for await (const page of recordPages(c.model, access.filter, { visibility: c.visibility })) {
      for (const rec of page) if (accept(c, rec)) keep({ id: rec.id, rec });
    }
    return [...seen.values()];
  }
  const parts = access.kind === 'union' ? access.parts : [access];
  const single = (p: IndexAccess | IdsAccess): (IndexAccess | IdsAccess)[] => (p.kind === 'ids' ? [p] : p.ranges.map((r) => ({ ...p, ranges: [r] })));
  await Promise.all(parts.flatMap(single).map(async (p) => {
    for await (const page of entryPages(c, p, false)) page.forEach(keep);
  }));
  return [...seen.values()];
}

/** The hits with their records (read in one round where missing); hits whose record is gone are dropped. */
export async function withRecords(model: Model, hits: readonly Hit[]): Promise<Required<Hit>[]> {
  const missing = hits.filter((h) => !h.rec).map((h) => h.id);
  const read = missing.length > 0 ? await readRecords(model, missing) : new Map<number, RecordState>();
  return hits.flatMap((h) => {
    const rec = h.rec ?? read.get(h.id);
    return rec ? [{ id: h.id, rec }] : [];
  });
}

async function orderNames(c: Collect, records: readonly RecordState[]): Promise<Map<string, string>> {
  const wanted = new Map<string, Set<number>>();
  for (const key of c.order) {
    if (key.def.type !== 'many2one') continue;
    for (const rec of records) {
      const id = rec.values[key.field];
      if (typeof id === 'number') want(wanted, key.def.comodel, id);
    }
  }
  return namesOf(c.catalogue, await loadRecords(c.catalogue, wanted));
}
