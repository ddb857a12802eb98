import type { Catalogue, StoredScalar } from '../catalogue';
import { WebhookError, isPlainObject } from '../envelope';

/**
 * The auto_create entry for a missing value: an object serves every value; in a list, the entry
 * naming that value, else the first entry that names no value of the lookup field (a template).
 */
export function pickTemplate(spec: unknown, by: string, value: StoredScalar): Record<string, unknown> | null {
  if (isPlainObject(spec)) return spec;
  if (!Array.isArray(spec)) return null;
  const entries = spec.filter(isPlainObject);
  return entries.find((e) => e[by] === value) ?? entries.find((e) => !(by in e)) ?? null;
}

/** Checks `vals.auto_create`: an object keyed by relational field names, of objects or lists of objects. */
export function readAutoCreate(raw: unknown, catalogue: Catalogue): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) throw new WebhookError('INVALID_VALUE', "'auto_create' must be an object keyed by field name", { path: 'auto_create' });
  const relational = new Set(
    [...catalogue.models.values()].flatMap((m) =>
      Object.entries(m.fields).filter(([, f]) => f.type === 'many2one' || f.type === 'many2many').map(([n]) => n),
    ),
  );
  for (const [field, spec] of Object.entries(raw)) {
    if (!relational.has(field)) {
      throw new WebhookError('UNKNOWN_FIELD', `'auto_create' names '${field}', which is not a many2one or many2many field`, { path: `auto_create.${field}` });
    }
    const ok = isPlainObject(spec) || (Array.isArray(spec) && spec.every(isPlainObject));
    if (!ok) throw new WebhookError('INVALID_VALUE', `'auto_create.${field}' must be an object or a list of objects`, { path: `auto_create.${field}` });
  }
  return raw;
}
