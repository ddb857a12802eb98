import type { WritePlan } from '../plan';
import { getConfig } from '../config';
import { StoreError } from './errors';
import { keyString, type Item } from './items';
import type { Key } from './keys';
import { batchGet } from './reads';
import { toTransactItems } from './transact-items';

/**
 * What committing a plan would refuse, found without writing (a dry run): the plan is turned into
 * its transaction items as a commit does (a record over the item size, or two records of the plan
 * taking one unique value, fail the same way), and the unique guards and upsert claims it would
 * take are read, in one round: one held by another record, or a live claim, is the commit's
 * DUPLICATE. Conditions that only a concurrent write could break (versions, indexed values read)
 * hold by construction and are not read again.
 */
export async function checkPlan(plan: WritePlan): Promise<void> {
  const items = toTransactItems(getConfig().recordsTable, plan.list(), plan.claims);
  const taken = items.filter((i) => (i.about.kind === 'guard' || i.about.kind === 'claim') && i.write.Put);
  if (taken.length === 0) return;
  const keyOf = (item: Item): Key => ({ pk: String(item.pk), sk: String(item.sk) });
  const stored = new Map((await batchGet(taken.map((i) => keyOf(i.write.Put!.Item as Item)))).map((item) => [keyString(keyOf(item)), item]));
  const now = Math.floor(Date.now() / 1000);
  for (const { write, about } of taken) {
    const held = stored.get(keyString(keyOf(write.Put!.Item as Item)));
    if (!held) continue;
    // A guard may be taken while free or held by a record the plan names in its condition (the
    // record itself, or one that releases the value in the same plan).
    const free =
      about.kind === 'claim'
        ? Number(held.expiresAt) < now
        : Object.values(write.Put!.ExpressionAttributeValues ?? {}).includes(Number(held.id));
    if (!free) throw new StoreError({ reason: 'duplicate', model: about.model, field: about.field!, value: about.value ?? null });
  }
}
