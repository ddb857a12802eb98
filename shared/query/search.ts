import type { Model } from '../catalogue';
import type { RecordState } from '../plan';
import { collect, withRecords } from './collect';
import { compileQuery } from './compile';
import type { Domain } from './domain';
import type { OrderKey } from './order';
import { planSearch, type SearchPlan } from './plan';
import { resolve, visibilityOf, type SearchScope } from './resolve';

export interface SearchRequest {
  model: Model;
  domain: Domain;
  order: readonly OrderKey[];
  offset: number;
  /** Records wanted: the page size. */
  limit: number;
  /** Count every match (`total`), which reads past the page. */
  count: boolean;
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
 * One search: the domain checked against the catalogue, its related searches answered, a plan
 * chosen, candidates read until the page (and one more, to know whether there is a next page) is
 * found, then the page's records read if the plan did not need them yet.
 */
export async function searchRecords(req: SearchRequest, scope: SearchScope): Promise<SearchResult> {
  const query = compileQuery(req.model, req.domain, scope.catalogue);
  const cond = await resolve(query.cond, scope);
  const plan = planSearch(req.model, cond, req.order);
  const end = req.offset + req.limit;
  const hits = await collect({
    catalogue: scope.catalogue,
    model: req.model,
    cond,
    visibility: visibilityOf(req.model, query.activeTest, scope),
    plan,
    order: req.order,
    stopAt: req.count ? Infinity : end + 1,
  });
  const page = await withRecords(req.model, hits.slice(req.offset, end));
  return {
    records: page.map((h) => h.rec),
    more: hits.length > end,
    ...(req.count ? { total: hits.length } : {}),
    plan,
  };
}
