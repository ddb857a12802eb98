import type { Model } from '../catalogue';
import type { RecordState } from '../plan';
import type { Visibility } from '../store';
import type { Principal } from './principal';

/**
 * Which records a caller sees of a model, in one place for search_key, search_data and
 * the store's filters: records of its allowed companies and shared ones (empty company); for
 * `res.company`, the allowed companies themselves; for models without a company, or excluded by
 * the operator (`ignore_checkcompany_model`), every record. Archived records are left out unless
 * asked for.
 */
export function visibilityFor(principal: Principal, model: Model, unscoped: ReadonlySet<string>, activeOnly: boolean): Visibility {
  const allowed = principal.allowedCompanyIds === 'all' ? null : principal.allowedCompanyIds;
  const scoped = !unscoped.has(model.name);
  return {
    companies: scoped && model.companyScoped ? allowed : null,
    ids: scoped && model.companyRecords ? allowed : null,
    activeOnly,
  };
}

/** What visibility needs to know of a record or index entry. */
export interface Seen {
  id: number;
  /** Its company; null: shared (or a model without company). */
  company: number | null;
  active: boolean;
}

export function canSee(v: Visibility, r: Seen): boolean {
  if (v.activeOnly && !r.active) return false;
  if (v.ids && !v.ids.includes(r.id)) return false;
  return !v.companies || r.company === null || v.companies.includes(r.company);
}

/** A stored record as visibility sees it. */
export function seenOf(model: Model, r: RecordState): Seen {
  const company = r.values.company_id;
  return { id: r.id, company: model.companyScoped && typeof company === 'number' ? company : null, active: r.values.active !== false };
}
