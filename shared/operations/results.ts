import type { Model, StoredValues } from '../catalogue';
import { displayName, nameKey, renderValue } from '../render';
import { readRecords } from '../store';
import type { OperationContext } from './context';

/** A record to render: its id and values. */
export interface Row {
  id: number;
  values: StoredValues;
}

/**
 * Fields of records, rendered as search_data renders them (`result_field` of the write routes,
 * records a method returns). The display names of every many2one value of every row are read in
 * one round: one BatchGetItem per related model, however many rows.
 */
export async function renderRows(
  ctx: OperationContext,
  model: Model,
  rows: readonly Row[],
  fields: readonly string[],
): Promise<Record<string, unknown>[]> {
  const wanted = new Map<string, Set<number>>();
  for (const row of rows) {
    for (const name of fields) {
      const field = model.fields[name]!;
      const value = row.values[name];
      if (field.type === 'many2one' && typeof value === 'number') {
        wanted.set(field.comodel, (wanted.get(field.comodel) ?? new Set()).add(value));
      }
    }
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...wanted].map(async ([comodel, ids]) => {
      const related = ctx.catalogue.get(comodel)!;
      for (const [rid, state] of await readRecords(related, ids)) names.set(nameKey(comodel, rid), displayName(related, rid, state.values));
    }),
  );
  return rows.map(({ id, values }) => {
    const out: Record<string, unknown> = {};
    for (const name of fields) {
      if (name === 'id') out.id = id;
      else if (name === 'display_name') out.display_name = displayName(model, id, values);
      else out[name] = renderValue(model.fields[name]!, values[name], names);
    }
    return out;
  });
}

/** `renderRows` of one record. */
export async function renderResultFields(
  ctx: OperationContext,
  model: Model,
  id: number,
  values: StoredValues,
  fields: readonly string[],
): Promise<Record<string, unknown>> {
  return (await renderRows(ctx, model, [{ id, values }], fields))[0]!;
}
