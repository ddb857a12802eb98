import type { StoredScalar } from '../catalogue';
import type { Expr } from './expressions';

/**
 * A condition DynamoDB checks on the items a Query reads (a FilterExpression), described as data
 * so that the planner stays pure. It only ever narrows what is read: the caller checks the full
 * condition again on what comes back.
 */
export type Filter =
  | { and: Filter[] }
  | { or: Filter[] }
  | { attr: string; exists: boolean }
  | { attr: string; cmp: '=' | '<>' | '<' | '<=' | '>' | '>='; value: StoredScalar }
  | { attr: string; in: StoredScalar[] }
  | { attr: string; contains: StoredScalar }
  | { attr: string; beginsWith: string };

/** DynamoDB allows at most 100 operands in one IN. */
export const MAX_IN_OPERANDS = 100;

/**
 * Whether a value can be sent in an expression: the document client refuses numbers past
 * MAX_SAFE_INTEGER (they would lose digits), DynamoDB those below 1E-130 in magnitude.
 */
export const canCarry = (value: StoredScalar): boolean =>
  typeof value !== 'number' || value === 0 || (Math.abs(value) <= Number.MAX_SAFE_INTEGER && Math.abs(value) >= 1e-130);

/**
 * Which items a read keeps, by their company, id and active flag. The store knows nothing of who
 * reads: the caller decides what it may see (shared/auth/visibility.ts builds this from a principal).
 */
export interface Visibility {
  /** Companies whose records are visible besides shared ones; null: every company. */
  companies: readonly number[] | null;
  /** Ids the records must have (companies seen as records); null: any id. */
  ids: readonly number[] | null;
  /** Leave archived records out. */
  activeOnly: boolean;
}

/** The attributes of an item kind that visibility reads; null: the item does not carry it. */
export interface SeenAttributes {
  id: string;
  company: string | null;
  active: string | null;
}

/**
 * Visibility as a filter on the items a Query reads. Only narrows: a list of companies or ids too
 * long for one IN is left to the caller's own check (canSee), which runs on every item anyway.
 */
export function visibilityFilter(v: Visibility, attrs: SeenAttributes): Filter | null {
  const parts: Filter[] = [];
  if (attrs.company && v.companies && v.companies.length < MAX_IN_OPERANDS) {
    parts.push({ or: [{ attr: attrs.company, exists: false }, { attr: attrs.company, in: [...v.companies] }] });
  }
  if (v.ids && v.ids.length <= MAX_IN_OPERANDS) parts.push({ attr: attrs.id, in: [...v.ids] });
  if (attrs.active && v.activeOnly) parts.push({ or: [{ attr: attrs.active, exists: false }, { attr: attrs.active, cmp: '=', value: true }] });
  return allOf(parts);
}

export const allOf = (parts: readonly (Filter | null)[]): Filter | null => {
  const present = parts.filter((p): p is Filter => p !== null);
  return present.length === 0 ? null : present.length === 1 ? present[0]! : { and: present };
};

/** The filter as a FilterExpression, its names and values added to `p`. */
export function toExpression(f: Filter, p: Expr): string {
  if ('and' in f) return f.and.map((x) => `(${toExpression(x, p)})`).join(' AND ');
  if ('or' in f) return f.or.map((x) => `(${toExpression(x, p)})`).join(' OR ');
  const a = p.name(f.attr);
  if ('exists' in f) return f.exists ? `attribute_exists(${a})` : `attribute_not_exists(${a})`;
  if ('cmp' in f) return `${a} ${f.cmp} ${p.value(f.value)}`;
  if ('in' in f) return `${a} IN (${f.in.map((v) => p.value(v)).join(', ')})`;
  if ('contains' in f) return `contains(${a}, ${p.value(f.contains)})`;
  return `begins_with(${a}, ${p.value(f.beginsWith)})`;
}
