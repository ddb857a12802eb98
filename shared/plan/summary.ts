import type { StoredValues } from '../catalogue';
import type { RecordOp } from './types';
import type { WritePlan } from './write-plan';

/** A dry run's `would`: what the request would write, counted by model. */
export interface WouldWrite {
  create: Record<string, number>;
  update: Record<string, number>;
  delete: Record<string, number>;
  /** Records auto_create would make, in the order they were asked for. */
  auto_create: { model: string; values: StoredValues }[];
}

/**
 * Summarizes a write plan: records created, changed and deleted per model (a record the plan
 * touches without changing anything is not counted), and the auto-created records with their
 * provisional id and every non-empty value a payload could have written, in stored form
 * (many2one as an id, x2many as a list of ids).
 */
export function summarizePlan(plan: WritePlan, autoCreated: readonly { model: string; id: number }[]): WouldWrite {
  const would: WouldWrite = { create: {}, update: {}, delete: {}, auto_create: [] };
  const ops = plan.list();
  for (const op of ops) {
    if (op.kind === 'update' && !changes(op)) continue;
    const counts = would[op.kind];
    counts[op.model.name] = (counts[op.model.name] ?? 0) + 1;
  }
  for (const { model, id } of autoCreated) {
    const op = ops.find((o) => o.kind === 'create' && o.model.name === model && o.id === id);
    if (op?.kind !== 'create') continue;
    const values: StoredValues = { id };
    for (const [name, value] of Object.entries(op.values)) {
      const empty = value === null || (Array.isArray(value) && value.length === 0);
      if (!empty && !op.model.fields[name]?.readonly) values[name] = value;
    }
    would.auto_create.push({ model, values });
  }
  return would;
}

function changes(op: Extract<RecordOp, { kind: 'update' }>): boolean {
  return (
    Object.keys(op.set).length > 0 ||
    Object.keys(op.link).length > 0 ||
    Object.keys(op.unlink).length > 0 ||
    Object.values(op.increment).some((delta) => delta !== 0)
  );
}
