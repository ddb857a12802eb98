import { Duration, RemovalPolicy, type CfnResource } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  MockIntegration,
  PassthroughBehavior,
  RequestAuthorizer,
  ResponseType,
  RestApi,
  Period,
  type MethodDeploymentOptions,
  type UsagePlan,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { OPEN_ROUTE_THROTTLE, USAGE_PLAN, type ThrottleLimits } from '../shared/deployment';
import { GATEWAY_ANSWERS, methodNotAllowedTemplate, responseTemplate } from './gateway-responses';
import { methodOf, type RouteEntry } from '../lambdas/routes';
import { FUNCTION_LOG_RETENTION } from './functions';

/** One JSON line per request in the access log (values as strings); no header, body or credential. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  responseType: '$context.error.responseType',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  apiKeyId: '$context.identity.apiKeyId',
  principal: '$context.authorizer.principalId',
};

/**
 * The stage's default throttle, for every method and all callers together: 1,000 requests a
 * second, bursts of 2,000. Keys are held to their usage plan's throttle first; this bounds what
 * the whole stage can cost (and how much of the account's Lambda concurrency it can take) when
 * many keys, or requests without credentials, arrive at once. API Gateway's own limit for an
 * account and region is 10,000 a second.
 */
export const STAGE_THROTTLE = { rateLimit: 1000, burstLimit: 2000 } as const satisfies ThrottleLimits;

export interface ApiProps {
  stage: string;
  routes: readonly { route: RouteEntry; fn: IFunction }[];
  authorizer: IFunction;
}

/**
 * The REST API: a method per route, POST but for the OpenAPI document's GET (the authorizer and
 * an API key on authorized ones), a
 * usage plan that meters, throttles and limits every key to a quota, a stage throttle on every
 * method (tighter on routes without the authorizer), and API Gateway's own refusals in the
 * JSON-RPC error shape.
 *
 * The stage keeps an access log (a line per request), an execution log of errors only (API
 * Gateway's own failures: an authorizer or integration that failed, a bad mapping), X-Ray traces
 * of every request, and CloudWatch metrics per route (its method: count, 4xx, 5xx, latency).
 */
export class Api extends Construct {
  readonly api: RestApi;
  readonly usagePlan: UsagePlan;
  readonly accessLog: LogGroup;
  readonly executionLog: LogGroup;
  /** Each route's method, and the method answering 405 for the others on its path. */
  readonly methods: { route: RouteEntry; method: Method; others: Method }[] = [];
  /** Base URL of the routes, without a trailing slash (`https://.../<stage>`). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.accessLog = new LogGroup(this, 'AccessLog', { retention: FUNCTION_LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });

    // A method's own settings replace the stage's for that method: each repeats the logging level.
    const methodOptions: Record<string, MethodDeploymentOptions> = {};
    for (const { route } of props.routes) {
      const throttle = route.authorized ? STAGE_THROTTLE : OPEN_ROUTE_THROTTLE;
      methodOptions[`${route.path}/${methodOf(route)}`] = {
        loggingLevel: MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
      };
    }

    this.api = new RestApi(this, 'Api', {
      restApiName: `webhook-${props.stage}`,
      description: `Webhook API (${props.stage})`,
      endpointTypes: [EndpointType.REGIONAL],
      // The authorizer names the key to meter (`usageIdentifierKey`): a caller may send it as a
      // Bearer token or bring a session cookie, never necessarily as `x-api-key`.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Access logs need API Gateway's account-level CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stage,
        accessLogDestination: new LogGroupLogDestination(this.accessLog),
        accessLogFormat: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: true,
        throttlingRateLimit: STAGE_THROTTLE.rateLimit,
        throttlingBurstLimit: STAGE_THROTTLE.burstLimit,
        methodOptions,
      },
    });

    // API Gateway writes execution logs to a group of this name, which it creates itself (kept
    // forever) unless it exists: the stack creates it first, with the functions' retention.
    this.executionLog = new LogGroup(this, 'ExecutionLog', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${props.stage}`,
      retention: FUNCTION_LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(this.executionLog);

    const authorizer = new RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizer,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    this.configureAuthorizer(authorizer);

    const notAllowed = (method: string) =>
      new MockIntegration({
        passthroughBehavior: PassthroughBehavior.WHEN_NO_MATCH,
        requestTemplates: { 'application/json': '{"statusCode": 405}' },
        integrationResponses: [{ statusCode: '405', responseTemplates: { 'application/json': methodNotAllowedTemplate(method) } }],
      });
    for (const { route, fn } of props.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const method = resource.addMethod(
        methodOf(route),
        new LambdaIntegration(fn, { allowTestInvoke: false }),
        route.authorized ? { authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: true } : {},
      );
      // Other methods on a route's path answer 405 as the local API Gateway does, rather than
      // API Gateway's "Missing Authentication Token".
      const others = resource.addMethod('ANY', notAllowed(methodOf(route)), { methodResponses: [{ statusCode: '405' }] });
      this.methods.push({ route, method, others });
    }

    for (const answer of GATEWAY_ANSWERS) {
      this.api.addGatewayResponse(answer.type, {
        type: ResponseType.of(answer.type),
        statusCode: String(answer.status),
        templates: { 'application/json': responseTemplate(answer) },
      });
    }

    // Keys join this plan when they are created (`keys create --stage <name>`).
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      name: `webhook-${props.stage}`,
      description: 'Every API key of the stage: throttled and limited to a quota per key',
      throttle: { rateLimit: USAGE_PLAN.rateLimit, burstLimit: USAGE_PLAN.burstLimit },
      quota: { limit: USAGE_PLAN.quota.limit, period: Period[USAGE_PLAN.quota.period] },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });

    this.url = this.api.deploymentStage.urlForPath('/').replace(/\/$/, '');
    // The construct's own URL output would repeat the stack's ApiUrl with another name.
    this.api.node.tryRemoveChild('Endpoint');
  }

  /**
   * A caller's credentials come as a Bearer token, an `x-api-key` header or a session cookie: any
   * one of them, so no identity source can be required (API Gateway answers 401 without calling
   * the authorizer when one is missing). Identity sources are optional only without result
   * caching, which is why the TTL is 0 (the authorizer caches lookups itself, for a short time).
   * The construct then renders `IdentitySource: ""`; the property is removed through the L1
   * resource so that the template says "none" rather than an empty list.
   */
  private configureAuthorizer(authorizer: RequestAuthorizer): void {
    const cfn = authorizer.node.defaultChild as CfnResource;
    cfn.addPropertyDeletionOverride('IdentitySource');
  }
}
