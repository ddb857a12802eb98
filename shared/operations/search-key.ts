import type { Catalogue, Model, StoredScalar } from '../catalogue';
import { parseValue } from '../catalogue/parse';
import { WebhookError, isPlainObject } from '../envelope';
import { canSee, seenOf, type Seen } from '../auth/visibility';
import type { RecordState } from '../plan';
import { checkIndexable, convertScalar, notIndexed, unknownField } from '../resolver';
import { findByValues, readRecords, type Candidate } from '../store';
import type { OperationContext } from './context';
import { MAX_MULTI, MAX_SEARCH_KEY_VALUES } from './limits';

/**
 * `vals.search_key`: `{"ref": "C001"}` (equality), `{"name": ["a", "b"]}` (in), dotted paths
 * through many2one fields (`{"partner_id.ref": "C001"}`), several keys meaning all of them.
 * Each path ends at `id` or an indexed field; `active` may be given to reach archived records.
 */
export interface SearchKeyCondition {
  /** The key as sent, for messages and the result. */
  key: string;
  /** Many2one fields to follow, from the model searched: `partner_id` of `partner_id.ref`. */
  through: { model: Model; field: string }[];
  /** The model and field the values are looked up in. */
  model: Model;
  field: string;
  values: StoredScalar[];
  /** Whether the key gave a single value (`=`), as opposed to a list (`in`). */
  single: boolean;
}

export interface SearchKey {
  raw: Record<string, unknown>;
  conditions: SearchKeyCondition[];
  /** `active` named in the search key: archived records are searched, with this value. */
  active: boolean | undefined;
}

export function readSearchKey(model: Model, raw: unknown, catalogue: Catalogue): SearchKey {
  if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
    throw new WebhookError('SEARCH_KEY_MISSING', "Parameter 'search_key' in 'vals' not found!");
  }
  let active: boolean | undefined;
  const conditions: SearchKeyCondition[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'active' && model.archivable) {
      if (typeof value !== 'boolean') throw new WebhookError('INVALID_VALUE', "'search_key.active' must be true or false", { path: 'search_key.active' });
      active = value;
      continue;
    }
    conditions.push(readCondition(model, key, value, catalogue));
  }
  if (conditions.length === 0) {
    throw new WebhookError('SEARCH_KEY_MISSING', "Parameter 'search_key' in 'vals' needs at least one indexed field besides 'active'");
  }
  return { raw, conditions, active };
}

function readCondition(root: Model, key: string, value: unknown, catalogue: Catalogue): SearchKeyCondition {
  const path = `search_key.${key}`;
  const parts = key.split('.');
  const through: SearchKeyCondition['through'] = [];
  let model = root;
  for (const part of parts.slice(0, -1)) {
    const field = model.fields[part];
    if (!field) throw unknownField(model, part, path);
    if (field.type !== 'many2one') {
      throw new WebhookError('INVALID_VALUE', `'${key}': '${part}' is not a many2one field, a search_key path can only follow many2one fields`, { path });
    }
    if (!model.indexed.includes(part)) throw notIndexed(model, part, path);
    through.push({ model, field: part });
    model = catalogue.get(field.comodel)!;
  }
  const name = parts[parts.length - 1]!;
  const field = model.fields[name];
  if (!field) throw unknownField(model, name, path);
  if (name !== 'id' && !model.indexed.includes(name)) throw notIndexed(model, name, path);
  const single = !Array.isArray(value);
  const list = single ? [value] : (value as unknown[]);
  if (list.length === 0) throw new WebhookError('INVALID_VALUE', `'search_key.${key}' is an empty list`, { path });
  if (list.length > MAX_SEARCH_KEY_VALUES) {
    throw new WebhookError('LIMIT_EXCEEDED', `'search_key.${key}' lists more than ${MAX_SEARCH_KEY_VALUES} values`, { path, limit: MAX_SEARCH_KEY_VALUES });
  }
  const values = list.map((v) => {
    // An id or a many2one is a record id; any other value says what its field expected.
    const byId = name === 'id' || field.type === 'many2one';
    const parsed = byId ? parseValue(field, v) : null;
    const converted = parsed ? (parsed.ok ? parsed.value : null) : convertScalar(field, name, v, path);
    if (converted === null) throw new WebhookError('INVALID_VALUE', `Invalid value for '${key}' in search_key: ${JSON.stringify(v)}`, { path });
    checkIndexable(key, converted, path);
    return converted;
  });
  return { key, through, model, field: name, values, single };
}


/**
 * The records the search key selects, among those the caller may see, in id order, with their
 * companies (from the index entries): one round of index Queries per step of the longest dotted
 * path (one round for plain keys).
 */
export async function findBySearchKey(ctx: OperationContext, model: Model, searchKey: SearchKey): Promise<Seen[]> {
  for (const cond of searchKey.conditions) {
    for (const m of [cond.model, ...cond.through.map((t) => t.model)]) {
      if (!ctx.access.mayUseModel(m.name)) {
        throw new WebhookError('FORBIDDEN', `search_key '${cond.key}' reads '${m.name}', a model this caller may not use`, { model: m.name });
      }
    }
  }
  const keeper = (m: Model, active: boolean | undefined) => {
    const visibility = ctx.access.visibility(m, active === undefined);
    return (c: Candidate) => (active === undefined || c.active === active) && canSee(visibility, c);
  };
  const sets = await Promise.all(
    searchKey.conditions.map(async (cond) => {
      // Innermost first: `partner_id.ref` finds the partners, then the records pointing at them.
      let values: StoredScalar[] = cond.values;
      let current = cond.model;
      let field = cond.field;
      for (let step = cond.through.length; ; step--) {
        const found = await findByValues(current, field, values);
        const isRoot = step === 0;
        const kept = [...found.values()].flat().filter(keeper(current, isRoot ? searchKey.active : undefined));
        if (isRoot) return new Map(kept.map((c) => [c.id, c]));
        const ids = kept.map((c) => c.id);
        if (ids.length === 0) return new Map<number, Candidate>();
        const hop = cond.through[step - 1]!;
        current = hop.model;
        field = hop.field;
        values = [...new Set(ids)];
      }
    }),
  );
  const [first, ...rest] = sets;
  return [...first!.values()].filter((c) => rest.every((s) => s.has(c.id))).sort((a, b) => a.id - b.id);
}

/** The equality values of a search key, as payload values to merge into a created record. */
export function searchKeyPayload(searchKey: SearchKey): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const cond of searchKey.conditions) {
    if (!cond.single) continue;
    const value = cond.values[0]!;
    if (cond.through.length === 0 && cond.field !== 'id') payload[cond.field] = value;
    else if (cond.through.length === 1) payload[cond.through[0]!.field] = { [cond.field]: value };
  }
  if (searchKey.active !== undefined) payload.active = searchKey.active;
  return payload;
}

export function describeSearchKey(searchKey: SearchKey): string {
  return JSON.stringify(searchKey.raw);
}

const MULTI_HINT = 'send "multi": true to change them all';

/**
 * The stored records a search key selects: one, or with `multi` several; none is NOT_FOUND.
 * A key of ids reads the records at once; any other finds them through the indexes first.
 */
export async function findRecords(
  ctx: OperationContext,
  model: Model,
  searchKey: SearchKey,
  multi: boolean,
  hint = MULTI_HINT,
): Promise<RecordState[]> {
  const [first, ...others] = searchKey.conditions;
  if (first && others.length === 0 && first.field === 'id' && first.through.length === 0) {
    const { active } = searchKey;
    const visibility = ctx.access.visibility(model, active === undefined);
    const states = await readRecords(model, first.values as number[]);
    const records = [...states.values()]
      .filter((r) => (active === undefined || (r.values.active !== false) === active) && canSee(visibility, seenOf(model, r)))
      .sort((a, b) => a.id - b.id);
    checkMatches(model, records.map((r) => seenOf(model, r)), searchKey, multi, hint);
    return records;
  }
  const found = await findBySearchKey(ctx, model, searchKey);
  checkMatches(model, found, searchKey, multi, hint);
  const states = await readRecords(model, found.map((c) => c.id));
  const records = found.map((c) => states.get(c.id)).filter((r): r is RecordState => r !== undefined);
  checkMatches(model, records.map((r) => seenOf(model, r)), searchKey, multi, hint);
  return records;
}

function checkMatches(model: Model, matches: readonly Seen[], searchKey: SearchKey, multi: boolean, hint: string): void {
  const key = describeSearchKey(searchKey);
  const ids = matches.map((m) => m.id);
  if (ids.length === 0) throw new WebhookError('NOT_FOUND', `Record not found: search_key ${key} found no match.`, { search_key: searchKey.raw });
  if (ids.length > 1 && !multi) throw ambiguousKey(model, matches, searchKey, hint);
  if (ids.length > MAX_MULTI) {
    throw new WebhookError('LIMIT_EXCEEDED', `search_key ${key} matched ${ids.length} records; one request changes at most ${MAX_MULTI}`, {
      limit: MAX_MULTI,
    });
  }
}

/**
 * More than one match without `multi`. When the matches lie in several companies, `multi` would
 * change every company's record: the message says so, and first suggests naming the company.
 */
function ambiguousKey(model: Model, matches: readonly Seen[], searchKey: SearchKey, hint: string): WebhookError {
  const key = describeSearchKey(searchKey);
  const companies = model.companyScoped ? [...new Set(matches.map((m) => m.company))].sort((a, b) => (a ?? 0) - (b ?? 0)) : [];
  const details = { search_key: searchKey.raw, count: matches.length };
  if (companies.length < 2 || Object.hasOwn(searchKey.raw, 'company_id')) {
    return new WebhookError('AMBIGUOUS', `search_key ${key} matched more than 1 record (${matches.length}); ${hint}`, details);
  }
  const named = companies.map((c) => (c === null ? 'shared (no company)' : String(c))).join(', ');
  return new WebhookError(
    'AMBIGUOUS',
    `search_key ${key} matched more than 1 record (${matches.length}), in several companies (${named}): ` +
      `add "company_id" to the search_key to choose one company's record; ` +
      (hint === MULTI_HINT ? '"multi": true would change the records of every company' : hint),
    { ...details, companies },
  );
}
