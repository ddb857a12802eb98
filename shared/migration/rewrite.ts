import type { DefaultValue, FieldDef, Model, StoredScalar, StoredValues } from '../catalogue';
import type { Rewrite } from './plan';

/**
 * The values a rewrite step gives one stored record, or null when it has nothing to change:
 * - `convert`: a value that is not a value of the field's type goes through the declared
 *   conversion (a value that already is one, written since the deploy, is left as it is);
 * - `erase`: a retired field's value is removed;
 * - `fill`: a required field without a value gets the field's default.
 * `raw` is the stored item: a retired field is no field of the model, so only the item holds it.
 */
export function rewriteValues(model: Model, raw: Record<string, unknown>, rewrites: readonly Rewrite[], now: Date): StoredValues | null {
  const set: StoredValues = {};
  for (const { field, action } of rewrites) {
    const value = raw[field];
    if (action === 'erase') {
      if (value !== undefined) set[field] = null;
      continue;
    }
    const def = model.fields[field]!;
    if (action === 'convert' && value !== undefined && value !== null && !isValueOf(def, value) && def.convert) {
      set[field] = def.convert.value(value as StoredScalar);
    } else if (action === 'fill' && (value === undefined || value === null || value === '')) {
      const d = def.default as DefaultValue;
      set[field] = typeof d === 'function' ? d({ now }) : d;
    }
  }
  return Object.keys(set).length > 0 ? set : null;
}

/** Whether a stored value is a value of the field's type as the store keeps it. */
export function isValueOf(def: FieldDef, value: unknown): boolean {
  switch (def.type) {
    case 'char':
    case 'text':
    case 'binary':
      return typeof value === 'string';
    case 'selection':
      return typeof value === 'string' && def.selection.some(([key]) => key === value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'many2one':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
    case 'one2many':
    case 'many2many':
      return value instanceof Set || Array.isArray(value);
  }
}
