import type { FieldDef, Model, RelationalField, StoredScalar, StoredValue } from '../../catalogue';
import type { RecordState } from '../../plan';
import { compareScalars } from '../order';

/**
 * A domain checked against the catalogue: every term names a field of its model, with values in
 * their stored form. Leaves on related records (`sub`, `tree`) are answered by searches of their
 * own before the planner sees the condition; the others can be checked on a record in memory.
 */
export type Cond = Leaf | { kind: 'and'; children: Cond[] } | { kind: 'or'; children: Cond[] } | { kind: 'not'; child: Cond };

export type Leaf = InLeaf | RangeLeaf | LikeLeaf | SubLeaf | TreeLeaf;

/**
 * The field's value is one of `values` (`null`: empty). On an x2many field: the list holds one of
 * the ids, or is empty when `null` is listed. `negated` is the complement: `!=`, `not in`.
 */
export interface InLeaf {
  kind: 'in';
  field: string;
  def: FieldDef;
  values: readonly (StoredScalar | null)[];
  negated: boolean;
}

/** `<`, `<=`, `>`, `>=`: empty values never match. */
export interface RangeLeaf {
  kind: 'range';
  field: string;
  def: FieldDef;
  op: '<' | '<=' | '>' | '>=';
  value: StoredScalar;
}

/** An SQL LIKE pattern (`%`, `_`, `\` escapes) on the value's text; `negated` also matches empty values. */
export interface LikeLeaf {
  kind: 'like';
  field: string;
  def: FieldDef;
  pattern: string;
  insensitive: boolean;
  negated: boolean;
}

/** A search on a related model, whose answer becomes an `in` leaf on `field` (see execution/resolve.ts). */
export interface SubLeaf {
  kind: 'sub';
  field: string;
  def: FieldDef;
  query: Query;
}

/** `child_of` / `parent_of`: `field` holds one of the records below (or above) `roots` along `parent`, roots included. */
export interface TreeLeaf {
  kind: 'tree';
  field: string;
  def: FieldDef;
  direction: 'child_of' | 'parent_of';
  /** The model of the tree, and its many2one to itself that the walk follows. */
  model: Model;
  parent: string;
  roots: readonly number[] | Query;
}

/** A condition on a model, with what its searcher may see. */
export interface Query {
  model: Model;
  cond: Cond;
  /** Leave archived records out (the domain does not name `active`). */
  activeTest: boolean;
}

export const TRUE_COND: Cond = { kind: 'and', children: [] };
export const FALSE_COND: Cond = { kind: 'or', children: [] };

const isTrue = (c: Cond): boolean => c.kind === 'and' && c.children.length === 0;
const isFalse = (c: Cond): boolean => c.kind === 'or' && c.children.length === 0;

/** Conjunction, disjunction and negation, simplified as they are built (constants folded, nesting flattened). */
export function condAnd(parts: readonly Cond[]): Cond {
  if (parts.some(isFalse)) return FALSE_COND;
  const children = parts.filter((p) => !isTrue(p)).flatMap((p) => (p.kind === 'and' ? p.children : [p]));
  return children.length === 1 ? children[0]! : { kind: 'and', children };
}

export function condOr(parts: readonly Cond[]): Cond {
  if (parts.some(isTrue)) return TRUE_COND;
  const children = parts.filter((p) => !isFalse(p)).flatMap((p) => (p.kind === 'or' ? p.children : [p]));
  return children.length === 1 ? children[0]! : { kind: 'or', children };
}

export function condNot(c: Cond): Cond {
  if (isTrue(c)) return FALSE_COND;
  if (isFalse(c)) return TRUE_COND;
  if (c.kind === 'in' || c.kind === 'like') return { ...c, negated: !c.negated };
  return c.kind === 'not' ? c.child : { kind: 'not', child: c };
}

export const isX2many = (def: FieldDef): boolean => def.type === 'one2many' || def.type === 'many2many';
export const isRelational = (def: FieldDef): def is RelationalField => def.type === 'many2one' || isX2many(def);

/** A record's value of a field (`id` included), null when empty. */
export const valueOf = (rec: RecordState, field: string): StoredValue => (field === 'id' ? rec.id : (rec.values[field] ?? null));

const sets = new WeakMap<InLeaf, Set<StoredScalar | null>>();
const regexes = new WeakMap<LikeLeaf, RegExp>();

/** Whether a record meets the condition. Sub and tree leaves must have been resolved. */
export function matches(cond: Cond, rec: RecordState): boolean {
  switch (cond.kind) {
    case 'and':
      return cond.children.every((c) => matches(c, rec));
    case 'or':
      return cond.children.some((c) => matches(c, rec));
    case 'not':
      return !matches(cond.child, rec);
    case 'in':
      return matchesIn(cond, valueOf(rec, cond.field)) !== cond.negated;
    case 'range':
      return matchesRange(cond, valueOf(rec, cond.field));
    case 'like':
      return matchesLike(cond, valueOf(rec, cond.field));
    case 'sub':
    case 'tree':
      throw new Error(`query: a '${cond.kind}' leaf on '${cond.field}' reached evaluation unresolved`);
  }
}

export function matchesIn(leaf: InLeaf, value: StoredValue): boolean {
  let set = sets.get(leaf);
  if (!set) sets.set(leaf, (set = new Set(leaf.values)));
  if (Array.isArray(value)) return value.length === 0 ? set.has(null) : value.some((id) => set.has(id));
  return set.has(value);
}

export function matchesRange(leaf: RangeLeaf, value: StoredValue): boolean {
  if (value === null || Array.isArray(value)) return false;
  const c = compareScalars(value, leaf.value);
  switch (leaf.op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

export function matchesLike(leaf: LikeLeaf, value: StoredValue): boolean {
  if (value === null || Array.isArray(value)) return leaf.negated;
  let re = regexes.get(leaf);
  if (!re) regexes.set(leaf, (re = likeRegex(leaf.pattern, leaf.insensitive)));
  return re.test(String(value)) !== leaf.negated;
}

/** An SQL LIKE pattern as a regular expression: `%` any text, `_` one character, `\x` a literal x. */
export function likeRegex(pattern: string, insensitive: boolean): RegExp {
  let source = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else {
      const literal = c === '\\' && i + 1 < chars.length ? chars[++i]! : c;
      source += literal.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, insensitive ? 'isu' : 'su');
}

/**
 * The literal text a LIKE pattern starts with, before any wildcard, and what follows it: nothing
 * (the pattern is a plain value), a final `%` only (any text with that prefix), or more pattern.
 */
export function likePrefix(pattern: string): { prefix: string; tail: 'none' | 'any' | 'pattern' } {
  let prefix = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '%' || c === '_') return { prefix, tail: c === '%' && i === chars.length - 1 ? 'any' : 'pattern' };
    prefix += c === '\\' && i + 1 < chars.length ? chars[++i]! : c;
  }
  return { prefix, tail: 'none' };
}
