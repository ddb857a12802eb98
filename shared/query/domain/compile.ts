import type { Catalogue, FieldDef, Model, StoredScalar } from '../../catalogue';
import { isRecordId, parseValue } from '../../catalogue/parse';
import { indexBuilding, valueMismatch } from '../../resolver';
import { fitsIndex } from '../../store';
import { FALSE_COND, TRUE_COND, condAnd, condNot, condOr, isRelational, isX2many, type Cond, type Leaf, type Query } from '../conditions/cond';
import type { Domain, Operator, Scalar, Term, Value } from './parse';
import { domainError } from '../errors';
import { MAX_PATH_LENGTH } from '../limits';

/**
 * Checks a domain against the catalogue and turns it into a condition (conditions/cond.ts), keeping Odoo's
 * meanings: `!=` and `not in` match empty values, `=?` with False is no condition, a many2one or
 * x2many compared with text compares the related record's name, a dotted path is a search of the
 * related model, `child_of` / `parent_of` follow parent_id.
 */

const NEGATIVE: Partial<Record<Operator, Operator>> = { '!=': '=', 'not in': 'in', 'not like': 'like', 'not ilike': 'ilike' };
const LIKE: Partial<Record<Operator, { insensitive: boolean; anchored: boolean; negated: boolean }>> = {
  like: { insensitive: false, anchored: false, negated: false },
  'not like': { insensitive: false, anchored: false, negated: true },
  ilike: { insensitive: true, anchored: false, negated: false },
  'not ilike': { insensitive: true, anchored: false, negated: true },
  '=like': { insensitive: false, anchored: true, negated: false },
  '=ilike': { insensitive: true, anchored: true, negated: false },
};

export function compileQuery(model: Model, domain: Domain, catalogue: Catalogue): Query {
  return { model, cond: compile(model, domain, catalogue), activeTest: model.archivable && !namesActive(domain) };
}

/** Whether the domain has a term on `active` itself (not through a path). */
function namesActive(d: Domain): boolean {
  if (d.kind === 'term') return d.field === 'active';
  if (d.kind === 'not') return namesActive(d.child);
  return d.children.some(namesActive);
}

export function compile(model: Model, d: Domain, catalogue: Catalogue): Cond {
  switch (d.kind) {
    case 'and':
      return condAnd(d.children.map((c) => compile(model, c, catalogue)));
    case 'or':
      return condOr(d.children.map((c) => compile(model, c, catalogue)));
    case 'not':
      return condNot(compile(model, d.child, catalogue));
    case 'term':
      return compileTerm(model, d, catalogue);
  }
}

function compileTerm(model: Model, t: Term, catalogue: Catalogue): Cond {
  const fail = (what: string): never => {
    throw domainError(what, t.at);
  };
  const path = t.field.split('.');
  if (path.length > MAX_PATH_LENGTH) fail(`the path '${t.field}' goes through more than ${MAX_PATH_LENGTH} fields`);
  const head = path[0]!;
  const name = head === 'display_name' ? model.recName : head;
  const def = Object.hasOwn(model.fields, name) ? model.fields[name]! : fail(`unknown field '${head}' on model '${model.name}'`);
  if (path.length > 1) {
    if (!isRelational(def)) return fail(`'${head}' of '${model.name}' is not a relation, so '${t.field}' cannot go through it`);
    const comodel = catalogue.get(def.comodel)!;
    const rest = { ...t, field: path.slice(1).join('.') };
    // As in Odoo: a many2one path also finds archived related records, an x2many path does not.
    const activeTest = def.type !== 'many2one' && comodel.archivable && path[1] !== 'active';
    return { kind: 'sub', field: name, def, query: { model: comodel, cond: compileTerm(comodel, rest, catalogue), activeTest } };
  }
  if (def.type === 'binary') fail(`the binary field '${name}' cannot be searched`);
  return compileLeaf(model, name, def, t, catalogue, fail);
}

function compileLeaf(model: Model, name: string, def: FieldDef, t: Term, catalogue: Catalogue, fail: (what: string) => never): Cond {
  const { operator, value } = t;
  const relational = isRelational(def);
  if (operator === 'child_of' || operator === 'parent_of') return treeLeaf(model, name, def, t, catalogue, fail);
  if (operator === '=?') {
    return value === null || value === false ? TRUE_COND : compileLeaf(model, name, def, { ...t, operator: '=' }, catalogue, fail);
  }
  const like = LIKE[operator];
  if (like && (value === '' || value === false || value === null)) return emptyPattern(model, name, def, t, catalogue, fail);
  if (isRelational(def) && isText(value)) {
    // `partner_id ilike 'azure'`: a search of the related records by name, as Odoo's name_search;
    // through a many2one archived related records are found too, through an x2many not (Odoo).
    const positive = NEGATIVE[operator] ?? operator;
    if (!['=', 'in', 'like', 'ilike', '=like', '=ilike'].includes(positive)) fail(`'${operator}' cannot compare '${name}' with text`);
    const comodel = catalogue.get(def.comodel)!;
    const byName: Term = { ...t, field: comodel.recName, operator: positive };
    const activeTest = def.type !== 'many2one' && comodel.archivable;
    const sub: Cond = { kind: 'sub', field: name, def, query: { model: comodel, cond: compileTerm(comodel, byName, catalogue), activeTest } };
    return positive === operator ? sub : condNot(sub);
  }
  if (like) {
    if (typeof value !== 'string' && typeof value !== 'number') fail(`'${operator}' needs a text to match, found ${show(value)}`);
    if (relational) fail(`'${operator}' on the ${def.type} '${name}' needs a text (the related record's name)`);
    const text = String(value);
    return { kind: 'like', field: name, def, pattern: like.anchored ? text : `%${text}%`, insensitive: like.insensitive, negated: like.negated };
  }
  if (operator === '<' || operator === '<=' || operator === '>' || operator === '>=') {
    if (isX2many(def)) fail(`'${operator}' cannot compare the ${def.type} '${name}'`);
    if (value === null || value === false || Array.isArray(value)) fail(`'${operator}' needs a value to compare with, found ${show(value)}`);
    const bound = stored(def, name, value, fail)!;
    // A date alone is its midnight, but for `>` and `<=` its last second: the whole day counts (Odoo).
    const wholeDay = def.type === 'datetime' && isDay(value) && (operator === '>' || operator === '<=');
    return { kind: 'range', field: name, def, op: operator, value: wholeDay ? `${value} 23:59:59` : bound };
  }
  // = != in, not in
  const negated = operator === '!=' || operator === 'not in';
  const list = Array.isArray(value) ? value : [value];
  if ((operator === 'in' || operator === 'not in') && value === null) fail(`'${operator}' needs a list of values, found None`);
  // A text longer than an index entry holds is never the value of an indexed field (writes refuse it).
  const values = list.map((v) => stored(def, name, v, fail)).filter((v) => !model.indexed.includes(name) || fitsIndex(v));
  if (def.type === 'boolean' && values.includes(false)) values.push(null); // False also matches empty booleans
  if (values.length === 0) return negated ? TRUE_COND : FALSE_COND;
  if (def.type !== 'one2many') return { kind: 'in', field: name, def, values, negated };
  const leaf = one2manyLeaf(name, def, values, catalogue.get(def.comodel)!);
  return negated ? condNot(leaf) : leaf;
}

/**
 * A like operator with an empty pattern (`''`, `False`, `None`), as Odoo reads it: `like` and
 * `ilike` match every record, their negations none; on a relation, where the pattern stands for a
 * related name, `like` means it is set and `not like` that it is empty; `=like` and `=ilike` match
 * the empty value (and an empty text).
 */
function emptyPattern(model: Model, name: string, def: FieldDef, t: Term, catalogue: Catalogue, fail: (what: string) => never): Cond {
  const { negated, anchored, insensitive } = LIKE[t.operator]!;
  const matches = negated === anchored;
  if (!isRelational(def) && !anchored) return matches ? TRUE_COND : FALSE_COND;
  const set = compileLeaf(model, name, def, { ...t, operator: matches ? '!=' : '=', value: false }, catalogue, fail);
  if (isRelational(def)) return set;
  return condOr([set, { kind: 'like', field: name, def, pattern: '', insensitive, negated: false }]);
}

/** `order_line in [5, 6]`: the records whose lines 5 or 6 are, found through the lines' inverse field. */
function one2manyLeaf(name: string, def: FieldDef, values: (StoredScalar | null)[], comodel: Model): Cond {
  const ids = values.filter((v): v is number => v !== null);
  const parts: Cond[] = [];
  if (ids.length > 0) {
    const byId: Cond = { kind: 'in', field: 'id', def: comodel.fields.id!, values: ids, negated: false };
    parts.push({ kind: 'sub', field: name, def, query: { model: comodel, cond: byId, activeTest: false } });
  }
  if (values.includes(null)) parts.push({ kind: 'in', field: name, def, values: [null], negated: false });
  return condOr(parts);
}

/**
 * `child_of` / `parent_of`, as Odoo reads them: on `id`, the tree along the model's parent_id; on
 * a many2one to the same model, the tree along that field, and the records of the tree themselves
 * match (`('parent_id', 'child_of', 7)` is 7 and everything below it); on a many2one to another
 * model, the tree along that model's parent_id, and the records pointing into it match. Names
 * stand for the records whose display name is one of them (archived ones too through a many2one).
 */
function treeLeaf(model: Model, name: string, def: FieldDef, t: Term, catalogue: Catalogue, fail: (what: string) => never): Leaf {
  if (name !== 'id' && def.type !== 'many2one') return fail(`'${t.operator}' applies to 'id' or a many2one, not to '${name}'`);
  const tree = def.type === 'many2one' ? catalogue.get(def.comodel)! : model;
  const itself = def.type === 'many2one' && tree === model;
  const parent = itself ? name : 'parent_id';
  const parentDef = tree.fields[parent];
  if (parentDef?.type !== 'many2one' || parentDef.comodel !== tree.name) fail(`'${t.operator}' needs a parent_id on '${tree.name}'`);
  if (t.operator === 'child_of' && tree.building.includes(parent)) throw indexBuilding(tree, parent, `${name} child_of`);
  if (t.operator === 'child_of' && !tree.indexed.includes(parent)) fail(`'child_of' needs an indexed ${parent} on '${tree.name}'`);
  const list = Array.isArray(t.value) ? t.value : [t.value];
  let roots: readonly number[] | Query;
  if (list.length > 0 && list.every(isText)) {
    const names: Term = { ...t, field: tree.recName, operator: 'in', value: list };
    roots = { model: tree, cond: compileTerm(tree, names, catalogue), activeTest: def.type !== 'many2one' && tree.archivable };
  } else {
    roots = list.map((v) => (isRecordId(v) ? v : fail(`'${t.operator}' needs record ids or names, found ${show(v)}`)));
  }
  const field = itself ? 'id' : name;
  return { kind: 'tree', field, def: model.fields[field]!, direction: t.operator as 'child_of' | 'parent_of', model: tree, parent, roots };
}

const isDay = (v: Value): boolean => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

const isText = (v: Value): boolean => typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));

const show = (v: Value): string => JSON.stringify(v);

/** A domain value in the field's stored form (false and None: empty, except False of a boolean). */
function stored(def: FieldDef, name: string, value: Scalar, fail: (what: string) => never): StoredScalar | null {
  if (value === null || (value === false && def.type !== 'boolean')) return null;
  switch (def.type) {
    case 'integer':
    case 'float':
      return typeof value === 'number' ? value : fail(`invalid value for '${name}': ${show(value)} (expected a number)`);
    case 'many2one':
    case 'one2many':
    case 'many2many': {
      const parsed = parseValue(def, value);
      return parsed.ok ? parsed.value : fail(`invalid value for '${name}': ${show(value)} (expected ${parsed.expected})`);
    }
    case 'datetime': {
      // A date alone means its midnight, as the database reads it.
      if (isDay(value)) return `${parseOrFail({ ...def, type: 'date' }, name, value, fail)} 00:00:00`;
      const parsed = parseValue(def, value);
      return parsed.ok ? parsed.value : fail(`invalid value for '${name}': ${show(value)} (expected a datetime)`);
    }
    default:
      return parseOrFail(def, name, value, fail);
  }
}

function parseOrFail(def: FieldDef, name: string, value: Scalar, fail: (what: string) => never): StoredScalar | null {
  const parsed = parseValue(def, value);
  return parsed.ok ? parsed.value : fail(`invalid ${valueMismatch(name, parsed)}`);
}
