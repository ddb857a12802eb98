import { toDatetime } from '../catalogue/values';
import { WritePlan } from '../plan';
import { Resolution, planNewRecords, readAutoCreate, readPayload } from '../resolver';
import { readResultFields, requireModel, withRetries } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { renderResultFields } from './results';
import { resolveAll, writePlan } from './rounds';

/**
 * `/api/create_data`: one record with its lines, looked-up relations, auto-created records and
 * attachments. Reads in one round of batched lookups (more only for auto_create chains), then
 * writes one plan.
 */
export async function createData(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const model = requireModel(ctx, params.model);
  const resultFields = readResultFields(model, params.vals.result_field);
  const autoCreate = readAutoCreate(params.vals.auto_create, ctx.catalogue);
  const node = readPayload(model, params.vals.payload, { catalogue: ctx.catalogue, mode: 'create' });

  return withRetries(async () => {
    const res = new Resolution({
      catalogue: ctx.catalogue,
      principal: ctx.principal,
      unscopedModels: new Set(ctx.params.ignoreCheckCompanyModels),
      autoCreate,
    });
    const root = res.add(node);
    await resolveAll(res, ctx);
    const plan = new WritePlan(ctx.catalogue, toDatetime(ctx.now));
    const blobs = planNewRecords(res, res.pending, plan, ctx.catalogue, ctx.now);
    await writePlan(plan, blobs, ctx.params.rollbackExcept);
    const id = root.id!;
    const values = plan.list().find((op) => op.kind === 'create' && op.model === model && op.id === id);
    const extra = values?.kind === 'create' ? await renderResultFields(ctx, model, id, values.values, resultFields) : {};
    return { result: { id, ...extra }, messages: 'Record created successfully', resIds: [id] };
  });
}
