import type { Model, StoredValues } from '../catalogue';
import { WebhookError } from '../envelope';
import { afterUpdate } from '../plan';
import { readSearchFields, renderRecords, type Projection } from '../query';
import { requireModel } from './common';
import type { OperationContext } from './context';
import { MAX_ANSWER_BYTES } from './limits';
import type { Written } from './write';

/** A record to render: its id and values. */
export interface Row {
  id: number;
  values: StoredValues;
}

/**
 * `vals.result_field`: field names, `"field{a, b}"` expanding a relation as search_data's
 * `search_field` does; absent or empty: none. Checked before anything is read or written. File
 * contents (binary fields) are search_data's to return; a key limited to some models expands no
 * other (FORBIDDEN), as in search_data.
 */
export function readResultFields(ctx: OperationContext, model: Model, raw: unknown): Projection | null {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return null;
  const projection = readSearchFields(model, raw, ctx.catalogue, 'result_field');
  const check = (p: Projection, path: string): void => {
    requireModel(ctx, p.model.name);
    for (const spec of p.fields) {
      const at = `${path}.${spec.name}`;
      if (spec.def.type === 'binary') throw new WebhookError('INVALID_VALUE', `'${spec.name}' holds file contents, returned by search_data only`, { path: at });
      if (spec.expand) check(spec.expand, at);
    }
  };
  check(projection, 'result_field');
  return projection;
}

/** The field names of a result_field, as keys of the answer. */
export const resultKeys = (projection: Projection | null): string[] => projection?.fields.map((f) => f.name) ?? [];

/**
 * Records rendered as search_data renders them, `id` first (`result_field` of the write routes,
 * records a method returns), with the same code: each level of related records is one round of
 * reads for every row at once. Without a projection, nothing is read and each row is its id.
 */
export async function renderResult(ctx: OperationContext, projection: Projection | null, rows: readonly Row[]): Promise<Record<string, unknown>[]> {
  if (!projection) return rows.map(({ id }) => ({ id }));
  const records = rows.map(({ id, values }) => ({ model: projection.model.name, id, values, version: 0, attachments: [] }));
  return renderRecords(ctx, projection, records, MAX_ANSWER_BYTES);
}

/**
 * The records a write is about, as it leaves them: created ones as planned, updated ones as read
 * plus this request's changes (set values, linked and unlinked lines, incremented sums). Computed
 * from the plan rather than read back after the commit, which would cost a round; a concurrent
 * request's own lines or amounts, added atomically to the same records meanwhile, are not in it.
 */
export function rootsAfter(written: Written): Row[] {
  const ops = new Map(written.plan.list().map((op) => [`${op.model.name},${op.id}`, op]));
  return written.roots.map((root) => {
    const op = ops.get(`${root.node.model.name},${root.id}`);
    const values =
      op?.kind === 'create' ? op.values : op?.kind === 'update' && root.existing ? afterUpdate(op, root.existing).values : (root.existing?.values ?? {});
    return { id: root.id!, values };
  });
}
