import { createHash } from 'node:crypto';
import type { Model } from '../catalogue';
import { WebhookError, isPlainObject } from '../envelope';
import type { WritePlan } from '../plan';
import { readPayload, type Pending } from '../resolver';
import { withRetries } from './common';
import type { OperationContext, Outcome, RouteParams } from './context';
import { dryRunOutcome } from './dry-run';
import { renderResult, rootsAfter } from './results';
import { findRecords, searchKeyPayload, type SearchKey } from './search-key';
import { readUpdateVals, updateResult } from './update';
import { writePayload } from './write';

/**
 * `/api/create_update_data`: update what the search_key selects, or create the record (the payload
 * with the search_key's equality values merged over it) when it selects nothing.
 *
 * Concurrent identical calls create one record: the create writes, in its transaction, a unique
 * guard of the key's field when the key is one unique field, else a claim on the key's digest.
 * The losers' transactions fail on it; they run again, find the record and update it.
 */
export async function createUpdateData(params: RouteParams, ctx: OperationContext): Promise<Outcome> {
  const { model, searchKey, multi, resultFields, autoCreate, node: updateNode } = readUpdateVals(params, ctx);
  const payload = params.vals.payload;

  return withRetries(ctx, async () => {
    const records = await findRecords(ctx, model, searchKey, multi).catch((error: unknown) => {
      if (error instanceof WebhookError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    if (records) {
      const written = await writePayload(ctx, model, updateNode, records, { autoCreate });
      if (ctx.dryRun) return dryRunOutcome(written);
      return {
        result: { ...(await updateResult(ctx, written, searchKey, resultFields, multi)), created: false },
        messages: 'Record updated successfully',
        resIds: records.map((r) => r.id),
      };
    }
    // The key's values win, so that the record created is the one the same call finds next time.
    const createNode = readPayload(model, { ...(isPlainObject(payload) ? payload : {}), ...searchKeyPayload(searchKey) }, {
      catalogue: ctx.catalogue,
      mode: 'create',
    });
    const written = await writePayload(ctx, model, createNode, null, {
      autoCreate,
      extend: (plan, roots) => claimSearchKey(plan, model, searchKey, roots[0]!),
    });
    if (ctx.dryRun) return dryRunOutcome(written);
    const [result] = await renderResult(ctx, resultFields, rootsAfter(written));
    return { result: { ...result, created: true }, messages: 'Record created successfully', resIds: [written.roots[0]!.id!] };
  });
}

/** A key that is one unique field's single value is guarded already; any other key is claimed. */
function claimSearchKey(plan: WritePlan, model: Model, searchKey: SearchKey, root: Pending): void {
  const guarded = searchKey.conditions.some((c) => c.single && c.through.length === 0 && model.guarded.includes(c.field));
  if (guarded) return;
  const canonical = searchKey.conditions
    .map((c) => [c.key, [...c.values].map(String).sort()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify([canonical, searchKey.active ?? null])).digest('hex');
  plan.claim({ model: model.name, company: model.companyScoped ? (root.company ?? null) : null, digest });
}
