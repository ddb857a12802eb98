/**
 * The resolution's round protocol, driven by fake round results: a store of a few records answers
 * each round as DynamoDB would (every candidate of each value, ids from 100 up, sequence numbers
 * from 1), so that what each round asks and what the rounds make of the answers can be read
 * without a database.
 */
import assert from 'node:assert/strict';
import type { Principal } from '../../shared/auth/principal';
import { accessFor } from '../../shared/auth/access';
import { catalogue, type Catalogue, type StoredScalar, type StoredValues } from '../../shared/catalogue';
import { WebhookError } from '../../shared/envelope';
import { WritePlan } from '../../shared/plan';
import { Resolution, planRecords, readPayload, type RoundNeeds, type RoundResults } from '../../shared/resolver';
import { NOW } from './plan';

export const PRINCIPAL: Principal = { name: 'test', id: 'key:test', companyId: 1, allowedCompanyIds: [1, 2] };

/** A record the fake store holds: what a lookup may find of it. */
export interface Held {
  model: string;
  id: number;
  company?: number | null;
  active?: boolean;
  values?: Record<string, StoredScalar>;
}

/** Answers rounds as a store holding `held` would, and keeps each round it was asked. */
export function fakeStore(held: Held[] = []) {
  const rounds: RoundNeeds[] = [];
  let nextId = 100;
  const counters = new Map<string, number>();
  const find = (model: string, by: string, value: StoredScalar) =>
    held
      .filter((h) => h.model === model && (by === 'id' ? h.id === value : h.values?.[by] === value))
      .map((h) => ({ id: h.id, company: h.company ?? null, active: h.active ?? true }));
  const answer = async (needs: RoundNeeds): Promise<RoundResults> => {
    rounds.push(needs);
    return {
      lookups: new Map(needs.lookups.map((g) => [g.key, new Map(g.values.map((v) => [v, find(g.model.name, g.by, v)]))])),
      ids: new Map([...needs.ids].map(([model, n]) => [model, Array.from({ length: n }, () => nextId++)])),
      sequences: new Map(
        [...needs.sequences].map(([counter, n]) => {
          const first = counters.get(counter) ?? 1;
          counters.set(counter, first + n);
          return [counter, first];
        }),
      ),
    };
  };
  return { rounds, answer };
}

/** A round as text: each lookup batch with its values, the ids and the sequence numbers it asks. */
export const asked = (round: RoundNeeds | undefined) => ({
  lookups: round?.lookups.map((g) => `${g.key}: ${g.values.join(', ')}`),
  ids: Object.fromEntries(round?.ids ?? []),
  sequences: Object.fromEntries(round?.sequences ?? []),
});

export interface Options {
  autoCreate?: Record<string, unknown>;
  principal?: Principal;
  catalogue?: Catalogue;
  /** Models the operator excludes from company scoping (`ignore_checkcompany_model`). */
  unscoped?: string[];
}

export const newResolution = (options: Options = {}) =>
  new Resolution({
    catalogue: options.catalogue ?? catalogue,
    access: accessFor(options.principal ?? PRINCIPAL, options.unscoped ?? []),
    autoCreate: options.autoCreate ?? {},
  });

export const read = (model: string, payload: Record<string, unknown>, mode: 'create' | 'update' = 'create') =>
  readPayload(catalogue.get(model)!, payload, { catalogue, mode });

/** A resolution of a new record of `model`. */
export function creating(model: string, payload: Record<string, unknown>, options: Options = {}) {
  const res = newResolution(options);
  const models = options.catalogue ?? catalogue;
  const root = res.add(readPayload(models.get(model)!, payload, { catalogue: models, mode: 'create' }));
  return { res, root };
}

/** The records the resolved request creates, by model, in the order they were added. */
export function created(res: Resolution, models: Catalogue = catalogue): Record<string, (StoredValues & { id: number })[]> {
  const plan = new WritePlan(models, NOW);
  planRecords(res, res.pending, plan, models, new Date(0));
  const out: Record<string, (StoredValues & { id: number })[]> = {};
  for (const op of plan.list()) if (op.kind === 'create') (out[op.model.name] ??= []).push({ ...op.values, id: op.id });
  return out;
}

/** A check for assert.throws/rejects: the WebhookError's code, these details and, given, its message. */
export const failsWith = (code: string, details: Record<string, unknown> = {}, message?: string) => (e: unknown) => {
  assert.ok(e instanceof WebhookError, String(e));
  assert.equal(e.code, code);
  if (message !== undefined) assert.equal(e.message, message);
  for (const [k, v] of Object.entries(details)) assert.deepEqual(e.details?.[k], v, k);
  return true;
};
