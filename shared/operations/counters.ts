import { peekCounter, recordIds, reserve } from '../store';
import type { OperationContext } from './context';

/** Where a request draws record ids and sequence numbers from. */
export interface Counters {
  /** `count` new ids of a model, increasing (consecutive unless drawn from a container's block and a new one). */
  ids(model: string, count: number): Promise<number[]>;
  /** `count` consecutive numbers of a sequence: the first. */
  take(counter: string, count: number): Promise<number>;
}

/** A real call reserves: numbers it takes are never handed out again, even if it fails. */
const reserving: Counters = { ids: (model, count) => recordIds.take(model, count), take: reserve };

/**
 * A dry run takes nothing: it reads each counter once and hands out the numbers after it (and the
 * ids left in this container's blocks first), so the ids and sequence numbers it shows are the
 * ones the next call would get if no other came first.
 */
function peeking(): Counters {
  const next = new Map<string, Promise<number>>();
  const take = (counter: string, count: number) => {
    const first = next.get(counter) ?? peekCounter(counter);
    next.set(counter, first.then((n) => n + count));
    return first;
  };
  const ids = recordIds.simulate(take);
  return { ids: (model, count) => ids.take(model, count), take };
}

/** The counters of one attempt of a request. */
export const countersFor = (ctx: Pick<OperationContext, 'dryRun'>): Counters => (ctx.dryRun ? peeking() : reserving);
