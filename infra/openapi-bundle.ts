import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage } from 'aws-cdk-lib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { ROUTES } from '../lambdas/routes';
import { catalogue } from '../shared/catalogue';
import { openApiDocument } from '../shared/describe/openapi';

/** The handler of `GET /api/openapi.json`, whose bundle carries the document. */
const OPENAPI_HANDLER = 'openapi';

/** The bundling of a function: `base`, and for the one that serves the OpenAPI document, the document. */
export const bundlingFor = (scope: Construct, handler: string, base: BundlingOptions): BundlingOptions =>
  handler === OPENAPI_HANDLER ? withOpenApiDocument(scope, base) : base;

/**
 * The bundling of the function that serves the OpenAPI document: the document is generated from
 * the catalogue at synthesis, written into the cloud assembly (`cdk.out/openapi.json`, the
 * document of what is deployed) and bundled as a module; the code that would generate it (and
 * zod's JSON Schema code) is left out of the bundle (see lambdas/openapi.ts).
 */
function withOpenApiDocument(scope: Construct, bundling: BundlingOptions): BundlingOptions {
  const outdir = Stage.of(scope)!.outdir;
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument(catalogue, { routes: ROUTES })));
  const aliases = bundling.esbuildArgs?.['--alias'];
  return {
    ...bundling,
    define: { ...bundling.define, 'process.env.WEBHOOK_OPENAPI': JSON.stringify('bundled') },
    esbuildArgs: {
      ...bundling.esbuildArgs,
      '--alias': [...(Array.isArray(aliases) ? aliases : []), `webhook-openapi-document=${file}`],
    },
  };
}
