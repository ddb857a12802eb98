import type { FieldDef, Model, StoredValue, StoredValues } from '../catalogue';

/**
 * Values as Odoo renders them to callers: empty values as `false`, many2one as
 * `[id, "display name"]`, x2many as lists of ids, dates and datetimes as their stored text.
 */
export function renderValue(field: FieldDef, value: StoredValue | undefined, names: ReadonlyMap<string, string>): unknown {
  if (field.type === 'one2many' || field.type === 'many2many') return Array.isArray(value) ? [...value].sort((a, b) => a - b) : [];
  if (value === null || value === undefined) return field.type === 'integer' || field.type === 'float' ? (field.aggregate ? 0 : false) : false;
  if (field.type === 'many2one') return [value, names.get(nameKey(field.comodel, value as number)) ?? ''];
  return value;
}

/** The display name of a record: its `recName` field, else `model,id` as Odoo shows nameless records. */
export function displayName(model: Model, id: number, values: StoredValues): string {
  const name = values[model.recName];
  return typeof name === 'string' && name !== '' ? name : `${model.name},${id}`;
}

export const nameKey = (model: string, id: number): string => `${model},${id}`;
