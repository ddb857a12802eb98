import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { RouteEntry } from '../../lambdas/routes';
import { grantAccess, routeAccess } from '../../infra/access';
import { Api } from '../../infra/api';
import { Data } from '../../infra/data';
import { SettingsError, readSettings } from '../../infra/settings';
import { OPEN_ROUTE_THROTTLE } from '../../shared/deployment';
import { actionsOf, statementsOfRole, synthesize, type Synthesized } from '../support/cdk';

// CloudFormation's own validation of a whole template (seconds of WebAssembly) runs once, in
// stack.test.ts; the variations here need not repeat it.
process.env.CDK_VALIDATION = 'false';

const settingsOf = (context: Record<string, unknown>) => readSettings(new App({ context }).node);

describe('deployment settings', () => {
  const email = { alarmEmail: 'ops@example.com' };

  test('the stage comes from -c stage, dev by default, and names the stack, the API stage and the SSM prefix', () => {
    assert.equal(settingsOf({}).stage, 'dev');
    assert.equal(settingsOf({ stage: 'prod', ...email }).stage, 'prod');
    for (const bad of ['Prod', 'pr od', 'a/b', '1st', 'x'.repeat(26)]) {
      assert.throws(() => settingsOf({ stage: bad, ...email }), SettingsError, bad);
    }
  });

  test('alarmEmail is an address, required for any stage but dev', () => {
    assert.equal(settingsOf(email).alarmEmail, 'ops@example.com');
    assert.throws(() => settingsOf({ alarmEmail: 'ops' }), SettingsError);
    assert.equal(settingsOf({ stage: 'dev' }).alarmEmail, undefined);
    assert.throws(() => settingsOf({ stage: 'prod' }), /stage 'prod' needs -c alarmEmail=<address>/);
    assert.throws(() => synthesize({ bundle: false, context: { stage: 'staging', alarmEmail: '' } }), SettingsError, 'the CDK app refuses it too');
  });

  test("concurrencyQuota is the account's Lambda quota, 1,000 by default", () => {
    assert.equal(settingsOf({}).concurrencyQuota, 1000);
    assert.equal(settingsOf({ concurrencyQuota: '5000' }).concurrencyQuota, 5000);
    for (const bad of ['0', '-1', '1.5', 'many']) assert.throws(() => settingsOf({ concurrencyQuota: bad }), SettingsError, bad);
  });
});

describe('a stage deployed with options', () => {
  let s: Synthesized;
  before(() => {
    s = synthesize({ bundle: false, context: { stage: 'prod', alarmEmail: 'ops@example.com' } });
  });
  after(() => s.cleanup());

  test('the alarm topic mails alarmEmail', () => {
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  test("the stage's parameters live under its own prefix", () => {
    const names = Object.values(s.template.findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Name as string);
    assert.ok(names.length > 0 && names.every((n) => n.startsWith('/webhook/prod/')), names.join(', '));
    assert.equal(s.template.toJSON().Outputs.ParamsPrefix.Value, '/webhook/prod/');
  });
});

/** The grants a route entry would get, on a role in a stack of its own (no functions to bundle). */
function grantsOf(entry: RouteEntry) {
  const stack = new Stack(new App(), 'Grants');
  const data = new Data(stack, 'Data');
  const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  grantAccess(role, routeAccess(entry), data, ['arn:aws:ssm:eu-west-1:123456789012:parameter/webhook/x']);
  const template = Template.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
  const statements = statementsOfRole(template, id(role));
  const on = (construct: { node: { defaultChild?: unknown } }, suffix = '') =>
    statements
      .filter((st) => JSON.stringify(st.Resource).includes(`"${id(construct)}"`) && JSON.stringify(st.Resource).includes(suffix))
      .flatMap(actionsOf)
      .sort();
  return { records: on(data.tables.records), auth: on(data.tables.auth), logs: on(data.tables.logs), bucket: (p: string) => on(data.bucket, p) };
}

describe('grants of routes to come, from their entry alone', () => {
  test('a route that only reads records (search_data) cannot write them, and only reads attachment bytes', () => {
    const g = grantsOf({ path: '/api/search_data', handler: 'search_data', authorized: true, records: 'read', auth: 'none' });
    assert.deepEqual(g.records, ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    assert.deepEqual(g.auth, []);
    assert.deepEqual(g.bucket('/attachments/*'), ['s3:GetObject']);
    assert.deepEqual(g.logs, ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    assert.deepEqual(g.bucket('/logs/*'), ['s3:PutObject', 's3:PutObjectTagging'], 'spilled bodies are put with their retention tag');
  });

  test('a route outside /api/ (the session login) writes no API logs and reaches no attachment', () => {
    const g = grantsOf({ path: '/web/session/authenticate', handler: 'authenticate', authorized: false, records: 'read', auth: 'write' });
    assert.deepEqual(g.logs, []);
    assert.deepEqual(g.bucket(''), []);
    assert.ok(g.auth.includes('dynamodb:PutItem') && g.auth.includes('dynamodb:UpdateItem'), g.auth.join(','));
    assert.ok(!g.records.includes('dynamodb:PutItem'));
  });
});

describe('a route without the authorizer (the session login)', () => {
  test('has no authorizer and no API key, and is throttled on the stage for all callers together', () => {
    const stack = new Stack(new App(), 'OpenRoute');
    const fn = (id: string) => new LambdaFunction(stack, id, { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('0') });
    const entry = (path: string, authorized: boolean): RouteEntry => ({ path, handler: 'x', authorized, records: 'read', auth: 'write' });
    new Api(stack, 'Api', {
      stage: 'dev',
      routes: [
        { route: entry('/web/session/authenticate', false), fn: fn('Login') },
        { route: entry('/api/create_data', true), fn: fn('Create') },
      ],
      authorizer: fn('Authorizer'),
    });
    const template = Template.fromStack(stack);
    const login = Object.values(template.findResources('AWS::ApiGateway::Method')).find(
      (m) => m.Properties.HttpMethod === 'POST' && JSON.stringify(m.Properties.Integration.Uri).includes('Login'),
    )!;
    assert.equal(login.Properties.AuthorizationType, 'NONE');
    assert.equal(login.Properties.ApiKeyRequired ?? false, false);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: 'POST',
          ResourcePath: '/~1web~1session~1authenticate',
          ThrottlingRateLimit: OPEN_ROUTE_THROTTLE.rateLimit,
          ThrottlingBurstLimit: OPEN_ROUTE_THROTTLE.burstLimit,
        }),
      ]),
    });
  });
});
