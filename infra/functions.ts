import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AUTHORIZER_HANDLER, ROUTES, methodOf, type RouteEntry } from '../lambdas/routes';
import { configEnvironment } from '../shared/config';
import { AUTHORIZER_ACCESS, grantAccess, routeAccess, type Access } from './access';
import { bundlingFor } from './openapi-bundle';
import { catalogueBundling } from './catalogue';
import type { Data } from './data';

const ROOT = join(import.meta.dirname, '..');

/**
 * esbuild, run locally (never Docker): one minified ESM file per function with the AWS SDK inside,
 * so that the code runs against the SDK version it was tested with, not the runtime's. Packages
 * that are CommonJS still call `require`, which ESM lacks: the banner provides it. The SDK's
 * default credential chain is replaced by its first link, the environment (see
 * infra/lambda-credentials.ts); licence comments are left out of the minified files. `npm run
 * bench` reports each bundle's size and what it is made of.
 */
export const BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: "import{createRequire as __webhookCreateRequire}from'node:module';const require=__webhookCreateRequire(import.meta.url);",
  minify: true,
  sourceMap: false,
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

export interface RouteFunction {
  route: RouteEntry;
  fn: NodejsFunction;
}

/** One function per entry of lambdas/routes.ts, plus the authorizer, each with its own grants. */
export class Functions extends Construct {
  readonly routes: RouteFunction[];
  readonly authorizer: NodejsFunction;

  constructor(scope: Construct, id: string, private readonly props: FunctionsProps) {
    super(scope, id);
    this.routes = ROUTES.map((route) => ({
      route,
      fn: this.function(route.handler, `${methodOf(route)} ${route.path}`, routeAccess(route), {
        // Below API Gateway's 29 s integration timeout, so that a slow request ends as the
        // function's own timeout (in its log) rather than as a gateway timeout only.
        timeout: Duration.seconds(28),
        memorySize: 1024,
      }),
    }));
    this.authorizer = this.function(AUTHORIZER_HANDLER, 'Lambda authorizer: API key or session to principal', AUTHORIZER_ACCESS, {
      timeout: Duration.seconds(10),
      memorySize: 512,
    });
  }

  /** A function of the stack, with its grants (infra/migration.ts adds one more). */
  function(handler: string, description: string, access: Access, size: { timeout: Duration; memorySize: number }): NodejsFunction {
    const { data, paramsPrefix, paramArns, dbName } = this.props;
    const id = handler.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: FUNCTION_LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    const fn = new NodejsFunction(this, id, {
      entry: join(ROOT, 'lambdas', `${handler}.ts`),
      handler: 'handler',
      description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      ...size,
      logGroup,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      projectRoot: ROOT,
      bundling: bundlingFor(this, handler, catalogueBundling(BUNDLING, this.props.catalogueModule)),
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
      },
    });
    grantAccess(fn, access, data, paramArns);
    return fn;
  }
}
