import type { FieldDef, Model } from '../catalogue';

/**
 * One field as Odoo's `fields_get` describes it (odoo/fields.py `get_description`: `type`,
 * `string`, `required`, `readonly`, `store`, `sortable`, `searchable`, `relation`,
 * `relation_field`, `selection` as pairs, `digits`), plus what lookups and search_key need to
 * know: `index` (usable as a lookup field and in a search_key) and `unique`.
 */
export interface FieldDescription {
  name: string;
  type: FieldDef['type'];
  string: string;
  required: boolean;
  readonly: boolean;
  store: boolean;
  sortable: boolean;
  searchable: boolean;
  index: boolean;
  unique: boolean;
  relation?: string;
  relation_field?: string;
  selection?: [string, string][];
  digits?: [number, number];
}

/** Odoo's attribute names, in its order: what `attributes` may ask for. */
export const FIELD_ATTRIBUTES = [
  'name', 'type', 'string', 'required', 'readonly', 'store', 'sortable', 'searchable', 'index', 'unique',
  'relation', 'relation_field', 'selection', 'digits',
] as const satisfies readonly (keyof FieldDescription)[];

/** Precision Odoo reports for a float with decimal places (a PostgreSQL numeric's default). */
const FLOAT_PRECISION = 16;

export function describeField(model: Model, name: string): FieldDescription {
  const field = model.fields[name]!;
  const x2many = field.type === 'one2many' || field.type === 'many2many';
  const desc: FieldDescription = {
    name,
    type: field.type,
    string: field.label ?? defaultString(name),
    required: field.required === true,
    readonly: field.readonly === true,
    // The display name is the record name's, read from it: not a field of its own in the store.
    store: name !== 'display_name',
    sortable: !x2many && field.type !== 'binary',
    searchable: true,
    index: name === 'id' || field.index === true || field.unique === true,
    unique: name === 'id' || field.unique === true,
  };
  if (field.type === 'many2one' || x2many) desc.relation = field.comodel;
  if (field.type === 'one2many') desc.relation_field = field.inverse;
  if (field.type === 'selection') desc.selection = field.selection.map(([key, label]) => [key, label]);
  if (field.type === 'float' && field.digits !== undefined) desc.digits = [FLOAT_PRECISION, field.digits];
  return desc;
}

/**
 * Every field of a model, keyed by name, as `fields_get(allfields, attributes)` answers: only the
 * fields of `allfields` and the attributes of `attributes` when given.
 */
export function describeFields(
  model: Model,
  options: { allfields?: readonly string[]; attributes?: readonly string[] } = {},
): Record<string, Partial<FieldDescription>> {
  const names = options.allfields?.length ? options.allfields : Object.keys(model.fields);
  const out: Record<string, Partial<FieldDescription>> = {};
  for (const name of names) {
    const desc = describeField(model, name);
    out[name] = options.attributes?.length
      ? Object.fromEntries(Object.entries(desc).filter(([k]) => options.attributes!.includes(k)))
      : desc;
  }
  return out;
}

/** Odoo's label for a field without one: `partner_id` is "Partner", `order_line` "Order Line". */
function defaultString(name: string): string {
  const base = name.endsWith('_ids') ? name.slice(0, -4) : name.endsWith('_id') && name !== 'id' ? name.slice(0, -3) : name;
  return base.split('_').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
}
