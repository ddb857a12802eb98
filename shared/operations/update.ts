import type { Model } from '../catalogue';
import { WebhookError } from '../envelope';
import type { RecordState } from '../plan';
import { readAutoCreate, readPayload } from '../resolver';
import { readRecords } from '../store';
import { readFlag, readResultFields, requireModel, withRetries } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { renderResultFields } from './results';
import { canSee, seenOf, visibilityFor } from '../auth/visibility';
import { describeSearchKey, findBySearchKey, readSearchKey, type SearchKey } from './search-key';
import { finalValues, writePayload, type Written } from './write';

/** Most records one `multi` update may change. */
export const MAX_MULTI = 1000;

/**
 * `/api/update_data`: the record the search_key selects (exactly one, or several with `multi`)
 * gets the payload: fields set, many2many `add`/`replace`, one2many `replace` (old lines deleted
 * with their own lines and attachments) or `add`; one2many fields left out keep their lines.
 */
export async function updateData(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const { model, searchKey, multi, resultFields, autoCreate, node } = readUpdateVals(params, ctx);
  return withRetries(async () => {
    const records = await findRecords(ctx, model, searchKey, multi);
    const written = await writePayload(ctx, model, node, records, { autoCreate });
    return {
      result: await updateResult(ctx, model, written, searchKey, resultFields, multi),
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
    resultFields: readResultFields(model, params.vals.result_field),
    autoCreate: readAutoCreate(params.vals.auto_create, ctx.catalogue),
    node: readPayload(model, params.vals.payload, { catalogue: ctx.catalogue, mode: 'update' }),
  };
}

/**
 * The stored records a search key selects: one, or with `multi` several; none is NOT_FOUND.
 * A key of ids reads the records at once; any other finds them through the indexes first.
 */
export async function findRecords(
  ctx: OperationContext,
  model: Model,
  searchKey: SearchKey,
  multi: boolean,
  hint = 'send "multi": true to change them all',
): Promise<RecordState[]> {
  const [first, ...others] = searchKey.conditions;
  if (first && others.length === 0 && first.field === 'id' && first.through.length === 0) {
    const { active } = searchKey;
    const visibility = visibilityFor(ctx.principal, model, new Set(ctx.params.ignoreCheckCompanyModels), active === undefined);
    const states = await readRecords(model, first.values as number[]);
    const records = [...states.values()]
      .filter((r) => (active === undefined || (r.values.active !== false) === active) && canSee(visibility, seenOf(model, r)))
      .sort((a, b) => a.id - b.id);
    checkMatches(records.map((r) => r.id), searchKey, multi, hint);
    return records;
  }
  const ids = await findBySearchKey(ctx, model, searchKey);
  checkMatches(ids, searchKey, multi, hint);
  const states = await readRecords(model, ids);
  const records = ids.map((id) => states.get(id)).filter((r): r is RecordState => r !== undefined);
  checkMatches(records.map((r) => r.id), searchKey, multi, hint);
  return records;
}

function checkMatches(ids: readonly number[], searchKey: SearchKey, multi: boolean, hint: string): void {
  const key = describeSearchKey(searchKey);
  if (ids.length === 0) throw new WebhookError('NOT_FOUND', `Record not found: search_key ${key} found no match.`, { search_key: searchKey.raw });
  if (ids.length > 1 && !multi) {
    throw new WebhookError('AMBIGUOUS', `search_key ${key} matched more than 1 record (${ids.length}); ${hint}`, {
      search_key: searchKey.raw,
      count: ids.length,
    });
  }
  if (ids.length > MAX_MULTI) {
    throw new WebhookError('LIMIT_EXCEEDED', `search_key ${key} matched ${ids.length} records; one request changes at most ${MAX_MULTI}`, {
      limit: MAX_MULTI,
    });
  }
}

/**
 * `{"id": <id>, ...search_key as sent, ...result_field}`; with `multi`, `"id"` lists the ids and
 * each result_field is a list in the same order.
 */
export async function updateResult(
  ctx: OperationContext,
  model: Model,
  written: Written,
  searchKey: SearchKey,
  resultFields: readonly string[],
  multi: boolean,
): Promise<Record<string, unknown>> {
  const rendered = await Promise.all(
    written.roots.map((root) => renderResultFields(ctx, model, root.id!, finalValues(written, root), resultFields)),
  );
  const ids = written.roots.map((root) => root.id!);
  if (!multi) return { id: ids[0], ...searchKey.raw, ...rendered[0] };
  const lists = Object.fromEntries(resultFields.map((f) => [f, rendered.map((r) => r[f])]));
  return { id: ids, ...searchKey.raw, ...lists };
}
