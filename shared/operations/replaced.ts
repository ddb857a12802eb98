import { ATTACHMENT_MODEL, type Catalogue, type Model } from '../catalogue';
import type { RecordState, WritePlan } from '../plan';
import { readRecords } from '../store';

/** A stored record that goes, with what goes with it: its own lines (every one2many) and attachments. */
export interface StoredTree {
  model: Model;
  state: RecordState;
  lines: StoredTree[];
  attachments: RecordState[];
}


/**
 * Reads the lines that a `replace` removes from `records` (the one2many `fields`), with their own
 * lines and attachments, level by level: one round of BatchGetItem per level, however many lines.
 */
export async function readReplaced(catalogue: Catalogue, model: Model, records: readonly RecordState[], fields: readonly string[]): Promise<StoredTree[]> {
  const attachmentModel = catalogue.get(ATTACHMENT_MODEL)!;
  // Level 0: the lines of the replaced fields; each later level: everything below the previous one.
  type Want = { model: Model; id: number; attach: (t: StoredTree) => void };
  const roots: StoredTree[] = [];
  let wants: Want[] = records.flatMap((r) =>
    fields.flatMap((f) => {
      const field = model.fields[f];
      if (field?.type !== 'one2many') return [];
      const comodel = catalogue.get(field.comodel)!;
      return ((r.values[f] as number[] | null) ?? []).map((id) => ({ model: comodel, id, attach: (t: StoredTree) => roots.push(t) }));
    }),
  );
  let attachmentWants: { id: number; owner: StoredTree }[] = [];
  while (wants.length > 0 || attachmentWants.length > 0) {
    const byModel = new Map<Model, number[]>();
    for (const w of wants) byModel.set(w.model, [...(byModel.get(w.model) ?? []), w.id]);
    const [states, attachments] = await Promise.all([
      Promise.all([...byModel].map(async ([m, ids]) => [m, await readRecords(m, ids)] as const)),
      readRecords(attachmentModel, attachmentWants.map((a) => a.id)),
    ]);
    for (const a of attachmentWants) {
      const state = attachments.get(a.id);
      if (state) a.owner.attachments.push(state);
    }
    const found = new Map(states);
    const next: Want[] = [];
    attachmentWants = [];
    for (const w of wants) {
      const state = found.get(w.model)?.get(w.id);
      if (!state) continue; // deleted meanwhile: nothing to delete
      const tree: StoredTree = { model: w.model, state, lines: [], attachments: [] };
      w.attach(tree);
      for (const id of state.attachments) attachmentWants.push({ id, owner: tree });
      for (const [name, field] of Object.entries(w.model.fields)) {
        if (field.type !== 'one2many') continue;
        const comodel = catalogue.get(field.comodel)!;
        for (const id of (state.values[name] as number[] | null) ?? []) next.push({ model: comodel, id, attach: (t) => tree.lines.push(t) });
      }
    }
    wants = next;
  }
  return roots;
}

/** Deletes stored trees in the plan; returns the S3 keys of the attachments that go. */
export function planDeletes(plan: WritePlan, trees: readonly StoredTree[], attachmentModel: Model): string[] {
  const keys: string[] = [];
  const visit = (tree: StoredTree) => {
    for (const line of tree.lines) visit(line);
    for (const a of tree.attachments) {
      plan.delete(attachmentModel, a);
      if (typeof a.values.datas === 'string') keys.push(a.values.datas);
    }
    plan.delete(tree.model, tree.state);
  };
  for (const tree of trees) visit(tree);
  return keys;
}
