import { peekCounter, reserve } from '../store';
import type { OperationContext } from './context';

/** Where a request draws record ids and sequence numbers from: `take` returns the first of `count`. */
export interface Counters {
  take(counter: string, count: number): Promise<number>;
}

/** A real call reserves: numbers it takes are never handed out again, even if it fails. */
const reserving: Counters = { take: reserve };

/**
 * A dry run takes nothing: it reads each counter once and hands out the numbers after it, so the
 * ids and sequence numbers it shows are the ones the next call would get if no other came first.
 */
function peeking(): Counters {
  const next = new Map<string, Promise<number>>();
  return {
    take(counter, count) {
      const first = next.get(counter) ?? peekCounter(counter);
      next.set(counter, first.then((n) => n + count));
      return first;
    },
  };
}

/** The counters of one attempt of a request. */
export const countersFor = (ctx: Pick<OperationContext, 'dryRun'>): Counters => (ctx.dryRun ? peeking() : reserving);
