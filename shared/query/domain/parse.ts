import { WebhookError } from '../../envelope';
import { domainError, type Where } from '../errors';
import { MAX_DOMAIN_DEPTH, MAX_DOMAIN_ELEMENTS, MAX_DOMAIN_LENGTH, MAX_DOMAIN_VALUES } from '../limits';
import { parseLiteral, type Lit, type Scalar } from './literal';

/**
 * Odoo domains as a typed tree: read from the Python-literal text callers send or from a JSON
 * array, and printed back as text. The tree is what the planner works on; nothing is evaluated.
 *
 *   "['|', ('a', '=', 1), '!', ('b', 'in', [2, 3]), ('c', 'ilike', 'x')]"
 *     and( or( a = 1, not( b in [2, 3] ) ), c ilike 'x' )
 *
 * `&` and `|` are n-ary here (nested ones are flattened) and a list of several elements is their
 * implicit `&`, as Odoo reads it. The empty `and` is true (`[]`, Odoo's `(1, '=', 1)`), the empty
 * `or` false (`(0, '=', 1)`).
 */
export type { Scalar } from './literal';

export const OPERATORS = [
  '=', '!=', '>', '>=', '<', '<=', '=?',
  'in', 'not in', 'like', 'not like', 'ilike', 'not ilike', '=like', '=ilike',
  'child_of', 'parent_of',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Old spellings Odoo still accepts. */
const ALIASES: ReadonlyMap<string, Operator> = new Map([
  ['<>', '!='],
  ['==', '='],
]);

/** Odoo's negations of operators (`!` is pushed into the term); the others keep their `!`. */
const NEGATION: Partial<Record<Operator, Operator>> = {
  '=': '!=', '!=': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>',
  in: 'not in', 'not in': 'in', like: 'not like', 'not like': 'like', ilike: 'not ilike', 'not ilike': 'ilike',
};

export type Value = Scalar | Scalar[];

export interface Term {
  kind: 'term';
  /** A field name or a dotted path (`partner_id.ref`). */
  field: string;
  operator: Operator;
  value: Value;
  /** Where the term's field is written, for messages about it. */
  at: Where;
}

export type Domain = Term | { kind: 'and'; children: Domain[] } | { kind: 'or'; children: Domain[] } | { kind: 'not'; child: Domain };

const TRUE: Domain = { kind: 'and', children: [] };
const FALSE: Domain = { kind: 'or', children: [] };

/** `&` of the parts, flattened; one part is itself. */
export const and = (parts: readonly Domain[]): Domain => junction('and', parts);
/** `|` of the parts, flattened; one part is itself. */
export const or = (parts: readonly Domain[]): Domain => junction('or', parts);

function junction(kind: 'and' | 'or', parts: readonly Domain[]): Domain {
  const children = parts.flatMap((p) => (p.kind === kind ? p.children : [p]));
  return children.length === 1 ? children[0]! : { kind, children };
}

/** `search_domain` as sent: a string, a JSON array, or nothing (every record). */
export function parseDomain(input: unknown): Domain {
  if (input === undefined || input === null) return TRUE;
  if (typeof input === 'string') {
    if (input.length > MAX_DOMAIN_LENGTH) {
      throw new WebhookError('LIMIT_EXCEEDED', `search_domain is longer than ${MAX_DOMAIN_LENGTH} characters`, { path: 'search_domain' });
    }
    if (input.trim() === '') return TRUE;
    return readDomain(parseLiteral(input), input);
  }
  if (Array.isArray(input)) return readDomain(fromJson(input, 'search_domain', 0));
  throw domainError('expected a list of terms (or its text)', 'search_domain');
}

function fromJson(value: unknown, at: string, depth: number): Lit {
  if (Array.isArray(value)) {
    if (depth >= MAX_DOMAIN_DEPTH) throw domainError(`lists nested more than ${MAX_DOMAIN_DEPTH} deep`, at);
    return { kind: 'list', items: value.map((v, i) => fromJson(v, `${at}[${i}]`, depth + 1)), at };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw domainError('number out of range', at);
    return { kind: 'scalar', value: value === 0 ? 0 : value, at };
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return { kind: 'scalar', value, at };
  throw domainError('unexpected object (a domain holds terms, strings, numbers, booleans, null and lists)', at);
}

/** Reads the elements of a domain in prefix order, adding Odoo's implicit `&` between the top ones. */
function readDomain(root: Lit, text?: string): Domain {
  const fail = (what: string, at: Where): never => {
    throw domainError(what, at, text);
  };
  if (root.kind !== 'list') fail('expected a list of terms', root.at);
  const items = (root as Extract<Lit, { kind: 'list' }>).items;
  if (items.length > MAX_DOMAIN_ELEMENTS) {
    throw new WebhookError('LIMIT_EXCEEDED', `search_domain has more than ${MAX_DOMAIN_ELEMENTS} terms and operators`, { path: 'search_domain' });
  }
  let values = 0;
  let i = 0;
  const next = (needer: Lit | null): Domain => {
    const item = items[i++];
    if (!item) {
      const op = needer?.kind === 'scalar' ? String(needer.value) : '';
      return fail(`'${op}' has too few terms after it (${op === '!' ? 1 : 2} needed)`, needer!.at);
    }
    if (item.kind === 'list') {
      const term = readTerm(item, fail);
      if (term.kind === 'term' && Array.isArray(term.value)) values += term.value.length;
      if (values > MAX_DOMAIN_VALUES) {
        throw new WebhookError('LIMIT_EXCEEDED', `search_domain holds more than ${MAX_DOMAIN_VALUES} values`, { path: 'search_domain' });
      }
      return term;
    }
    if (item.value === '!') return negate(next(item));
    if (item.value === '&') return and([next(item), next(item)]);
    if (item.value === '|') return or([next(item), next(item)]);
    return fail(`expected a term ('field', 'operator', value) or one of '&', '|', '!', found ${show(item.value)}`, item.at);
  };
  const parts: Domain[] = [];
  while (i < items.length) parts.push(next(null));
  return and(parts);
}

function readTerm(lit: Extract<Lit, { kind: 'list' }>, fail: (what: string, at: Where) => never): Domain {
  if (lit.items.length !== 3) fail(`a term has 3 parts ('field', 'operator', value), this one has ${lit.items.length}`, lit.at);
  const [left, op, right] = lit.items as [Lit, Lit, Lit];
  if (op.kind !== 'scalar' || typeof op.value !== 'string') return fail('the operator must be a string', op.at);
  const lower = op.value.toLowerCase();
  const operator = ALIASES.get(lower) ?? (OPERATORS as readonly string[]).find((o) => o === lower);
  if (!operator) return fail(`unknown operator ${show(op.value)} (one of ${OPERATORS.map((o) => `'${o}'`).join(', ')})`, op.at);
  const value = readValue(right, fail);
  if (left.kind === 'scalar' && (left.value === 1 || left.value === 0) && operator === '=' && value === 1) {
    return left.value === 1 ? TRUE : FALSE; // Odoo's TRUE_LEAF and FALSE_LEAF
  }
  if (left.kind !== 'scalar' || typeof left.value !== 'string' || left.value === '') {
    return fail('the field of a term must be a field name', left.at);
  }
  return { kind: 'term', field: left.value, operator: operator as Operator, value, at: left.at };
}

function readValue(lit: Lit, fail: (what: string, at: Where) => never): Value {
  if (lit.kind === 'scalar') return lit.value;
  return lit.items.map((item) =>
    item.kind === 'scalar' ? item.value : fail('a value list holds strings, numbers, True, False and None, not lists', item.at),
  );
}

const show = (v: Scalar): string => (typeof v === 'string' ? `'${v}'` : String(v));

/**
 * `!` of a domain, pushed down to the terms as Odoo does: `!(a = 1)` is `a != 1`, `!(A & B)` is
 * `!A | !B`. Terms whose operator has no negation (`=like`, `child_of`, ...) keep their `!`.
 */
export function negate(d: Domain): Domain {
  switch (d.kind) {
    case 'and':
      return or(d.children.map(negate));
    case 'or':
      return and(d.children.map(negate));
    case 'not':
      return d.child;
    case 'term': {
      const operator = NEGATION[d.operator];
      return operator ? { ...d, operator } : { kind: 'not', child: d };
    }
  }
}

/** The domain as Python-literal text, which parses back to the same tree. */
export function printDomain(d: Domain): string {
  if (d.kind === 'and') return `[${d.children.map(element).join(', ')}]`;
  return `[${element(d)}]`;
}

function element(d: Domain): string {
  switch (d.kind) {
    case 'term':
      return `(${printValue(d.field)}, ${printValue(d.operator)}, ${printValue(d.value)})`;
    case 'not':
      return `'!', ${element(d.child)}`;
    case 'and':
    case 'or': {
      if (d.children.length === 0) return d.kind === 'and' ? "(1, '=', 1)" : "(0, '=', 1)";
      const op = d.kind === 'and' ? "'&'" : "'|'";
      return [...Array<string>(d.children.length - 1).fill(op), ...d.children.map(element)].join(', ');
    }
  }
}

/** A value as a Python literal. */
export function printValue(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(printValue).join(', ')}]`;
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  // Whole numbers past 2^53 are written as floats: as integers they would not read back exactly.
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? v.toExponential() : String(v);
  let out = "'";
  for (const ch of v) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += `\\u${code.toString(16).padStart(4, '0')}`; // a lone surrogate
    else out += ch;
  }
  return `${out}'`;
}
