/** Resolutions driven to the end without a database, for unit tests of what is built from them. */
import type { StoredScalar } from '../../shared/catalogue';
import { resolveRounds, type Resolution, type RoundResults } from '../../shared/resolver';

/** A record a lookup may find: its model, id, company (null: shared) and indexed values. */
export interface Stored {
  model: string;
  id: number;
  company?: number | null;
  values?: Record<string, StoredScalar>;
}

/**
 * Runs the rounds of `res` against a store holding `stored`: a lookup finds the active records
 * whose value matches, new ids are handed out from `firstId` up, sequence numbers from 1.
 */
export async function resolveFrom(res: Resolution, stored: readonly Stored[] = [], firstId = 100): Promise<void> {
  let nextId = firstId;
  const taken = new Map<string, number>();
  const take = (counter: string, n: number) => {
    const first = (taken.get(counter) ?? 0) + 1;
    taken.set(counter, first + n - 1);
    return first;
  };
  const matches = (s: Stored, model: string, by: string, value: StoredScalar) =>
    s.model === model && (by === 'id' ? s.id === value : s.values?.[by] === value);
  await resolveRounds(res, {
    answer: async (needs): Promise<RoundResults> => ({
      lookups: new Map(
        needs.lookups.map((batch) => [
          batch.key,
          new Map(
            batch.values.map((value) => [
              value,
              stored.filter((s) => matches(s, batch.model.name, batch.by, value)).map((s) => ({ id: s.id, company: s.company ?? null, active: true })),
            ]),
          ),
        ]),
      ),
      ids: new Map([...needs.ids].map(([model, n]) => [model, Array.from({ length: n }, () => nextId++)])),
      sequences: new Map([...needs.sequences].map(([counter, n]) => [counter, take(counter, n)])),
    }),
  });
}
