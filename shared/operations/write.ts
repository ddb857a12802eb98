import { ATTACHMENT_MODEL, type Model } from '../catalogue';
import { toDatetime } from '../catalogue/values';
import { deleteFiles } from '../files';
import { WritePlan, type RecordState } from '../plan';
import { Resolution, planRecords, type Pending, type RecordNode } from '../resolver';
import { checkPlan } from '../store';
import type { OperationContext } from './context';
import { refuseMoving } from './moving';
import { planDeletes, readReplaced } from './replaced';
import { resolveAll, writePlan } from './rounds';

/** What one attempt of a write route wrote. */
export interface Written {
  plan: WritePlan;
  /** The records the payload is about (the created one, or the updated ones), in order. */
  roots: Pending[];
  /** Records made by auto_create, in the order their lookups asked for them. */
  autoCreated: Pending[];
}

export interface WriteOptions {
  /** `vals.auto_create`, checked. */
  autoCreate: Record<string, unknown>;
  /** Adds items that must be written in the same transaction (e.g. an upsert's claim). */
  extend?: (plan: WritePlan, roots: Pending[]) => void;
}

/**
 * Applies a payload: to a new record (`records` null) or to each of the stored `records`. One
 * round of lookups (with the id reservations), concurrently with the reads of the lines a
 * `replace` removes; then one plan, committed as one transaction or several made all-or-nothing.
 * A dry run stops before the commit: the plan is checked as a commit would check it, and returned.
 */
export async function writePayload(
  ctx: OperationContext,
  model: Model,
  node: RecordNode,
  records: readonly RecordState[] | null,
  options: WriteOptions,
): Promise<Written> {
  const res = new Resolution({
    catalogue: ctx.catalogue,
    access: ctx.access,
    autoCreate: options.autoCreate,
  });
  const roots = records ? records.map((existing) => res.add(node, { existing })) : [res.add(node)];
  // The records and lines of the payload: refused before their ids are even taken.
  refuseMoving(res.pending.map((p) => p.node.model));
  const replaced = [...node.one2many].filter(([, v]) => v.mode === 'replace').map(([field]) => field);
  const [, trees] = await Promise.all([
    resolveAll(res, ctx),
    records && replaced.length > 0 ? readReplaced(ctx.catalogue, model, records, replaced) : Promise.resolve([]),
  ]);
  const plan = new WritePlan(ctx.catalogue, toDatetime(ctx.now));
  const gone = planDeletes(plan, trees, ctx.catalogue.get(ATTACHMENT_MODEL)!);
  const blobs = planRecords(res, res.pending, plan, ctx.catalogue, ctx.now);
  // The lines replaced were read after the record: a concurrent replace in between must fail this one.
  if (replaced.length > 0) for (const root of roots) plan.checkVersion(model, root.id!);
  options.extend?.(plan, roots);
  const autoCreated = res.pending.filter((p) => p.autoCreated);
  if (ctx.dryRun) {
    refuseMoving(plan.list().map((op) => op.model));
    await checkPlan(plan);
    return { plan, roots, autoCreated };
  }
  await writePlan(ctx, plan, blobs, { atomic: ctx.params.rollbackExcept });
  // The bytes of deleted attachments go once their records are gone; a failure here leaves an
  // unreferenced object behind, never a record without its bytes.
  if (gone.length > 0) await deleteFiles(gone).catch(() => undefined);
  return { plan, roots, autoCreated };
}
