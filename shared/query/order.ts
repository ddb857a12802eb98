import type { FieldDef, Model, StoredScalar, StoredValue } from '../catalogue';
import type { RecordState } from '../plan';
import { nameKey } from '../render';
import { orderError } from './errors';

/**
 * `order` of search_data: `"date_order desc, name nulls first"`. Records that tie on every key
 * come in id order, in the direction of the last key (`date_order desc` is `date_order desc, id
 * desc`), which is also the order of an index's entries read either way: so an index can serve an
 * order without a sort, and paging is stable.
 *
 * Values compare as DynamoDB compares keys: numbers by value, strings by UTF-8 bytes (code
 * points), false before true. Empty values sort as PostgreSQL sorts NULLs under Odoo: last
 * ascending, first descending, unless the key says `nulls first` / `nulls last`; an empty boolean
 * is false (Odoo orders by `COALESCE(field, FALSE)`).
 */
export interface OrderKey {
  field: string;
  desc: boolean;
  /** Empty values before the others, whichever the direction. */
  nullsFirst: boolean;
  def: FieldDef;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?$/i;

/** Reads an order (`null`/absent/blank: the model's default order) and adds the id tie-break. */
export function parseOrder(model: Model, raw: unknown): OrderKey[] {
  if (raw !== undefined && raw !== null && typeof raw !== 'string') {
    throw orderError('expected a string such as "date_order desc, name"', JSON.stringify(raw) ?? String(raw));
  }
  const text = typeof raw === 'string' && raw.trim() !== '' ? raw : model.order;
  const keys = text.split(',').map((part) => readKey(model, part.trim(), text));
  if (!keys.some((k) => k.field === 'id')) keys.push(idKey(keys[keys.length - 1]!.desc, model.fields.id!));
  return keys;
}

function readKey(model: Model, part: string, text: string): OrderKey {
  if (part === '') throw orderError('an empty key (a stray comma)', text);
  const m = KEY.exec(part);
  if (!m) throw orderError(`'${part}' is not a field name followed by asc or desc, then nulls first or nulls last`, text);
  const name = m[1]! === 'display_name' ? model.recName : m[1]!;
  const def = model.fields[name];
  if (!def) throw orderError(`unknown field '${m[1]}' on model '${model.name}'`, text);
  if (def.type === 'one2many' || def.type === 'many2many' || def.type === 'binary') {
    throw orderError(`records cannot be ordered by the ${def.type} field '${name}'`, text);
  }
  const desc = m[2]?.toLowerCase() === 'desc';
  return { field: name, desc, nullsFirst: m[3] ? m[3].toLowerCase() === 'first' : desc, def };
}

/** An order by id alone (never empty: where empty values go does not matter). */
export const idKey = (desc: boolean, def: FieldDef): OrderKey => ({ field: 'id', desc, nullsFirst: desc, def });

/** Code point order of two strings, which is the UTF-8 byte order DynamoDB sorts keys by. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts characters above U+FFFF (surrogates, D800-DFFF) below U+E000-U+FFFF; UTF-8 does not.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function compareScalars(a: StoredScalar, b: StoredScalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return rank(a) - rank(b);
}

const rank = (v: StoredScalar): number => (typeof v === 'boolean' ? 0 : typeof v === 'number' ? 1 : 2);

/** Two values in a key's order: its direction, empty values where the key puts them. */
function compareByKey(a: StoredScalar | null, b: StoredScalar | null, key: OrderKey): number {
  if (a === null || b === null) return a === b ? 0 : (a === null) === key.nullsFirst ? -1 : 1;
  const c = compareScalars(a, b);
  return key.desc ? -c : c;
}

/** Whether sorting by these keys needs the display names of related records (many2one keys). */
export const needsNames = (keys: readonly OrderKey[]): boolean => keys.some((k) => k.def.type === 'many2one');

/** A record's value for a key: a many2one sorts by the related record's display name. */
function sortValue(rec: RecordState, key: OrderKey, names: ReadonlyMap<string, string>): StoredScalar | null {
  const value: StoredValue = key.field === 'id' ? rec.id : (rec.values[key.field] ?? null);
  if (key.def.type === 'boolean') return value === true;
  // An empty string sorts with the empty values, as its index entries do.
  if (value === null || value === '' || Array.isArray(value)) return null;
  // A related record that is gone has no name: its value is empty, as Odoo's LEFT JOIN makes it.
  if (key.def.type === 'many2one') return names.get(nameKey(key.def.comodel, value as number)) ?? null;
  return value;
}

/** Sorts records by the keys (stable; `names` holds display names for many2one keys). */
export function sortRecords(records: RecordState[], keys: readonly OrderKey[], names: ReadonlyMap<string, string>): RecordState[] {
  const rows = records.map((rec) => ({ rec, values: keys.map((k) => sortValue(rec, k, names)) }));
  rows.sort((x, y) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareByKey(x.values[i]!, y.values[i]!, keys[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  return rows.map((r) => r.rec);
}
