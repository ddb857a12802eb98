import { readAutoCreate, readPayload } from '../resolver';
import { requireModel, withRetries } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { dryRunOutcome } from './dry-run';
import { readResultFields, renderResult, rootsAfter } from './results';
import { writePayload } from './write';

/**
 * `/api/create_data`: one record with its lines, looked-up relations, auto-created records and
 * attachments. Reads in one round of batched lookups (more only for auto_create chains), then
 * writes one plan.
 */
export async function createData(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const model = requireModel(ctx, params.model);
  const resultFields = readResultFields(ctx, model, params.vals.result_field);
  const autoCreate = readAutoCreate(params.vals.auto_create, ctx.catalogue);
  const node = readPayload(model, params.vals.payload, { catalogue: ctx.catalogue, mode: 'create' });

  return withRetries(ctx, async () => {
    const written = await writePayload(ctx, model, node, null, { autoCreate });
    if (ctx.dryRun) return dryRunOutcome(written);
    const [result] = await renderResult(ctx, resultFields, rootsAfter(written));
    return { result, messages: 'Record created successfully', resIds: [written.roots[0]!.id!] };
  });
}
