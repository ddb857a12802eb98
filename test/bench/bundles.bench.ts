/**
 * The Lambda bundles as the CDK builds them (the stack synthesized with bundling, as `cdk synth`
 * does): size minified and gzipped, cold import time in a fresh Node process, and what each is
 * made of. The composition comes from esbuild's metafile of a build with the same options
 * (infra/functions.ts BUNDLING, translated below), which must give the same bytes as the CDK's.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { BUNDLING } from '../../infra/functions';
import { bundlingFor } from '../../infra/openapi-bundle';
import { synthesize } from '../support/cdk';
import { ms, percentile, report } from './support';

// CloudFormation's validation of the template is not what is measured here.
process.env.CDK_VALIDATION = 'false';

const ROOT = join(import.meta.dirname, '../..');
const TARGET_BYTES = 500 * 1024;
const IMPORTS = 5;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/** The esbuild options the CDK derives from BundlingOptions, for the ones infra/functions.ts uses. */
function esbuildOptions(b: BundlingOptions, entry: string): BuildOptions {
  const { '--alias': alias = [], '--legal-comments': legalComments, ...unknown } = b.esbuildArgs ?? {};
  if (Object.keys(unknown).length > 0) throw new Error(`bundles bench: translate ${Object.keys(unknown).join(', ')} too`);
  return {
    entryPoints: [entry],
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: b.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: b.target,
    mainFields: b.mainFields,
    minify: b.minify,
    banner: b.banner ? { js: b.banner } : {},
    alias: Object.fromEntries((alias as string[]).map((a) => a.split('=') as [string, string])),
    define: b.define ?? {},
    legalComments: legalComments as BuildOptions['legalComments'],
    // The CDK's default source map mode is esbuild's linked one: a file beside, named in a comment.
    sourcemap: !b.sourceMap ? false : (b.sourceMapMode ?? SourceMapMode.DEFAULT) === SourceMapMode.DEFAULT ? 'linked' : (b.sourceMapMode as 'inline' | 'external' | 'both'),
    sourcesContent: b.sourcesContent,
    outfile: join(ROOT, 'index.mjs'),
    write: false,
    metafile: true,
    logLevel: 'error',
  };
}

/** The bundle's own output in a metafile (the source map is another). */
const bundleOutput = (metafile: Metafile) => Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'))![1];

/** Output bytes by package (node_modules) or, for this repository's code, `our code`. */
function parts(metafile: Metafile): Map<string, number> {
  const out = new Map<string, number>();
  for (const [path, input] of Object.entries(bundleOutput(metafile).inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'our code';
    out.set(name, (out.get(name) ?? 0) + input.bytesInOutput);
  }
  return out;
}

/** Bytes of the AWS clients' service models (every operation's schemas, every error class). */
function serviceModels(metafile: Metafile): number {
  return Object.entries(bundleOutput(metafile).inputs)
    .filter(([path]) => /@aws-sdk\/client-[a-z0-9-]+\/dist-es\/(schemas|models)\//.test(path))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
}

/** Milliseconds to `import()` the bundle in a new Node process, with these NODE_OPTIONS. */
function importTimes(file: string, nodeOptions = ''): number[] {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const env = { ...process.env, NODE_OPTIONS: nodeOptions };
  return Array.from({ length: IMPORTS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env })));
}

const synth = synthesize({ bundle: true });
const rows: (string | number)[][] = [];
const over: string[] = [];
try {
  for (const f of synth.functions()) {
    const file = join(synth.outdir, `asset.${(f.props.Code.S3Key as string).replace(/\.zip$/, '')}`, 'index.mjs');
    const code = readFileSync(file);
    const entry = join(ROOT, 'lambdas', `${f.name}.ts`);
    const result = await build(esbuildOptions(bundlingFor(synth.stack, f.name, BUNDLING), entry));
    const built = result.outputFiles!.find((o) => o.path.endsWith('.mjs'))!;
    if (!Buffer.from(built.contents).equals(code)) throw new Error(`bundles bench: the metafile build of ${f.name} differs from the CDK's bundle`);
    const byPart = [...parts(result.metafile!)].sort((a, b) => b[1] - a[1]);
    const models = serviceModels(result.metafile!);
    const under = code.length < TARGET_BYTES;
    if (!under) over.push(f.name);
    rows.push([
      f.name,
      kb(code.length),
      kb(gzipSync(code).length),
      under ? 'yes' : 'NO',
      ms(percentile(importTimes(file), 50)),
      ms(percentile(importTimes(file, f.props.Environment.Variables.NODE_OPTIONS as string), 50)),
      kb(models),
      byPart.slice(0, 6).map(([name, bytes]) => `${name} ${kb(bytes)}`).join(', '),
    ]);
  }
} finally {
  synth.cleanup();
}

report({
  title: 'Lambda bundles as the CDK builds them',
  columns: ['function', 'minified', 'gzipped', 'under 500 KB', 'cold import p50', 'as Lambda runs it', 'AWS service models', 'largest parts'],
  rows,
  notes: [
    `KB are 1,024 bytes. Cold import: \`import()\` of the bundle in a new Node process (module scope: the SDK clients, the catalogue, the logger), median of ${IMPORTS}; "as Lambda runs it" with the function's NODE_OPTIONS (\`--enable-source-maps\`: Node reads the source map, about 1 MB for the webhook routes, when the module loads); Lambda's own start-up and the first request's connections come on top.`,
    'The bundles leave out the SDK\'s default credential chain (about 110 KB of providers and nested STS, SSO and sign-in clients): in Lambda the credentials are in the environment, the chain\'s first link (infra/lambda-credentials.ts). /web/session/authenticate and the authorizer import neither the SSM nor the S3 client; fields_get and openapi (GET /api/openapi.json) import no AWS client at all.',
    'openapi carries the OpenAPI document, generated from the catalogue at synthesis (most of its bytes: `our code`), in place of the code that generates it (zod\'s JSON Schema generator, about 25 KB, and the schema builders): its first request turns the bundled document into text once, and no request generates it.',
    'X-Ray tracing of the AWS calls costs every bundle but openapi\'s 121 KB: the Powertools tracer and the AWS X-Ray SDK it wraps (aws-xray-sdk-core, with cls-hooked and semver), CommonJS that a bundler cannot trim and that the tracer imports whole (its SDK v2 patcher and sampling rules included). It cannot be deferred to any gain: with tracing on, every invocation uses it. openapi calls no AWS service and logs nothing of its own: Lambda\'s active tracing records its invocations without it.',
    ...(over.length > 0
      ? [
          `TARGET MISSED for ${over.join(', ')}: each needs three AWS clients (DynamoDB for records, SSM for the operator parameters, S3 for attachments and spilled API logs), and the SDK (3.1162) ships each client's whole service model in modules a bundler cannot trim. "AWS service models" is what of it remains: the schemas of S3's 111 operations where these functions call 3, SSM's 140 error classes, registered with the client when the module loads. esbuild keeps the unused operation schemas because their trait objects use computed keys ({[_h]: ...}), which it must assume have side effects (aws-sdk-js-v3 issue 7607; a fix of the SDK's code generator is proposed in smithy-typescript pull request 1889). The rest is the SDK's runtime shared by the three clients (@smithy/core and @aws-sdk/core: protocols, signing, retries, endpoint rules, and the event streams and checksums the S3 client carries) and our code. Rewriting the SDK's generated schemas at build time (what that fix does) would save about 70 KB each, but needs a bundler of our own in place of the CDK's (whose esbuild takes no plugins) and a transform of a pinned SDK's files to keep working. The bundles shrink by themselves when the SDK ships the fix.`,
        ]
      : []),
  ],
});
process.exit(0);
