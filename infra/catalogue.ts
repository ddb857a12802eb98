import { resolve } from 'node:path';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * The catalogue a stage runs: the code reads it through the specifier `#catalogue` (the demo, by
 * package.json's `imports`), which the bundles point at the deployment's own module when the
 * `catalogueModule` setting names one, an esbuild alias resolved at bundle time (Lambda bundles
 * are built before they run, so the module cannot be chosen by the environment there as it is
 * locally). `CATALOGUE_MODULE` is then no longer read: the bundle holds one catalogue.
 */
export function catalogueBundling(bundling: BundlingOptions, catalogueModule: string | undefined): BundlingOptions {
  if (!catalogueModule) return bundling;
  const args = bundling.esbuildArgs ?? {};
  const aliases = args['--alias'];
  return {
    ...bundling,
    define: { ...bundling.define, 'process.env.CATALOGUE_MODULE': 'undefined' },
    esbuildArgs: {
      ...args,
      '--alias': [...(Array.isArray(aliases) ? aliases : aliases ? [String(aliases)] : []), `#catalogue=${resolve(catalogueModule)}`],
    },
  };
}
