import { createHash } from 'node:crypto';
import type { Catalogue, Model } from '../catalogue';
import type { ModelDiff } from './diff';
import { declaredFamilies, familyForm, familyId, parseFamilyId } from './families';
import { snapshotOf } from './recorded';

/**
 * The steps that bring one model's stored records to the catalogue, in order. Steps that walk
 * the records or a partition are resumable from a cursor and may run again without harm.
 */
export type Step =
  /** Record what is about to be built (and what is dropped) before anything is written. */
  | { kind: 'mark' }
  /** Delete every item of a family: one no longer declared, or one to rebuild from scratch. */
  | { kind: 'drop'; family: string }
  /** Rewrite stored values: convert to a new type, erase a retired field, give a new required field its default. */
  | { kind: 'rewrite'; fields: Rewrite[] }
  /** Put the items of these families for every record. */
  | { kind: 'build'; families: string[] }
  /** Refuse the unique constraint of `field` if the (built) index holds a value twice in a company. */
  | { kind: 'check'; field: string }
  /** Keep (and so enforce) these fields' guards from now on, then wait until every function knows it. */
  | { kind: 'enforce'; fields: string[] }
  /** A retired model: delete its records. */
  | { kind: 'purge' }
  /** One phase of a move of the model's items from `from` shards to `to` (move.ts). */
  | { kind: 'move'; phase: MovePhase; from: number; to: number };

/**
 * The phases of a move to another shard count, in order: `pause` its writes (and wait until every
 * function refuses them), `copy` every item to the new layout, `switch` reads to it (and wait until
 * every function reads it), `resume` writes under the new count, `clean` the old layout's items.
 */
export const MOVE_PHASES = ['pause', 'copy', 'switch', 'resume', 'clean'] as const;
export type MovePhase = (typeof MOVE_PHASES)[number];

export interface Rewrite {
  field: string;
  action: 'convert' | 'erase' | 'fill';
}

/** The steps of a model that has changes and no refusals. */
export function planModel(model: Model | undefined, diff: ModelDiff): Step[] {
  if (!model) {
    const drops = diff.changes.flatMap((c): Step[] => (c.kind === 'drop' ? [{ kind: 'drop', family: c.family }] : []));
    return [...drops, { kind: 'purge' }];
  }
  // The move goes first: the steps after it walk the records where they then lie.
  const steps: Step[] = diff.changes.flatMap((c) => (c.kind === 'shards' ? MOVE_PHASES.map((phase): Step => ({ kind: 'move', phase, from: c.from, to: c.to })) : []));
  steps.push({ kind: 'mark' });
  for (const c of diff.changes) {
    if (c.kind === 'drop' || (c.kind === 'build' && c.reason === 'rebuild')) steps.push({ kind: 'drop', family: c.family });
  }
  const rewrites: Rewrite[] = [];
  for (const c of diff.changes) {
    if (c.kind === 'type-changed' && c.converted) rewrites.push({ field: c.field, action: 'convert' });
    if (c.kind === 'field-removed' && c.retired) rewrites.push({ field: c.field, action: 'erase' });
    if (c.kind === 'required' && c.fill) rewrites.push({ field: c.field, action: 'fill' });
  }
  if (rewrites.length > 0) steps.push({ kind: 'rewrite', fields: rewrites });
  const builds = diff.changes.flatMap((c) => (c.kind === 'build' ? [parseFamilyId(c.family)] : []));
  const indexes = builds.filter((f) => f.kind === 'index').map(familyId);
  const guards = builds.filter((f) => f.kind === 'guard').map((f) => f.field);
  if (indexes.length > 0) steps.push({ kind: 'build', families: indexes });
  for (const field of guards) steps.push({ kind: 'check', field });
  if (guards.length > 0) {
    steps.push({ kind: 'enforce', fields: guards });
    steps.push({ kind: 'build', families: guards.map((field) => familyId({ kind: 'guard', field })) });
  }
  return steps;
}

/**
 * What a migration of a model brings it to: its snapshot and families' forms, and the
 * conversions and retirements declared. A checkpoint is resumed only by a run with the same target.
 */
export function targetOf(catalogue: Catalogue, name: string): string {
  const model = catalogue.get(name);
  const target = model
    ? {
        fields: snapshotOf(model),
        families: declaredFamilies(model).map((f) => [familyId(f), familyForm(model, f)]),
        conversions: Object.entries(model.fields).flatMap(([n, f]) => (f.convert ? [[n, f.convert.from, f.convert.value.toString()]] : [])),
        retired: model.retired,
        shards: model.shards,
      }
    : { retired: catalogue.retiredModels.includes(name) };
  return createHash('sha256').update(JSON.stringify(target)).digest('hex').slice(0, 16);
}

/** A short fingerprint of a whole catalogue, to tell whether two processes run the same one. */
export function catalogueFingerprint(catalogue: Catalogue): string {
  const names = [...catalogue.models.keys(), ...catalogue.retiredModels].sort();
  return createHash('sha256').update(names.map((n) => `${n}=${targetOf(catalogue, n)}`).join('\n')).digest('hex').slice(0, 16);
}
