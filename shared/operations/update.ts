import { readAutoCreate, readPayload } from '../resolver';
import type { Projection } from '../query';
import { readFlag, requireModel, withRetries } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { dryRunOutcome } from './dry-run';
import { readResultFields, renderResult, resultKeys, rootsAfter } from './results';
import { findRecords, readSearchKey, type SearchKey } from './search-key';
import { writePayload, type Written } from './write';

/**
 * `/api/update_data`: the record the search_key selects (exactly one, or several with `multi`)
 * gets the payload: fields set, many2many `add`/`replace`, one2many `replace` (old lines deleted
 * with their own lines and attachments) or `add`; one2many fields left out keep their lines.
 */
export async function updateData(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const { model, searchKey, multi, resultFields, autoCreate, node } = readUpdateVals(params, ctx);
  return withRetries(ctx, async () => {
    const records = await findRecords(ctx, model, searchKey, multi);
    const written = await writePayload(ctx, model, node, records, { autoCreate });
    if (ctx.dryRun) return dryRunOutcome(written);
    return {
      result: await updateResult(ctx, written, searchKey, resultFields, multi),
      messages: 'Record updated successfully',
      resIds: records.map((r) => r.id),
    };
  });
}

/** The `vals` of the routes that find records by search_key, checked before anything is read. */
export function readUpdateVals(params: RouteParams, ctx: OperationContext) {
  const model = requireModel(ctx, params.model);
  return {
    model,
    searchKey: readSearchKey(model, params.vals.search_key, ctx.catalogue),
    multi: readFlag(params.vals.multi, 'multi'),
    resultFields: readResultFields(ctx, model, params.vals.result_field),
    autoCreate: readAutoCreate(params.vals.auto_create, ctx.catalogue),
    node: readPayload(model, params.vals.payload, { catalogue: ctx.catalogue, mode: 'update' }),
  };
}

/**
 * `{"id": <id>, ...search_key as sent, ...result_field}`; with `multi`, `"id"` lists the ids and
 * each result_field is a list in the same order. `id` is always what was updated, also when the
 * search_key names `id` (its other values found nothing, or nothing the caller may see).
 */
export async function updateResult(
  ctx: OperationContext,
  written: Written,
  searchKey: SearchKey,
  resultFields: Projection | null,
  multi: boolean,
): Promise<Record<string, unknown>> {
  const rendered = await renderResult(ctx, resultFields, rootsAfter(written));
  const ids = written.roots.map((root) => root.id!);
  const key = Object.fromEntries(Object.entries(searchKey.raw).filter(([k]) => k !== 'id'));
  // `id` first; a rendered row's own `id` is the same id.
  if (!multi) return { id: ids[0], ...key, ...rendered[0] };
  const lists = Object.fromEntries(resultKeys(resultFields).map((f) => [f, rendered.map((r) => r[f])]));
  return { id: ids, ...key, ...lists };
}
