import { createHash } from 'node:crypto';
import type { Model } from '../catalogue';
import { WebhookError, isPlainObject } from '../envelope';
import type { WritePlan } from '../plan';
import { readPayload, storedCompany, type Pending, type RecordNode } from '../resolver';
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
  checkAgreement(searchKey, updateNode);

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
    // The key's values and the payload's agree (checkAgreement): the record created is the one the
    // same call finds next time.
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
  plan.claim({ model: model.name, company: model.companyScoped ? storedCompany(root.company) : null, digest });
}

/**
 * A payload value that differs from the search_key's equality value for the same field would make
 * the call create a record under one value and update it to another, so that the next identical
 * call finds nothing and creates again: refused before anything is read. Renaming is update_data's
 * job. A many2one the key fixes (by id, or by a field of the related record) may be given in the
 * payload only in the same form and value, since another form could not be compared unread.
 */
function checkAgreement(searchKey: SearchKey, node: RecordNode): void {
  for (const cond of searchKey.conditions) {
    if (!cond.single || (cond.field === 'id' && cond.through.length === 0)) continue;
    const keyValue = cond.values[0]!;
    if (cond.through.length === 0 && cond.field in node.scalars) {
      const given = node.scalars[cond.field];
      if (given !== keyValue) throw disagreement(cond.key, cond.field, given, keyValue);
    }
    const refField = cond.through.length === 0 ? cond.field : cond.through.length === 1 ? cond.through[0]!.field : null;
    if (refField === null || !node.many2one.has(refField)) continue;
    const ref = node.many2one.get(refField) ?? null;
    const by = cond.through.length === 0 ? 'id' : cond.field;
    if (!ref || ref.by !== by || ref.value !== keyValue) {
      throw disagreement(cond.key, refField, ref ? { [ref.by]: ref.value } : null, cond.through.length === 0 ? keyValue : { [by]: keyValue });
    }
  }
}

function disagreement(key: string, field: string, given: unknown, expected: unknown): WebhookError {
  return new WebhookError(
    'INVALID_VALUE',
    `'${field}' in the payload (${JSON.stringify(given)}) disagrees with search_key '${key}' (${JSON.stringify(expected)}): ` +
      'leave it out or give the same value; to change it, use update_data',
    { path: `payload.${field}`, search_key: key },
  );
}
