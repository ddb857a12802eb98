import type { RecordState } from '../../plan';
import { collect, withRecords } from './collect';
import { tooManyToCount } from '../errors';
import type { Cond, Query } from '../conditions/cond';
import type { Projection } from '../output/fields';
import type { OrderKey } from '../order';
import { planSearch, type SearchPlan } from '../planner/plan';
import { resolve, type SearchScope } from './resolve';

export interface SearchRequest {
  /** The domain, compiled against the catalogue (compileQuery). */
  query: Query;
  order: readonly OrderKey[];
  offset: number;
  /** Records wanted: the page size. */
  limit: number;
  /** Count every match (`total`), which reads past the page. */
  count: boolean;
  /**
   * Matches a search gathers at most when it must read every one (to count them, or to sort them
   * in memory); more is LIMIT_EXCEEDED rather than a read without bound.
   */
  maxRead: number;
}

export interface SearchResult {
  /** The page, in order. */
  records: RecordState[];
  /** More records match after the page. */
  more: boolean;
  /** Every match, when counted. */
  total?: number;
  plan: SearchPlan;
}

/**
 * One search: its related searches answered, a plan chosen, candidates read until the page (and one
 * more, to know whether there is a next page) is found, then the page's records read if the plan
 * did not need them yet.
 */
export async function searchRecords(req: SearchRequest, scope: SearchScope): Promise<SearchResult> {
  const { query } = req;
  const model = query.model;
  const cond = await resolve(query.cond, scope);
  const plan = planSearch(model, cond, req.order);
  const end = req.offset + req.limit;
  const hits = await collect({
    catalogue: scope.catalogue,
    model,
    cond,
    visibility: scope.access.visibility(model, query.activeTest),
    plan,
    order: req.order,
    stopAt: req.count ? req.maxRead + 1 : end + 1,
    maxSorted: req.maxRead,
  });
  if (req.count && hits.length > req.maxRead) throw tooManyToCount(req.maxRead);
  const page = await withRecords(model, hits.slice(req.offset, end));
  return {
    records: page.map((h) => h.rec),
    more: hits.length > end,
    ...(req.count ? { total: hits.length } : {}),
    plan,
  };
}

/**
 * Models whose records a search reads: its own, and those reached by paths, names, trees,
 * expansions, and the many2one keys of its order (which sort by the related records' names).
 */
export function modelsReached(query: Query, projection: Projection, order: readonly OrderKey[]): Set<string> {
  const reached = new Set<string>();
  const searched = (q: Query): void => {
    reached.add(q.model.name);
    leaves(q.cond);
  };
  const leaves = (c: Cond): void => {
    if (c.kind === 'and' || c.kind === 'or') c.children.forEach(leaves);
    else if (c.kind === 'not') leaves(c.child);
    else if (c.kind === 'sub') searched(c.query);
    else if (c.kind === 'tree') {
      reached.add(c.model.name);
      if ('model' in c.roots) searched(c.roots);
    }
  };
  const expanded = (p: Projection): void => {
    reached.add(p.model.name);
    for (const f of p.fields) if (f.expand) expanded(f.expand);
  };
  searched(query);
  expanded(projection);
  for (const key of order) if (key.def.type === 'many2one') reached.add(key.def.comodel);
  return reached;
}
