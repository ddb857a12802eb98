import type { Model, StoredScalar, StoredValue, StoredValues } from '../catalogue';
import type { RecordState } from '../plan';
import { guardKey, indexKey, recordKey, type Key } from './keys';

/** A record item's own attributes besides its fields. */
export const VERSION = '_v';
export const ATTACHMENT_IDS = '_att';

export type Item = Record<string, unknown>;

/** DynamoDB's item size limit (400 KB), with room for attribute encoding overhead. */
export const MAX_ITEM_BYTES = 400_000;

/** An item's size in bytes as JSON: a close upper estimate of DynamoDB's count. */
export function itemBytes(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item, (_k, v: unknown) => (v instanceof Set ? [...v] : v)), 'utf8');
}

const isX2many = (model: Model, field: string): boolean => {
  const type = model.fields[field]?.type;
  return type === 'one2many' || type === 'many2many';
};

/** A stored value as a DynamoDB attribute: ids lists become number sets, empty values vanish. */
export function toAttribute(value: StoredValue): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.length > 0 ? new Set(value) : undefined;
  return value;
}

export function toRecordItem(model: Model, id: number, values: StoredValues, version: number, attachments: number[]): Item {
  const item: Item = { ...recordKey(model, id), id, [VERSION]: version };
  for (const [name, value] of Object.entries(values)) {
    const attr = toAttribute(value);
    if (attr !== undefined) item[name] = attr;
  }
  if (attachments.length > 0) item[ATTACHMENT_IDS] = new Set(attachments);
  return item;
}

export function fromRecordItem(model: Model, item: Item): RecordState {
  const values: StoredValues = {};
  for (const [name, field] of Object.entries(model.fields)) {
    if (name === 'id' || name === 'display_name') continue;
    const raw = item[name];
    if (isX2many(model, name)) values[name] = idList(raw);
    else if (raw === undefined || raw === null) values[name] = (field.type === 'float' || field.type === 'integer') && field.aggregate ? 0 : null;
    else values[name] = raw as StoredScalar;
  }
  return {
    model: model.name,
    id: Number(item.id),
    values,
    version: Number(item[VERSION] ?? 0),
    attachments: idList(item[ATTACHMENT_IDS]),
  };
}

export function idList(raw: unknown): number[] {
  if (raw instanceof Set || Array.isArray(raw)) return [...raw].map(Number).sort((a, b) => a - b);
  return [];
}

/** An index entry or a unique guard: items that follow from a record's values. */
export interface DerivedItem {
  kind: 'index' | 'guard';
  field: string;
  value: StoredScalar | null;
  key: Key;
  item: Item;
}

/** The company a record belongs to, as index entries and guards carry it (null: shared). */
export const companyOf = (model: Model, values: StoredValues): number | null =>
  model.companyScoped && typeof values.company_id === 'number' ? values.company_id : null;

export const isActive = (values: StoredValues): boolean => values.active !== false;

/**
 * Index entries (one per indexed field, empty values included, so that `= False` is a query too)
 * and unique guards (one per unique field with a value) of a record, as writes keep them
 * (`model.maintained`). Each carries the record's id, company and active flag, so that lookups
 * need not read the record.
 */
export function derivedItems(model: Model, id: number, values: StoredValues): DerivedItem[] {
  const co = companyOf(model, values);
  const act = isActive(values);
  const out: DerivedItem[] = [];
  for (const field of model.maintained.indexes) {
    const value = (values[field] ?? null) as StoredScalar | null;
    const key = indexKey(model, field, value, id);
    const item: Item = { ...key, id, act };
    if (value !== null) item.v = value;
    if (co !== null) item.co = co;
    out.push({ kind: 'index', field, value, key, item });
    if (model.maintained.guards.includes(field) && value !== null && value !== '') {
      const gkey = guardKey(model, field, co, value);
      out.push({ kind: 'guard', field, value, key: gkey, item: { ...gkey, id, act } });
    }
  }
  return out;
}

export const keyString = (key: Key): string => `${key.pk}\u0001${key.sk}`;
