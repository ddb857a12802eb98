import type { StoredValues } from '../catalogue';
import { roundTo } from '../catalogue/fields';
import { ATTACHMENTS, type RecordState, type UpdateOp } from './types';

/**
 * A stored record once an update is applied to it as read (`op.before`): new values set, ids
 * linked to and unlinked from x2many lists and the attachment list, sums incremented (rounded to
 * their digits, as DynamoDB's decimal ADD of rounded amounts keeps them). This is the record as
 * this request leaves it: links and increments are applied atomically by DynamoDB, so the stored
 * record may also hold a concurrent request's lines or amounts, which are not here.
 * `op` must come from `WritePlan.list()`, which writes the id lists out.
 */
export function afterUpdate(op: UpdateOp, before: RecordState = op.before!): { values: StoredValues; attachments: number[] } {
  const values: StoredValues = { ...before.values, ...op.set };
  let attachments = before.attachments;
  const apply = (list: number[], field: string) => {
    const removed = new Set(op.unlink[field] ?? []);
    return [...new Set([...list, ...(op.link[field] ?? [])])].filter((id) => !removed.has(id)).sort((a, b) => a - b);
  };
  for (const field of new Set([...Object.keys(op.link), ...Object.keys(op.unlink)])) {
    if (field === ATTACHMENTS) attachments = apply(attachments, field);
    else values[field] = apply(Array.isArray(values[field]) ? values[field] : [], field);
  }
  for (const [field, delta] of Object.entries(op.increment)) {
    const digits = (op.model.fields[field] as { digits?: number } | undefined)?.digits;
    const sum = Number(values[field] ?? 0) + delta;
    values[field] = digits === undefined ? sum : roundTo(sum, digits);
  }
  return { values, attachments };
}
