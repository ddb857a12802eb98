import type { Model } from '../../catalogue';
import type { Filter, KeyRange } from '../../store';
import { TRUE_COND, condAnd, likePrefix, type Cond, type InLeaf, type LikeLeaf, type RangeLeaf } from '../conditions/cond';
import { MAX_INDEX_VALUES } from '../limits';
import { compareScalars, type OrderKey } from '../order';
import { pushdown } from '../conditions/pushdown';

/**
 * The query planner: from a resolved condition (no sub or tree leaves left) and an order, decides
 * how to find the candidates, pure and without I/O.
 *
 * - `id = / in`: the records by key (BatchGetItem).
 * - `=`, `in` (up to MAX_INDEX_VALUES values), ranges and `=like 'abc%'` on an indexed field: that
 *   index's entries (a Query per value or range); the entries carry id, value, company and active
 *   flag, so they are checked and counted before any record is read. The most selective term of
 *   an `&` drives; an `|` is served by indexes only when each of its branches is.
 * - Anything else: the model's records (one item collection, a Query in id order), narrowed by a
 *   FilterExpression with what DynamoDB can check (conditions/pushdown.ts). Never a table Scan.
 *
 * Candidates then come in one of three ways: `stream` (already in the requested order: an index
 * read in order, or records in id order, so reading stops once the page is full), `ids` (every
 * candidate id first, sorted, records read only for the page), or `sort` (everything read and
 * sorted in memory). The condition is checked again in memory on every record read.
 */

export interface IndexAccess {
  kind: 'index';
  field: string;
  ranges: KeyRange[];
  /** The leaves the ranges stand for, checked again on each entry's value. */
  check: Cond;
  /**
   * Ask for the second range's first page with the first range's (stream mode): the first range
   * read holds the empty entries, usually few, so the page seldom ends there, and waiting for it
   * would cost a round.
   */
  readAhead?: boolean;
}
export interface IdsAccess {
  kind: 'ids';
  ids: number[];
}
/** How a search reaches its candidates (an access path): ids, index entries, a union of them, or the records. */
export type AccessPath =
  | IdsAccess
  | IndexAccess
  | { kind: 'union'; parts: (IdsAccess | IndexAccess)[] }
  | { kind: 'records'; filter: Filter | null };

export interface SearchPlan {
  access: AccessPath;
  mode: 'stream' | 'ids' | 'sort';
  /** Read the index or records in descending order (stream mode). */
  backward: boolean;
  /** The access alone decides which records match: index entries need no record to be counted. */
  exact: boolean;
}

interface Choice {
  access: IdsAccess | IndexAccess | { kind: 'union'; parts: (IdsAccess | IndexAccess)[] };
  /** Lower is more selective. */
  score: number;
  /** The part of the condition the access answers completely. */
  covers: Cond;
}

export function planSearch(model: Model, cond: Cond, order: readonly OrderKey[]): SearchPlan {
  const choice = choose(model, cond);
  const first = order[0]!;
  if (!choice) {
    if (first.field === 'id') return { access: records(cond), mode: 'stream', backward: first.desc, exact: false };
    const byIndex = order.length === 2 && inValueOrder(model, first) && order[1]!.desc === first.desc;
    if (byIndex) {
      const ranges = wholeIndex(first);
      const access: IndexAccess = { kind: 'index', field: first.field, ranges, check: TRUE_COND, ...(ranges.length > 1 && first.desc ? { readAhead: true } : {}) };
      return { access, mode: 'stream', backward: first.desc, exact: isTrue(cond) };
    }
    return { access: records(cond), mode: 'sort', backward: false, exact: false };
  }
  // Records found by id have not been checked for visibility yet: they are read before they count.
  const byId = choice.access.kind === 'ids' || (choice.access.kind === 'union' && choice.access.parts.some((p) => p.kind === 'ids'));
  const exact = !byId && choice.covers === cond;
  const { access } = choice;
  if (access.kind === 'index' && access.ranges.length === 1) {
    const range = access.ranges[0]!;
    // Entries of one value come in id order; entries of a range come in value order, then id order.
    const rest = order.filter((k) => k.field !== access.field);
    const streams = 'eq' in range
      ? rest[0]!.field === 'id'
      : order.length === 2 && first.field === access.field && inValueOrder(model, first) && order[1]!.desc === first.desc;
    if (streams) return { access, mode: 'stream', backward: 'eq' in range ? rest[0]!.desc : first.desc, exact };
  }
  return { access, mode: first.field === 'id' ? 'ids' : 'sort', backward: first.desc, exact };
}

const isTrue = (c: Cond): boolean => c.kind === 'and' && c.children.length === 0;

/**
 * Whether an index keeps records in this key's order: a many2one sorts by name, its index by id;
 * an empty boolean sorts as false, its index entries apart.
 */
const inValueOrder = (model: Model, key: OrderKey): boolean =>
  model.indexed.includes(key.field) && key.def.type !== 'many2one' && key.def.type !== 'boolean';

/**
 * The entries of empty values and those holding a value: `''` is encoded as the empty value, so
 * the empty entries are those up to `''`, the others those above it. Both are key ranges (`<`,
 * `>=`), not a prefix: DynamoDB Local reads a whole partition for a `begins_with` on U+0000.
 */
const EMPTY: KeyRange = { to: { value: '', inclusive: true } };
const PRESENT: KeyRange = { from: { value: '', inclusive: false } };

/**
 * The whole index in the key's order. Its keys hold empty values first, so it is read as one
 * range when the key puts them first ascending (or last descending, read backwards), and as
 * the entries with a value then the empty ones otherwise (reversed when read backwards): one
 * more Query, made ascending only if the page reaches the empty entries, and descending at once,
 * beside the empty entries' own (`readAhead`). A text starting with U+0000 shares the empty
 * values' key prefix and comes with them.
 */
const wholeIndex = (key: OrderKey): KeyRange[] => (key.nullsFirst !== key.desc ? [{}] : [PRESENT, EMPTY]);

function records(cond: Cond): AccessPath {
  return { kind: 'records', filter: pushdown(cond) };
}

/** The most selective access for a condition, or null when only reading the records can serve it. */
function choose(model: Model, cond: Cond): Choice | null {
  switch (cond.kind) {
    case 'in':
      return inChoice(model, cond);
    case 'range':
      return rangeChoice(model, cond.field, [cond]);
    case 'like':
      return likeChoice(model, cond);
    case 'or': {
      if (cond.children.length === 0) return { access: { kind: 'ids', ids: [] }, score: 0, covers: cond };
      const parts = cond.children.map((c) => choose(model, c));
      if (parts.some((p) => !p || p.access.kind === 'union')) return null;
      const flat = parts as Choice[];
      const access = { kind: 'union' as const, parts: flat.map((p) => p.access as IdsAccess | IndexAccess) };
      const exact = flat.every((p, i) => p.covers === cond.children[i]);
      return { access, score: 5, covers: exact ? cond : TRUE_COND };
    }
    case 'and': {
      const options = cond.children.map((c) => choose(model, c)).filter((c): c is Choice => c !== null);
      options.push(...mergedRanges(model, cond.children));
      if (options.length === 0) return null;
      const best = options.reduce((a, b) => (b.score < a.score ? b : a));
      const rest = cond.children.filter((c) => !covered(best.covers, c));
      return { ...best, covers: rest.length === 0 ? cond : best.covers };
    }
    default:
      return null;
  }
}

const covered = (covers: Cond, c: Cond): boolean => covers === c || (covers.kind === 'and' && covers.children.includes(c));

function inChoice(model: Model, leaf: InLeaf): Choice | null {
  if (leaf.negated) return null;
  if (leaf.field === 'id') {
    const ids = [...new Set(leaf.values.filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
    return { access: { kind: 'ids', ids }, score: 0, covers: leaf };
  }
  if (!model.indexed.includes(leaf.field) || leaf.values.length > MAX_INDEX_VALUES) return null;
  const ranges = leaf.values.map((v) => ({ eq: v }));
  return { access: { kind: 'index', field: leaf.field, ranges, check: leaf }, score: leaf.values.length === 1 && leaf.values[0] !== null ? 1 : 2, covers: leaf };
}

function likeChoice(model: Model, leaf: LikeLeaf): Choice | null {
  if (leaf.negated || leaf.insensitive || leaf.def.type !== 'char' || !model.indexed.includes(leaf.field)) return null;
  const { prefix, tail } = likePrefix(leaf.pattern);
  if (prefix === '') return null;
  const range: KeyRange = tail === 'none' ? { eq: prefix } : { prefix };
  return { access: { kind: 'index', field: leaf.field, ranges: [range], check: leaf }, score: tail === 'none' ? 1 : 3, covers: leaf };
}

/** One range from the bounds of several range leaves on one indexed field (`a >= 1 & a < 5`). */
function rangeChoice(model: Model, field: string, leaves: RangeLeaf[]): Choice | null {
  if (!model.indexed.includes(field)) return null;
  let from: Extract<KeyRange, { from?: unknown }>['from'];
  let to: Extract<KeyRange, { to?: unknown }>['to'];
  for (const leaf of leaves) {
    const bound = { value: leaf.value, inclusive: leaf.op === '>=' || leaf.op === '<=' };
    if (leaf.op === '>' || leaf.op === '>=') {
      const c = from ? compareScalars(bound.value, from.value) : 1;
      if (c > 0 || (c === 0 && !bound.inclusive)) from = bound;
    } else {
      const c = to ? compareScalars(bound.value, to.value) : -1;
      if (c < 0 || (c === 0 && !bound.inclusive)) to = bound;
    }
  }
  const covers = leaves.length === 1 ? leaves[0]! : condAnd(leaves);
  return { access: { kind: 'index', field, ranges: [{ from, to }], check: covers }, score: from && to ? 3 : 4, covers };
}

function mergedRanges(model: Model, children: readonly Cond[]): Choice[] {
  const byField = new Map<string, RangeLeaf[]>();
  for (const c of children) if (c.kind === 'range') byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  return [...byField.values()].filter((l) => l.length > 1).map((l) => rangeChoice(model, l[0]!.field, l)).filter((c): c is Choice => c !== null);
}
