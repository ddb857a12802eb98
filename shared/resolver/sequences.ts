import type { SequenceDefault } from '../catalogue';
import { sequenceCounter } from '../store';
import { storedCompany } from './company';
import type { Pending } from './types';

/**
 * Sequence-drawn defaults a record still needs: [counter, field, sequence]; none until its company
 * is settled. A field the payload gives needs none, cleared (`null`) included: the record is
 * written with what was sent, so a number drawn for it would be lost.
 */
export function sequenceNeeds(p: Pending): [string, string, SequenceDefault][] {
  if (p.existing || p.company.state === 'unsettled') return [];
  const out: [string, string, SequenceDefault][] = [];
  for (const [name, field] of Object.entries(p.node.model.fields)) {
    const seq = field.default;
    if (typeof seq !== 'object' || seq === null || name in p.sequences || name in p.node.scalars) continue;
    out.push([sequenceCounter(seq.sequence, p.node.model.companyScoped ? storedCompany(p.company) : null), name, seq]);
  }
  return out;
}

/**
 * Hands out the numbers a round reserved (`first` of `asked` consecutive ones, by counter), in
 * order, to the records that need them: no more than the round asked, so that a record that came
 * to need one during the round (auto-created, or its company found) asks in the next round rather
 * than take a number nobody reserved.
 */
export function drawSequences(pending: readonly Pending[], asked: ReadonlyMap<string, number>, first: ReadonlyMap<string, number>): void {
  const left = new Map(asked);
  const next = new Map(first);
  for (const p of pending) {
    for (const [counter, field, seq] of sequenceNeeds(p)) {
      const n = next.get(counter);
      const count = left.get(counter) ?? 0;
      if (n === undefined || count === 0) continue;
      next.set(counter, n + 1);
      left.set(counter, count - 1);
      p.sequences[field] = `${seq.prefix}${String(n).padStart(seq.padding, '0')}`;
    }
  }
}
