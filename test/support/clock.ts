/**
 * A frozen clock for the functions this test process runs: `Date.now()` and `new Date()` keep the
 * time the test sets, and move only when it moves them, so that no cache period or lock can end
 * while a slow machine runs a request. Timers and `performance.now()` keep real time (the SDK's
 * timeouts, the functions' waits). Node's test runner's MockTimers do the freezing.
 */
import type { TestContext } from 'node:test';
import { getConfig } from '../../shared/config';

export interface FrozenClock {
  /** Moves the clock forward. */
  tick(ms: number): void;
  /** Gives the real clock back (the end of the test does too). */
  reset(): void;
}

export function freezeClock(t: TestContext): FrozenClock {
  t.mock.timers.enable({ apis: ['Date'], now: Date.now() });
  return { tick: (ms) => t.mock.timers.tick(ms), reset: () => t.mock.timers.reset() };
}

/** The functions' parameter cache period, in milliseconds. */
export const paramsPeriodMs = (): number => getConfig().paramsCacheSeconds * 1000;
