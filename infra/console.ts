import { Duration, Stack } from 'aws-cdk-lib';
import { AuthorizationType, LambdaIntegration, type Method, type RestApi, type UsagePlan } from 'aws-cdk-lib/aws-apigateway';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CONSOLE_ROUTE } from '../lambdas/routes';
import { usagePlanName } from '../shared/deployment';
import { LOGS_PREFIX } from '../shared/logs/retention';
import { TABLES } from '../shared/tables';
import type { Access } from './access';
import type { Data } from './data';
import type { Functions, StackFunction } from './functions';

/** The console's resources on the API: its page at `/console/`, its files and JSON API below. */
export const CONSOLE_RESOURCES = [CONSOLE_ROUTE.prefix, `${CONSOLE_ROUTE.prefix}/{proxy+}`] as const;

/** Of what `grantAccess` grants (infra/access.ts); the rest is below. */
export const CONSOLE_ACCESS: Access = { records: 'read', auth: 'write', logs: false, attachments: 'none', params: true };

/** Where the page's files are, in the checkout and beside the bundle (`$LAMBDA_TASK_ROOT/console/public`). */
const PAGE_FILES = 'console/public';

export interface ConsoleProps {
  stage: string;
  functions: Functions;
  data: Data;
  paramArns: readonly string[];
  /** The API, whose stage settings throttle `CONSOLE_RESOURCES` (infra/api.ts, `openResources`). */
  api: RestApi;
  usagePlan: UsagePlan;
}

/**
 * The operators' console: one function of the stack (`functions.add`, so built, traced, alarmed
 * and on the dashboard as every function is) for `ANY /console` and `ANY /console/{proxy+}` (its
 * page and its JSON API), on the stage's API so that it shares the API's origin, without the
 * authorizer (it checks its own operator sessions). Least privilege:
 *
 * - logs: read the logs table (and its listing indexes, by name) and the spilled bodies under `logs/`;
 * - parameters: read the stage's prefix, write its parameters (nothing else in SSM);
 * - auth table: read and write (console sessions, keys, the short session a replay runs under);
 * - records: read (company ids of a new key are checked against res.company);
 * - API Gateway: create API keys and add them to the stage's usage plan, delete API keys, and
 *   find the usage plan by name (its id cannot reach the function's environment without a cycle:
 *   the plan depends on the stage, the stage on the console's methods).
 */
export class Console extends Construct {
  readonly function: StackFunction;
  /** `ANY /console` and `ANY /console/{proxy+}`. */
  readonly methods: Method[];

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    this.function = props.functions.add({
      handler: CONSOLE_ROUTE.handler,
      description: `Operators' console: ANY ${CONSOLE_ROUTE.prefix}`,
      access: CONSOLE_ACCESS,
      timeout: Duration.seconds(28),
      memorySize: 1024,
      environment: { STAGE: props.stage, USAGE_PLAN_NAME: usagePlanName(props.stage) },
      files: PAGE_FILES,
    });
    this.grant(props);

    const integration = new LambdaIntegration(this.function.fn, { allowTestInvoke: false });
    const resource = props.api.root.addResource(CONSOLE_ROUTE.prefix.slice(1));
    this.methods = [resource, resource.addResource('{proxy+}')].map((r) => r.addMethod('ANY', integration, { authorizationType: AuthorizationType.NONE }));
  }

  private grant(props: ConsoleProps): void {
    const { data } = props;
    const { fn } = this.function;
    const add = (actions: string[], resources: string[]) => fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    const logs = data.tables.logs;
    // The listing indexes by name: a new index is one more grant, not a wildcard.
    add(['dynamodb:GetItem', 'dynamodb:Query'], [logs.tableArn, ...TABLES.logs.indexes.map((i) => `${logs.tableArn}/index/${i.name}`)]);
    add(['s3:GetObject'], [data.bucket.arnForObjects(`${LOGS_PREFIX}*`)]);
    add(['ssm:PutParameter'], [...props.paramArns]);
    add(['apigateway:GET'], [this.apigatewayArn('/usageplans')]);
    add(['apigateway:POST'], [this.apigatewayArn('/apikeys')]);
    add(['apigateway:DELETE'], [this.apigatewayArn('/apikeys/*')]);
    // A policy of its own: the function must not depend on the usage plan (see above).
    new Policy(this, 'UsagePlanKeys', {
      roles: [fn.role!],
      statements: [new PolicyStatement({ effect: Effect.ALLOW, actions: ['apigateway:POST'], resources: [this.apigatewayArn(`/usageplans/${props.usagePlan.usagePlanId}/keys`)] })],
    });
  }

  /** An API Gateway management resource of the stack's region. */
  apigatewayArn(path: string): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:apigateway:${stack.region}::${path}`;
  }
}
