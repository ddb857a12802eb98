import { toDatetime } from '../catalogue/values';
import { WritePlan } from '../plan';
import { guardScopes, planRecords, resolveRounds, type Resolution, type RoundNeeds, type RoundResults } from '../resolver';
import { StoreError, commitPlan, findByValues } from '../store';
import { deleteFiles, putFile } from '../files';
import type { Blob } from '../resolver';
import type { OperationContext } from './context';
import { countersFor, type Counters } from './counters';
import { refuseMoving } from './moving';

/** Sends one round's reads at once: lookup batches, id and sequence reservations. */
export async function runRound(needs: RoundNeeds, counters: Counters): Promise<RoundResults> {
  const results: RoundResults = { lookups: new Map(), ids: new Map(), sequences: new Map() };
  await Promise.all([
    ...needs.lookups.map(async (g) => {
      results.lookups.set(g.key, await findByValues(g.model, g.by, g.values, guardScopes(g.model, g.scope)));
    }),
    ...[...needs.ids].map(async ([model, n]) => {
      results.ids.set(model, await counters.ids(model, n));
    }),
    ...[...needs.sequences].map(async ([counter, n]) => {
      results.sequences.set(counter, await counters.take(counter, n));
    }),
  ]);
  return results;
}

/**
 * Runs rounds until every lookup of the request is answered. A lookup that fails is reported
 * after the round; with `rollback_except` off, records auto-created so far are committed first,
 * as the original module does (they stay even though the request fails), except in a dry run.
 */
export async function resolveAll(res: Resolution, ctx: OperationContext): Promise<void> {
  const counters = countersFor(ctx);
  const keepAutoCreated = !ctx.params.rollbackExcept && !ctx.dryRun;
  await resolveRounds(res, {
    answer: (needs) => runRound(needs, counters),
    afterRound: keepAutoCreated ? () => commitAutoCreated(res, ctx) : undefined,
  });
}

async function commitAutoCreated(res: Resolution, ctx: OperationContext): Promise<void> {
  const ready = res.pending.filter((p) => p.autoCreated && !p.committed && res.isReady(p));
  if (ready.length === 0) return;
  const family = ready.flatMap((p) => res.familyOf(p));
  const plan = new WritePlan(ctx.catalogue, toDatetime(ctx.now));
  const blobs = planRecords(res, family, plan, ctx.catalogue, ctx.now);
  await writePlan(ctx, plan, blobs, { atomic: true });
  for (const p of family) p.committed = true;
}


/**
 * Uploads the plan's bytes, then commits it, named and timed by the request; uploads of a plan
 * that did not commit are removed. The ledger learns what stayed, and keeps the journal of a write
 * of several transactions, removed once the answer is given.
 */
export async function writePlan(ctx: OperationContext, plan: WritePlan, blobs: readonly Blob[], options: { atomic: boolean }): Promise<void> {
  refuseMoving(plan.list().map((op) => op.model));
  const key = ctx.writes.idempotency;
  await key?.beforeWrite();
  await Promise.all(blobs.map((b) => putFile(b.key, b.bytes, b.contentType)));
  try {
    const writeId = ctx.writes.nextId();
    const report = await commitPlan(plan, { atomic: options.atomic, deadlines: ctx.budget, writeId, facts: ctx.writes.facts, lead: key?.leadItem() });
    ctx.writes.stayed ||= report.items > 0;
    if (report.items > 0) key?.wrote();
    if (report.journal) ctx.writes.finished.push(report.journal);
  } catch (error) {
    const left = error instanceof StoreError ? error.mayHaveWritten : false;
    if (left) key?.wrote();
    if (error instanceof StoreError && error.leftover.committed) ctx.writes.stayed = true;
    if (blobs.length > 0 && !left) await deleteFiles(blobs.map((b) => b.key)).catch(() => undefined);
    throw error;
  }
}
