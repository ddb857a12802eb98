import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AuthorizationType, LambdaIntegration, type CfnStage, type RestApi, type UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CONSOLE_ROUTE } from '../lambdas/routes';
import { configEnvironment } from '../shared/config';
import { OPEN_ROUTE_THROTTLE, usagePlanName } from '../shared/deployment';
import { LOGS_PREFIX } from '../shared/logs/retention';
import { grantAccess } from './access';
import { catalogueBundling } from './catalogue';
import type { Data } from './data';
import { BUNDLING, FUNCTION_LOG_RETENTION } from './functions';

const ROOT = join(import.meta.dirname, '..');

export interface ConsoleProps {
  stage: string;
  data: Data;
  paramsPrefix: string;
  paramArns: readonly string[];
  dbName: string;
  api: RestApi;
  usagePlan: UsagePlan;
  /** The deployment's catalogue module (`CATALOGUE_MODULE`); the demo when absent. */
  catalogueModule?: string;
}

/**
 * The operators' console: one function for `ANY /console` and `ANY /console/{proxy+}` (its page and
 * its JSON API), on the stage's API so that it shares the API's origin, without the authorizer (it
 * checks its own operator sessions). Its files are copied beside the bundle. Least privilege:
 *
 * - logs: read the logs table (and its listing indexes) and the spilled bodies under `logs/`;
 * - parameters: read the stage's prefix, write its parameters (nothing else in SSM);
 * - auth table: read and write (console sessions, keys, the short session a replay runs under);
 * - records: read (company ids of a new key are checked against res.company);
 * - API Gateway: create API keys and add them to the stage's usage plan, delete API keys, and
 *   find the usage plan by name (its id cannot reach the function's environment without a cycle:
 *   the plan depends on the stage, the stage on the console's methods).
 */
export class Console extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const { data, stage } = props;
    const logGroup = new LogGroup(this, 'Logs', { retention: FUNCTION_LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(ROOT, 'lambdas', `${CONSOLE_ROUTE.handler}.ts`),
      handler: 'handler',
      description: `Operators' console: ANY ${CONSOLE_ROUTE.prefix}`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(28),
      memorySize: 1024,
      logGroup,
      depsLockFilePath: join(ROOT, 'package-lock.json'),
      projectRoot: ROOT,
      bundling: {
        // The deployment's catalogue, as in the routes' bundles (a new key's companies are records).
        ...catalogueBundling(BUNDLING, props.catalogueModule),
        // The page's files, as they are in the checkout, to `$LAMBDA_TASK_ROOT/console/public`.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [`mkdir -p "${outputDir}/console" && cp -R "${inputDir}/console/public" "${outputDir}/console/"`],
        },
      },
      environment: {
        ...configEnvironment({
          recordsTable: data.tables.records.tableName,
          authTable: data.tables.auth.tableName,
          logsTable: data.tables.logs.tableName,
          filesBucket: data.bucket.bucketName,
          paramsPrefix: props.paramsPrefix,
          paramsCacheSeconds: 30,
          dbName: props.dbName,
          authCacheSeconds: 60,
          sessionTtlSeconds: 7 * 24 * 3600,
          catalogueCacheSeconds: 30,
          migrationSettleSeconds: 60,
        }),
        STAGE: stage,
        USAGE_PLAN_NAME: usagePlanName(stage),
        POWERTOOLS_SERVICE_NAME: 'webhook-console',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    this.grant(props);

    const integration = new LambdaIntegration(this.fn, { allowTestInvoke: false });
    const resource = props.api.root.addResource(CONSOLE_ROUTE.prefix.slice(1));
    resource.addMethod('ANY', integration, { authorizationType: AuthorizationType.NONE });
    resource.addResource('{proxy+}').addMethod('ANY', integration, { authorizationType: AuthorizationType.NONE });

    // Without a key to meter, the console is throttled on the stage as the login route is.
    const cfnStage = props.api.deploymentStage.node.defaultChild as CfnStage;
    const settings = (cfnStage.methodSettings ?? []) as CfnStage.MethodSettingProperty[];
    cfnStage.methodSettings = [
      ...settings,
      ...['/~1console', '/~1console~1{proxy+}'].map((resourcePath) => ({
        resourcePath,
        httpMethod: '*',
        throttlingRateLimit: OPEN_ROUTE_THROTTLE.rateLimit,
        throttlingBurstLimit: OPEN_ROUTE_THROTTLE.burstLimit,
      })),
    ];
  }

  private grant(props: ConsoleProps): void {
    const { data } = props;
    grantAccess(this.fn, { records: 'read', auth: 'write', logs: false, attachments: 'none', params: true }, data, props.paramArns);
    const add = (actions: string[], resources: string[]) => this.fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    const logs = data.tables.logs;
    add(['dynamodb:GetItem', 'dynamodb:Query'], [logs.tableArn, `${logs.tableArn}/index/*`]);
    add(['s3:GetObject'], [data.bucket.arnForObjects(`${LOGS_PREFIX}*`)]);
    add(['ssm:PutParameter'], [...props.paramArns]);
    const region = Stack.of(this).region;
    const apigateway = (path: string) => `arn:aws:apigateway:${region}::${path}`;
    add(['apigateway:GET'], [apigateway('/usageplans')]);
    add(['apigateway:POST'], [apigateway('/apikeys')]);
    add(['apigateway:DELETE'], [apigateway('/apikeys/*')]);
    // A policy of its own: the function must not depend on the usage plan (see above).
    new Policy(this, 'UsagePlanKeys', {
      roles: [this.fn.role!],
      statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['apigateway:POST'], resources: [apigateway(`/usageplans/${props.usagePlan.usagePlanId}/keys`)] })],
    });
  }
}
