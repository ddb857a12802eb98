import type { Catalogue, FieldDef, Model } from '../../catalogue';
import { WebhookError } from '../../envelope';
import type { Access } from '../../auth/access';
import { findByValues, readRecords } from '../../store';
import { collect, withRecords, type Hit } from './collect';
import { FALSE_COND, condAnd, condNot, condOr, type Cond, type Query } from '../conditions/cond';
import { MAX_RELATED_IDS, MAX_TREE_DEPTH } from '../limits';
import { idKey } from '../order';
import { planSearch } from '../planner/plan';

/**
 * Answers the leaves that need searches of their own before the planner sees a condition: dotted
 * paths and names of related records (`sub`), `child_of` / `parent_of` (`tree`). Each becomes an
 * `in` leaf of ids. Sibling searches run at once, so a domain costs one round per level of path,
 * not one per term; a tree costs one round per generation.
 */

/** The catalogue searched, and what the caller may see of it. */
export interface SearchScope {
  catalogue: Catalogue;
  access: Access;
}

const ID_FIELD: FieldDef = { type: 'integer' };

export async function resolve(cond: Cond, scope: SearchScope): Promise<Cond> {
  switch (cond.kind) {
    case 'and':
      return condAnd(await Promise.all(cond.children.map((c) => resolve(c, scope))));
    case 'or':
      return condOr(await Promise.all(cond.children.map((c) => resolve(c, scope))));
    case 'not':
      return condNot(await resolve(cond.child, scope));
    case 'sub': {
      const { def } = cond;
      if (def.type === 'one2many') {
        // The records whose lines match are the lines' parents: read them off the lines.
        const lines = await findAll(cond.query, scope, cond.field, true);
        const parents = new Set(lines.map((h) => h.rec!.values[def.inverse]).filter((v): v is number => typeof v === 'number'));
        return anyOf('id', ID_FIELD, [...parents]);
      }
      const found = await findAll(cond.query, scope, cond.field, false);
      return anyOf(cond.field, def, found.map((h) => h.id));
    }
    case 'tree': {
      const roots = 'model' in cond.roots ? (await findAll(cond.roots, scope, cond.field, false)).map((h) => h.id) : cond.roots;
      const walk = cond.direction === 'child_of' ? descendants : ancestors;
      const ids = await walk(cond.model, cond.parent, roots);
      return anyOf(cond.field, cond.def, ids);
    }
    default:
      return cond;
  }
}

/** The field holds one of the ids: nothing at all when there are none, without reading anything. */
const anyOf = (field: string, def: FieldDef, ids: readonly number[]): Cond =>
  ids.length === 0 ? FALSE_COND : { kind: 'in', field, def, values: ids, negated: false };

/** Every record matching a query, in id order (at most MAX_RELATED_IDS). */
export async function findAll(q: Query, scope: SearchScope, label: string, withRecord: boolean): Promise<Hit[]> {
  const cond = await resolve(q.cond, scope);
  const order = [idKey(false, ID_FIELD)];
  const plan = planSearch(q.model, cond, order);
  const hits = await collect({ catalogue: scope.catalogue, model: q.model, cond, visibility: scope.access.visibility(q.model, q.activeTest), plan, order, stopAt: MAX_RELATED_IDS + 1, maxSorted: MAX_RELATED_IDS });
  if (hits.length > MAX_RELATED_IDS) throw tooManyRelated(label, q.model);
  return withRecord ? withRecords(q.model, hits) : hits;
}

function tooManyRelated(label: string, model: Model): WebhookError {
  return new WebhookError(
    'LIMIT_EXCEEDED',
    `search_domain: the condition on '${label}' matches more than ${MAX_RELATED_IDS} records of '${model.name}'; narrow it`,
    { path: 'search_domain', field: label, model: model.name, limit: MAX_RELATED_IDS },
  );
}

function tooDeep(operator: string, model: Model): WebhookError {
  return new WebhookError('LIMIT_EXCEEDED', `search_domain: '${operator}' goes more than ${MAX_TREE_DEPTH} generations deep in '${model.name}'`, {
    path: 'search_domain',
    model: model.name,
    limit: MAX_TREE_DEPTH,
  });
}

/** The roots and every record below them along `parent`: one round of index Queries per generation. */
async function descendants(model: Model, parent: string, roots: readonly number[]): Promise<number[]> {
  const all = new Set(roots);
  let frontier = [...all];
  for (let depth = 0; frontier.length > 0; depth++) {
    if (depth >= MAX_TREE_DEPTH) throw tooDeep('child_of', model);
    if (all.size > MAX_RELATED_IDS) throw tooManyRelated('child_of', model);
    const children = await findByValues(model, parent, frontier);
    frontier = [];
    for (const found of children.values()) for (const c of found) if (!all.has(c.id)) frontier.push(c.id), all.add(c.id);
  }
  return [...all];
}

/** The roots and every record above them along `parent`: one BatchGetItem round per generation. */
async function ancestors(model: Model, parent: string, roots: readonly number[]): Promise<number[]> {
  const all = new Set(roots);
  let frontier = [...all];
  for (let depth = 0; frontier.length > 0; depth++) {
    if (depth >= MAX_TREE_DEPTH) throw tooDeep('parent_of', model);
    const records = await readRecords(model, frontier);
    frontier = [];
    for (const rec of records.values()) {
      const above = rec.values[parent];
      if (typeof above === 'number' && !all.has(above)) frontier.push(above), all.add(above);
    }
  }
  return [...all];
}
