import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUTHORIZER_HANDLER, ROUTES, methodOf, type RouteEntry } from '../lambdas/routes';
import { configEnvironment } from '../shared/config';
import { AUTHORIZER_ACCESS, grantAccess, routeAccess, type Access } from './access';
import { bundlingFor } from './openapi-bundle';
import { catalogueBundling } from './catalogue';
import type { Data } from './data';

const ROOT = join(import.meta.dirname, '..');

/** The Lambda runtime of every function; the code itself stays valid on Node 20, which runs it locally. */
export const RUNTIME = Runtime.NODEJS_24_X;

/**
 * esbuild, run locally (never Docker): one minified ESM file per function with the AWS SDK inside,
 * so that the code runs against the SDK version it was tested with, not the runtime's. Packages
 * that are CommonJS still call `require`, which ESM lacks: the banner provides it. The SDK's
 * default credential chain is replaced by its first link, the environment (see
 * infra/lambda-credentials.ts); licence comments are left out of the minified files.
 *
 * A source map beside each file (`index.mjs.map`, mappings only: the sources themselves are not
 * needed to name a file and line), which Node reads with `--enable-source-maps` (NODE_OPTIONS,
 * below) so that a stack trace in a function's log names the TypeScript file and line. `npm run
 * bench` reports each bundle's size and what it is made of.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: "import{createRequire as __webhookCreateRequire}from'node:module';const require=__webhookCreateRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  sourcesContent: false,
  bundleAwsSDK: true,
  forceDockerBundling: false,
  esbuildArgs: {
    '--alias': ['@aws-sdk/credential-provider-node=./infra/lambda-credentials.ts'],
    '--legal-comments': 'none',
  },
};

/** Function log retention; API logs are another thing (the logs table). */
export const FUNCTION_LOG_RETENTION = RetentionDays.ONE_MONTH;

export interface FunctionsProps {
  data: Data;
  paramsPrefix: string;
  paramArns: readonly string[];
  dbName: string;
  /** The deployment's catalogue module, bundled in place of the demo. */
  catalogueModule?: string;
}

/** What a function is built from: its handler file in lambdas/, what it may do, and its size. */
export interface FunctionSpec {
  /** Handler file in lambdas/, without extension; also the function's name in alarms and the dashboard. */
  handler: string;
  description: string;
  access: Access;
  timeout: Duration;
  memorySize: number;
  /** Environment beyond the configuration every function reads. */
  environment?: Record<string, string>;
  /** A folder of the repository copied beside the bundle, at the same path (files the function serves). */
  files?: string;
}

/** A function of the stack, with what the alarms and the dashboard read of it. */
export interface StackFunction {
  name: string;
  fn: NodejsFunction;
  spec: FunctionSpec;
  logGroup: LogGroup;
}

export interface RouteFunction extends StackFunction {
  route: RouteEntry;
}

/**
 * One function per entry of lambdas/routes.ts, plus the authorizer, each with its own grants, log
 * group and X-Ray tracing. Any other function of the stack (the migration function, a scheduled
 * one) is one more `functions.add({...})` (infra/stack.ts says where): it then gets the same
 * runtime, bundling, tracing and environment, and the alarms and the dashboard pick it up from
 * `all`.
 */
export class Functions extends Construct {
  readonly routes: RouteFunction[];
  readonly authorizer: StackFunction;
  /** Every function of the stack, in the order they were added. */
  readonly all: StackFunction[] = [];

  constructor(scope: Construct, id: string, private readonly props: FunctionsProps) {
    super(scope, id);
    this.routes = ROUTES.map((route) => ({
      route,
      ...this.add({
        handler: route.handler,
        description: `${methodOf(route)} ${route.path}`,
        access: routeAccess(route),
        // Below API Gateway's 29 s integration timeout, so that a slow request ends as the
        // function's own timeout (in its log) rather than as a gateway timeout only.
        timeout: Duration.seconds(28),
        memorySize: 1024,
      }),
    }));
    this.authorizer = this.add({
      handler: AUTHORIZER_HANDLER,
      description: 'Lambda authorizer: API key or session to principal',
      access: AUTHORIZER_ACCESS,
      timeout: Duration.seconds(10),
      memorySize: 512,
    });
  }

  /** Builds a function from lambdas/<handler>.ts, grants it its access and adds it to `all`. */
  add(spec: FunctionSpec): StackFunction {
    const { data, paramsPrefix, paramArns, dbName } = this.props;
    const id = spec.handler.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: FUNCTION_LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    const fn = new NodejsFunction(this, id, {
      entry: join(ROOT, 'lambdas', `${spec.handler}.ts`),
      handler: 'handler',
      description: spec.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: spec.timeout,
      memorySize: spec.memorySize,
      tracing: Tracing.ACTIVE,
      logGroup,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      projectRoot: ROOT,
      bundling: withFiles(bundlingFor(this, spec.handler, catalogueBundling(BUNDLING, this.props.catalogueModule)), spec.files),
      environment: {
        ...configEnvironment({
          recordsTable: data.tables.records.tableName,
          authTable: data.tables.auth.tableName,
          logsTable: data.tables.logs.tableName,
          filesBucket: data.bucket.bucketName,
          paramsPrefix,
          paramsCacheSeconds: 30,
          dbName,
          authCacheSeconds: 60,
          sessionTtlSeconds: 7 * 24 * 3600,
          dynamodbAttemptMs: 3000,
          catalogueCacheSeconds: 30,
          migrationSettleSeconds: 60,
        }),
        POWERTOOLS_SERVICE_NAME: 'webhook',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...spec.environment,
      },
    });
    grantAccess(fn, spec.access, data, paramArns);
    const made = { name: spec.handler, fn, spec, logGroup };
    this.all.push(made);
    return made;
  }
}

/** The bundling, and the folder `files` of the checkout copied to `$LAMBDA_TASK_ROOT/<files>`. */
function withFiles(bundling: BundlingOptions, files: string | undefined): BundlingOptions {
  if (files === undefined) return bundling;
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/${files}" && cp -R "${inputDir}/${files}/." "${outputDir}/${files}/"`],
    },
  };
}
