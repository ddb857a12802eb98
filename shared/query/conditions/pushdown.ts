import type { StoredScalar } from '../../catalogue';
import { MAX_IN_OPERANDS, canCarry, type Filter } from '../../store';
import { isX2many, likePrefix, type Cond, type InLeaf, type LikeLeaf } from './cond';

/**
 * The part of a condition DynamoDB can check while it reads a model's records (a FilterExpression),
 * so that fewer records travel: `=`, `!=`, `in`, `not in`, ranges, a case-sensitive `like` as
 * `contains`, `=like 'abc%'` as `begins_with`, an x2many holding an id as `contains` on its set.
 *
 * The filter never drops a record that matches: an `&` keeps the parts that can be checked, an
 * `|` is kept only when all its branches are, and `!`, case-insensitive matching and numbers
 * DynamoDB cannot carry stay in memory, where the whole condition is checked again anyway.
 */

/** Values sent to DynamoDB at most, to stay well under its 4 KB expression limit. */
const MAX_OPERANDS = 200;

export function pushdown(cond: Cond): Filter | null {
  return push(cond, { operands: MAX_OPERANDS });
}

function push(cond: Cond, budget: { operands: number }): Filter | null {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.children.map((c) => push(c, budget)).filter((f): f is Filter => f !== null);
      return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { and: parts };
    }
    case 'or': {
      if (cond.children.length === 0) return null;
      const parts = cond.children.map((c) => push(c, budget));
      return parts.every((p) => p !== null) ? { or: parts as Filter[] } : null;
    }
    case 'in':
    case 'range':
    case 'like': {
      const cost = cond.kind === 'in' ? Math.max(1, cond.values.length) : 1;
      // A number DynamoDB cannot take was never stored either: the leaf is checked in memory alone.
      const values = cond.kind === 'in' ? cond.values : cond.kind === 'range' ? [cond.value] : [];
      if (cost > budget.operands || !values.every((v) => v === null || canCarry(v))) return null;
      const f = cond.kind === 'in' ? pushIn(cond) : cond.kind === 'like' ? pushLike(cond) : { attr: cond.field, cmp: cond.op, value: cond.value };
      if (f) budget.operands -= cost;
      return f;
    }
    default:
      return null;
  }
}

function pushIn(leaf: InLeaf): Filter | null {
  const values = leaf.values.filter((v): v is StoredScalar => v !== null);
  const empty = values.length < leaf.values.length;
  const attr = leaf.field;
  if (isX2many(leaf.def)) {
    if (leaf.negated || values.length > 10) return null;
    const parts: Filter[] = values.map((v) => ({ attr, contains: v }));
    if (empty) parts.push({ attr, exists: false });
    return parts.length === 1 ? parts[0]! : { or: parts };
  }
  if (values.length >= MAX_IN_OPERANDS) return null;
  if (leaf.negated) {
    // None of the values, or empty unless empty is one of them; said without NOT.
    const differs: Filter[] = values.map((value) => ({ attr, cmp: '<>', value }));
    if (empty) return differs.length === 0 ? { attr, exists: true } : { and: [{ attr, exists: true }, ...differs] };
    if (differs.length === 0) return null;
    return { or: [{ attr, exists: false }, differs.length === 1 ? differs[0]! : { and: differs }] };
  }
  const parts: Filter[] = [];
  if (values.length === 1) parts.push({ attr, cmp: '=', value: values[0]! });
  else if (values.length > 1) parts.push({ attr, in: values });
  if (empty) parts.push({ attr, exists: false });
  return parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { or: parts };
}

/** Text fields only: DynamoDB's contains and begins_with do not read numbers as text. */
function pushLike(leaf: LikeLeaf): Filter | null {
  const text = ['char', 'text', 'selection', 'date', 'datetime'].includes(leaf.def.type);
  if (leaf.negated || leaf.insensitive || !text) return null;
  if (leaf.pattern.startsWith('%') && leaf.pattern.endsWith('%') && leaf.pattern.length > 2) {
    const inner = leaf.pattern.slice(1, -1);
    if (!/[%_\\]/.test(inner)) return { attr: leaf.field, contains: inner };
  }
  const { prefix } = likePrefix(leaf.pattern);
  return prefix === '' ? null : { attr: leaf.field, beginsWith: prefix };
}
