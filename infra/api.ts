import { Duration, RemovalPolicy, type CfnResource } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
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
import { OPEN_ROUTE_THROTTLE, USAGE_PLAN } from '../shared/deployment';
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

export interface ApiProps {
  stage: string;
  routes: readonly { route: RouteEntry; fn: IFunction }[];
  authorizer: IFunction;
}

/**
 * The REST API: a POST method per route (the authorizer and an API key on authorized ones), a
 * usage plan that meters, throttles and limits every key to a quota, a stage throttle on routes
 * without the authorizer, and API Gateway's own refusals in the JSON-RPC error shape.
 */
export class Api extends Construct {
  readonly api: RestApi;
  readonly usagePlan: UsagePlan;
  readonly accessLog: LogGroup;
  /** Base URL of the routes, without a trailing slash (`https://.../<stage>`). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.accessLog = new LogGroup(this, 'AccessLog', { retention: FUNCTION_LOG_RETENTION, removalPolicy: RemovalPolicy.DESTROY });

    const methodOptions: Record<string, MethodDeploymentOptions> = {};
    for (const { route } of props.routes) {
      if (!route.authorized) {
        methodOptions[`${route.path}/${methodOf(route)}`] = {
          throttlingRateLimit: OPEN_ROUTE_THROTTLE.rateLimit,
          throttlingBurstLimit: OPEN_ROUTE_THROTTLE.burstLimit,
        };
      }
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
        methodOptions,
      },
    });

    const authorizer = new RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizer,
      identitySources: [],
      resultsCacheTtl: Duration.seconds(0),
    });
    this.configureAuthorizer(authorizer);

    const notAllowed = new MockIntegration({
      passthroughBehavior: PassthroughBehavior.WHEN_NO_MATCH,
      requestTemplates: { 'application/json': '{"statusCode": 405}' },
      integrationResponses: [{ statusCode: '405', responseTemplates: { 'application/json': methodNotAllowedTemplate() } }],
    });
    for (const { route, fn } of props.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      resource.addMethod(
        methodOf(route),
        new LambdaIntegration(fn, { allowTestInvoke: false }),
        route.authorized ? { authorizer, authorizationType: AuthorizationType.CUSTOM, apiKeyRequired: true } : {},
      );
      // Other methods on a route's path answer 405 as the local API Gateway does, rather than
      // API Gateway's "Missing Authentication Token".
      resource.addMethod('ANY', notAllowed, { methodResponses: [{ statusCode: '405' }] });
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
