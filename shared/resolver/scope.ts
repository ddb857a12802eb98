import type { Model } from '../catalogue';
import type { Candidate, GuardScope } from '../store';

/**
 * Which records a lookup may find: those of one company plus shared ones (`company_id` empty), or,
 * for models that are not company-scoped (or that the operator excluded), any record.
 */
export type LookupScope = { company: number } | 'any';

export function lookupScope(model: Model, company: number, unscoped: ReadonlySet<string>): LookupScope {
  return model.companyScoped && !unscoped.has(model.name) ? { company } : 'any';
}

export const scopeKey = (scope: LookupScope): string => (scope === 'any' ? 'any' : `c${scope.company}`);

/** Archived records are never found; scoped lookups see their company and shared records. */
export function visible(candidate: Candidate, scope: LookupScope): boolean {
  if (!candidate.active) return false;
  return scope === 'any' || candidate.company === null || candidate.company === scope.company;
}

/**
 * The unique guards that answer a lookup in this scope, when guards can: a scoped model's guards
 * are per company, so they serve a one-company scope; an unscoped model's all sit under `-`.
 */
export function guardScopes(model: Model, scope: LookupScope): GuardScope[] | undefined {
  if (!model.companyScoped) return [null];
  return scope === 'any' ? undefined : [scope.company, null];
}
