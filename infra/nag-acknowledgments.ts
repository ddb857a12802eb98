import { Stack } from 'aws-cdk-lib';
// cdk-nag's own rendering of an IAM resource in a finding id (`<Logical.Arn>/logs/*`); the package has no exports map.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';
import { ANSWERS_PREFIX, LOGS_PREFIX } from '../shared/logs/retention';
import { ATTACHMENTS_PREFIX } from './data';
import type { WebhookStack } from './stack';

/**
 * The findings of cdk-nag's AwsSolutions and Serverless packs that this stack keeps, on purpose,
 * each with its reason: the one place they are listed (`npm run nag` checks the stack against the
 * packs with these, and fails on any other finding, and on an acknowledgment that no longer
 * matches one). An acknowledgment covers the constructs it names and everything inside them.
 */
export interface Acknowledgment {
  /** The rule, with the finding in brackets for rules that report several (`AwsSolutions-IAM5[Resource::*]`). */
  id: string;
  reason: string;
  on: IConstruct[];
}

/** The finding id of an IAM resource with a wildcard, as cdk-nag writes it. */
const wildcardResource = (stack: Stack, arn: string) => `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(arn))}]`;

const managedPolicy = (name: string) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${name}]`;

export function acknowledgments(stack: WebhookStack): Acknowledgment[] {
  const { api, data, functions, alarms, seed, migration, recovery, console } = stack;
  const methods = api.methods;
  const open = (handler: string) => methods.filter((m) => !m.route.authorized && m.route.handler === handler).map((m) => m.method);
  // A function invoked asynchronously (by a schedule, say) is not one of these: the packs then ask
  // for a dead-letter queue, of it and of its EventBridge target, which is a decision to make.
  const synchronous = [...functions.routes, functions.authorizer, migration, console.function].map((f) => f.fn);
  return [
    {
      id: 'AwsSolutions-COG4',
      reason: 'Callers authenticate with API keys and Odoo-style sessions, which the Lambda authorizer checks; there is no Cognito user pool.',
      on: [api.api],
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: 'The other methods of a route are mock integrations that answer 405 without reaching a function.',
      on: methods.map((m) => m.others),
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: '/web/session/authenticate is the login: it is how a caller gets credentials. It is throttled on the stage and counts failed logins.',
      on: open('authenticate'),
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: 'GET /api/openapi.json is the public description of the API (generated from the catalogue at synthesis): it reads no data and calls no AWS service, and is throttled on the stage for all callers together.',
      on: open('openapi'),
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: '/web/session/destroy is the logout: it ends the session its cookie names, and nothing without one. It is throttled on the stage as the login is.',
      on: open('destroy_session'),
    },
    {
      id: 'AwsSolutions-APIG4',
      reason: "The operators' console (its page and its JSON API) checks its own sessions: operators only, an HttpOnly SameSite=Strict cookie, a CSRF token and the Origin on every change. Its login page loads before any credential; it is throttled on the stage as the login is.",
      on: console.methods,
    },
    {
      id: 'AwsSolutions-APIG2',
      reason: 'The functions validate each request and answer a failure in the JSON-RPC error shape with a stable code; an API Gateway validator would answer in its own shape.',
      on: [api.api],
    },
    {
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked synchronously (API Gateway, the authorizer, the operator CLI for migrate, CloudFormation): a failure goes back to the caller, and there is no event to keep for later.',
      on: [...synchronous, seed.handler],
    },
    {
      id: 'Serverless-LambdaDLQ',
      reason: 'The recovery runs on a schedule: its event carries only the time, and the next run, a minute later, does the same work; its Errors alarm mails the operators.',
      on: [recovery.function.fn],
    },
    {
      id: 'Serverless-EventBusDLQ',
      reason: 'The recovery schedule: a run that could not be delivered is replaced by the next one a minute later (retries are off on purpose).',
      on: [recovery.schedule],
    },
    {
      id: 'Serverless-LambdaTracing',
      reason: "CDK's handler of the deploy-time custom resource (company 1): run once per deployment, its result is in the CloudFormation events.",
      on: [seed.handler],
    },
    {
      id: managedPolicy('AWSLambdaBasicExecutionRole'),
      reason: "AWS's managed policy for a function's own logs (create the stream, put events); it grants nothing else.",
      on: [...functions.all.map((f) => f.fn), seed.handler],
    },
    {
      id: managedPolicy('AmazonAPIGatewayPushToCloudWatchLogs'),
      reason: "AWS's managed policy for API Gateway's account-level role, which writes the access and execution logs.",
      on: [api.api],
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "X-Ray's PutTraceSegments and PutTelemetryRecords, added by active tracing: X-Ray actions take no resource.",
      on: [functions],
    },
    {
      id: wildcardResource(stack, data.bucket.arnForObjects(`${LOGS_PREFIX}*`)),
      reason: 'Spilled API log bodies are objects named by log id under logs/: the routes put them (with their retention tag) under that prefix, the console reads them; nothing else.',
      on: [functions],
    },
    {
      id: wildcardResource(stack, data.bucket.arnForObjects(`${ANSWERS_PREFIX}*`)),
      reason: 'Answers kept for an Idempotency-Key that are too large for their DynamoDB item are objects named by log id under logs/answers/: the routes that write records read back their own (s3:GetObject only).',
      on: [functions],
    },
    {
      id: wildcardResource(stack, data.bucket.arnForObjects(`${ATTACHMENTS_PREFIX}*`)),
      reason: 'Attachment bytes are objects named by attachment id under attachments/: the grant is on that prefix, with read or write as the route entry says.',
      on: [functions],
    },
    {
      id: wildcardResource(stack, stack.params.arns[1]!),
      reason: "The stage's operator parameters are read with GetParametersByPath, which is authorized against the path asked for: the stage's prefix and below.",
      on: [functions],
    },
    {
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:<AWS::Region>::/apikeys/*]',
      reason: "The console revokes a key by deleting its API Gateway API key, whose id API Gateway makes when the key is created: DELETE of API keys only, no other action on them.",
      on: [console.function.fn],
    },
    {
      id: 'AwsSolutions-S1',
      reason: "Reads and writes of objects are logged by CloudTrail data events (the account's trail), not by S3 server access logs in another bucket.",
      on: [data.bucket],
    },
    {
      id: 'Serverless-SNSRedrivePolicy',
      reason: 'An email subscription: SNS retries delivery itself, and the alarm stays visible in CloudWatch; a dead-letter queue nobody reads adds nothing.',
      on: [alarms.topic],
    },
  ];
}
