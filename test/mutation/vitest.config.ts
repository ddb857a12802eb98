import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The unit tests under Vitest, for `npm run mutate` only (`npm test` runs them with Node's runner). */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { alias: { 'node:test': fileURLToPath(new URL('./node-test.ts', import.meta.url)) } },
  test: {
    include: ['test/unit/*.test.ts'],
    // Node's runner has no time limit on a test; Stryker sets its own on each run.
    testTimeout: 120_000,
    // The modules are loaded once, not for each test file: Stryker switches mutants on as the
    // code runs (mutants that act while a module loads are left out, see stryker.config.json).
    isolate: false,
  },
});
