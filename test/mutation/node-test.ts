/**
 * The `node:test` functions the unit tests use, served by Vitest: mutation testing runs the unit
 * tests under Vitest, whose Stryker runner keeps one process and measures coverage per test.
 */
export { describe, test } from 'vitest';
