import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Aws } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { ROUTES, methodOf } from '../../lambdas/routes';
import { RECOVERY_DAYS } from '../../infra/data';
import { GATEWAY_ANSWERS, responseTemplate } from '../../infra/gateway-responses';
import { seedTransaction } from '../../infra/seed';
import { OUTPUTS, USAGE_PLAN } from '../../shared/deployment';
import { RETENTION_DAYS, RETENTION_TAG, retentionTagging } from '../../shared/logs/retention';
import { PARAM_NAMES, defaultText } from '../../shared/params/definitions';
import { TABLES, type TableName } from '../../shared/tables';
import { logicalId, synthesize, type Synthesized } from '../support/cdk';

/** One synthesis for the whole file, as `npx cdk synth -c stage=test` (bundles: functions.test.ts). */
let s: Synthesized;
before(() => {
  s = synthesize({ bundle: false });
});
after(() => s.cleanup());

const tableId = (name: TableName) => logicalId(s.stack, s.stack.data.tables[name]);

/** The path of an API Gateway resource, from its parents. */
function pathOf(resourceId: string): string {
  const all = s.resources('AWS::ApiGateway::Resource');
  const parts: string[] = [];
  for (let id: string | undefined = resourceId; id && all[id]; ) {
    parts.unshift(all[id]!.Properties.PathPart as string);
    id = (all[id]!.Properties.ParentId as { Ref?: string }).Ref;
  }
  return `/${parts.join('/')}`;
}

describe('API', () => {
  test('every route is a method on its path (POST, GET for the OpenAPI document); authorized routes run the authorizer and need an API key', () => {
    const methods = Object.values(s.resources('AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod !== 'ANY');
    assert.equal(methods.length, ROUTES.length);
    const authorizerId = Object.keys(s.resources('AWS::ApiGateway::Authorizer'))[0];
    for (const { route, fn } of s.stack.functions.routes) {
      const method = methods.find((m) => JSON.stringify(m.Properties.Integration.Uri).includes(`"${logicalId(s.stack, fn)}"`));
      assert.ok(method, route.path);
      assert.equal(pathOf(method.Properties.ResourceId.Ref), route.path);
      assert.equal(method.Properties.HttpMethod, methodOf(route), route.path);
      assert.equal(method.Properties.Integration.Type, 'AWS_PROXY');
      assert.equal(method.Properties.AuthorizationType, route.authorized ? 'CUSTOM' : 'NONE', route.path);
      assert.equal(method.Properties.ApiKeyRequired ?? false, route.authorized, route.path);
      if (route.authorized) assert.deepEqual(method.Properties.AuthorizerId, { Ref: authorizerId });
    }
  });

  test("other methods on a route get a 405 in the JSON-RPC error shape naming the route's method, without reaching a function", () => {
    const others = Object.values(s.resources('AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod === 'ANY');
    assert.deepEqual(others.map((m) => pathOf(m.Properties.ResourceId.Ref)).sort(), ROUTES.map((r) => r.path).sort());
    for (const m of others) {
      const route = ROUTES.find((r) => r.path === pathOf(m.Properties.ResourceId.Ref))!;
      assert.equal(m.Properties.Integration.Type, 'MOCK');
      assert.equal(m.Properties.AuthorizationType, 'NONE');
      const [response] = m.Properties.Integration.IntegrationResponses;
      assert.equal(response.StatusCode, '405');
      assert.match(response.ResponseTemplates['application/json'], /"code":"METHOD_NOT_ALLOWED"/);
      assert.ok(response.ResponseTemplates['application/json'].includes(`accepts ${methodOf(route)} only`), route.path);
    }
  });

  test('the authorizer is a REQUEST authorizer run on every request: no identity source required, no result cache', () => {
    s.template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    s.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: Match.absent(),
    });
    const [authorizer] = Object.values(s.resources('AWS::ApiGateway::Authorizer'));
    assert.ok(JSON.stringify(authorizer!.Properties.AuthorizerUri).includes(`"${logicalId(s.stack, s.stack.functions.authorizer.fn)}"`));
  });

  test('API keys come from the authorizer, and one usage plan throttles each key of the stage and holds it to a quota', () => {
    s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { ApiKeySourceType: 'AUTHORIZER' });
    s.template.resourceCountIs('AWS::ApiGateway::UsagePlan', 1);
    s.template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: USAGE_PLAN.rateLimit, BurstLimit: USAGE_PLAN.burstLimit },
      Quota: { Limit: USAGE_PLAN.quota.limit, Period: USAGE_PLAN.quota.period },
      ApiStages: [Match.objectLike({ ApiId: s.ref(s.stack.api.api), Stage: s.ref(s.stack.api.api.deploymentStage) })],
    });
  });

  test("API Gateway's own refusals (denied, unknown route, throttled, too large, failures) answer in the JSON-RPC error shape", () => {
    const responses = Object.values(s.resources('AWS::ApiGateway::GatewayResponse'));
    for (const answer of GATEWAY_ANSWERS) {
      const response = responses.find((r) => r.Properties.ResponseType === answer.type);
      assert.ok(response, answer.type);
      assert.equal(response.Properties.StatusCode, String(answer.status), answer.type);
      assert.deepEqual(response.Properties.ResponseTemplates, { 'application/json': responseTemplate(answer) }, answer.type);
    }
    assert.deepEqual(
      GATEWAY_ANSWERS.filter((a) => ['ACCESS_DENIED', 'UNAUTHORIZED'].includes(a.type)).map((a) => a.status),
      [401, 401],
    );
  });

  test('the stage keeps an access log: one JSON line per request, with no header or credential', () => {
    const [stage] = Object.values(s.resources('AWS::ApiGateway::Stage'));
    assert.equal(stage!.Properties.StageName, 'test');
    const format = JSON.parse(stage!.Properties.AccessLogSetting.Format as string) as Record<string, string>;
    assert.equal(format.status, '$context.status');
    assert.equal(format.requestId, '$context.requestId');
    assert.ok(Object.values(format).every((v) => !/header|apiKey\b|authorization/i.test(v)), JSON.stringify(format));
  });
});

describe('data', () => {
  test('each table of shared/tables.ts: on demand, KMS-encrypted, point-in-time recovery for 35 days, protected and kept', () => {
    const tables = s.resources('AWS::DynamoDB::Table');
    assert.equal(Object.keys(tables).length, Object.keys(TABLES).length);
    for (const name of Object.keys(TABLES) as TableName[]) {
      const table = tables[tableId(name)]!;
      assert.equal(table.Properties.BillingMode, 'PAY_PER_REQUEST', name);
      assert.deepEqual(table.Properties.SSESpecification, { SSEEnabled: true }, name);
      assert.deepEqual(table.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: RECOVERY_DAYS }, name);
      assert.equal(table.Properties.DeletionProtectionEnabled, true, name);
      assert.equal(table.DeletionPolicy, 'Retain', name);
      assert.equal(table.UpdateReplacePolicy, 'Retain', name);
    }
  });

  test('TTL attributes and secondary indexes are those of shared/tables.ts', () => {
    const tables = s.resources('AWS::DynamoDB::Table');
    for (const [name, schema] of Object.entries(TABLES) as [TableName, (typeof TABLES)[TableName]][]) {
      const props = tables[tableId(name)]!.Properties;
      const ttl = schema.ttlAttribute ? { AttributeName: schema.ttlAttribute, Enabled: true } : undefined;
      assert.deepEqual(props.TimeToLiveSpecification, ttl, name);
      const indexes = (props.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: { AttributeName: string }[] }[];
      assert.deepEqual(
        indexes.map((ix) => [ix.IndexName, ix.KeySchema.map((k) => k.AttributeName)]),
        schema.indexes.map((ix) => [ix.name, [ix.partitionKey, ix.sortKey]]),
        name,
      );
    }
    assert.ok(Object.values(TABLES).some((t) => t.ttlAttribute), 'some table expires items');
  });

  test('the bucket blocks public access, refuses plain HTTP, encrypts at rest and is kept', () => {
    const [bucket] = Object.values(s.resources('AWS::S3::Bucket'));
    assert.deepEqual(bucket!.Properties.PublicAccessBlockConfiguration, {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    assert.deepEqual(bucket!.Properties.BucketEncryption.ServerSideEncryptionConfiguration, [
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    assert.equal(bucket!.DeletionPolicy, 'Retain');
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: s.ref(s.stack.data.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('spilled log bodies expire by their retention tag, one rule per retention class; nothing else expires', () => {
    const [bucket] = Object.values(s.resources('AWS::S3::Bucket'));
    const rules = bucket!.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    const expiring = rules.filter((r) => r.ExpirationInDays !== undefined);
    assert.deepEqual(
      expiring.map((r) => [r.Status, r.Prefix, r.TagFilters, r.ExpirationInDays]),
      RETENTION_DAYS.map((days) => ['Enabled', 'logs/', [{ Key: RETENTION_TAG, Value: String(days) }], days]),
    );
    assert.ok(retentionTagging(30)?.startsWith(`${RETENTION_TAG}=`), 'the writer tags with the key the rules filter on');
  });

  test('the bucket is versioned: a replaced or deleted attachment can be recovered as long as the records can, an expired log body goes a day later', () => {
    const [bucket] = Object.values(s.resources('AWS::S3::Bucket'));
    assert.deepEqual(bucket!.Properties.VersioningConfiguration, { Status: 'Enabled' });
    const rules = bucket!.Properties.LifecycleConfiguration.Rules as Record<string, any>[];
    const noncurrent = rules.filter((r) => r.NoncurrentVersionExpiration !== undefined);
    assert.deepEqual(
      noncurrent.map((r) => [r.Prefix, r.NoncurrentVersionExpiration, r.ExpiredObjectDeleteMarker, r.TagFilters]),
      [
        ['attachments/', { NoncurrentDays: RECOVERY_DAYS }, true, undefined],
        ['logs/', { NoncurrentDays: 1 }, true, undefined],
      ],
    );
    assert.equal(RECOVERY_DAYS, 35, "DynamoDB's longest point-in-time window");
  });

  test('every operator parameter exists under the stage prefix with its default', () => {
    const params = Object.values(s.resources('AWS::SSM::Parameter')).map((p) => [p.Properties.Name, p.Properties.Value, p.Properties.Type]);
    assert.deepEqual(
      params.sort(),
      PARAM_NAMES.map((name) => [`/webhook/test/${name}`, defaultText(name), 'String']).sort(),
    );
  });

  test('company 1 is put at deploy time by the store\'s own items, and a redeploy leaves it alone', () => {
    const [seed] = Object.values(s.resources('Custom::AWS'));
    const records = tableId('records');
    const render = (join: { 'Fn::Join': [string, unknown[]] }) =>
      JSON.parse(join['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : (part as { Ref: string }).Ref === records ? 'TABLE' : '?')).join(''));
    for (const phase of ['Create', 'Update']) {
      const call = render(seed!.Properties[phase]);
      assert.equal(call.action, 'TransactWriteItems', phase);
      assert.deepEqual(call.parameters.TransactItems, seedTransaction('TABLE'), phase);
      assert.equal(call.ignoreErrorCodesMatching, 'TransactionCanceledException', phase);
    }
  });
});

describe('operations', () => {
  test("the template passes CloudFormation's own validation rules, without a warning", () => {
    const report = JSON.parse(readFileSync(join(s.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: { ruleName: string; description: string }[] }[];
    };
    assert.deepEqual(report.pluginReports.flatMap((r) => r.violations.map((v) => `${v.ruleName}: ${v.description}`)), []);
  });


  test('the template names no region or account, whatever the CLI sets (it says us-east-1 when none is configured): it deploys to any', () => {
    const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
    Object.assign(process.env, { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'us-east-1' });
    const cli = synthesize({ bundle: false });
    try {
      assert.equal(cli.stack.region, Aws.REGION);
      assert.equal(cli.stack.account, Aws.ACCOUNT_ID);
      const { Resources, Outputs } = cli.template.toJSON() as { Resources: unknown; Outputs: unknown };
      const text = JSON.stringify({ Resources, Outputs });
      assert.doesNotMatch(text, /us-east-1|123456789012/);
      assert.match(text, /"Ref":"AWS::Region"/);
    } finally {
      cli.cleanup();
      for (const [key, value] of [['CDK_DEFAULT_ACCOUNT', saved.account], ['CDK_DEFAULT_REGION', saved.region]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  test('the stack outputs everything the CLI reads with --stage', () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const name of Object.values(OUTPUTS)) assert.ok(outputs[name], name);
    assert.equal(outputs[OUTPUTS.paramsPrefix]!.Value, '/webhook/test/');
    const url = JSON.stringify(outputs[OUTPUTS.apiUrl]!.Value);
    assert.match(url, /"https:\/\/"/);
    assert.ok(url.endsWith(`${JSON.stringify(s.ref(s.stack.api.api.deploymentStage))}]]}`), 'no trailing slash after the stage');
    assert.deepEqual(outputs[OUTPUTS.usagePlanId]!.Value, s.ref(s.stack.api.usagePlan));
  });
});
