/** The operators' console in the synthesized stack: its routes, its environment, its least privilege. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logicalId, statementsOfRole, synthesize, actionsOf, actionsOn, type Synthesized } from '../support/cdk';

let s: Synthesized;
before(() => {
  s = synthesize({ bundle: false });
});
after(() => s.cleanup());

const consoleId = () => logicalId(s.stack, s.stack.console.function.fn);
const statements = () => statementsOfRole(s.template, logicalId(s.stack, s.stack.console.function.fn.role!));

test('the console answers every method on /console and under it, on the API of the stage, without the authorizer', () => {
  const resources = s.resources('AWS::ApiGateway::Resource');
  const methods = Object.values(s.resources('AWS::ApiGateway::Method')).filter((m) => JSON.stringify(m.Properties.Integration?.Uri ?? '').includes(`"${consoleId()}"`));
  const paths = methods.map((m) => {
    const r = resources[m.Properties.ResourceId.Ref]!;
    const parent = resources[(r.Properties.ParentId as { Ref?: string }).Ref ?? '']?.Properties.PathPart;
    return `${parent ? `/${parent}` : ''}/${r.Properties.PathPart}`;
  });
  assert.deepEqual(paths.sort(), ['/console', '/console/{proxy+}']);
  for (const m of methods) {
    assert.equal(m.Properties.HttpMethod, 'ANY');
    assert.equal(m.Properties.AuthorizationType, 'NONE');
    assert.equal(m.Properties.ApiKeyRequired ?? false, false);
    assert.equal(m.Properties.Integration.Type, 'AWS_PROXY');
  }
});

test('the console is throttled on the stage like the login route, with the same error logging and metrics', () => {
  const [stage] = Object.values(s.resources('AWS::ApiGateway::Stage'));
  type Setting = { ResourcePath: string; HttpMethod: string; ThrottlingRateLimit: number; ThrottlingBurstLimit: number; LoggingLevel: string; MetricsEnabled: boolean };
  const settings = stage!.Properties.MethodSettings as Setting[];
  const { ResourcePath: _p, HttpMethod: _m, ...login } = settings.find((m) => m.ResourcePath === '/~1web~1session~1authenticate')!;
  for (const path of ['/~1console', '/~1console~1{proxy+}']) {
    const setting = settings.find((m) => m.ResourcePath === path);
    assert.ok(setting, path);
    assert.deepEqual(setting, { ResourcePath: path, HttpMethod: '*', ...login });
  }
  assert.equal(login.LoggingLevel, 'ERROR');
  assert.ok(login.ThrottlingRateLimit < stage!.Properties.MethodSettings.find((m: Setting) => m.ResourcePath === '/*').ThrottlingRateLimit);
});

test("the console's methods are on the stage the firewall guards", () => {
  const [association] = Object.values(s.resources('AWS::WAFv2::WebACLAssociation'));
  const guarded = JSON.stringify(association!.Properties.ResourceArn);
  const methods = Object.values(s.resources('AWS::ApiGateway::Method')).filter((m) => JSON.stringify(m.Properties.Integration?.Uri ?? '').includes(`"${consoleId()}"`));
  assert.equal(methods.length, 2);
  for (const m of methods) assert.ok(guarded.includes(JSON.stringify(m.Properties.RestApiId)), guarded);
  assert.ok(guarded.includes(JSON.stringify(s.ref(s.stack.api.api.deploymentStage))), guarded);
});

test("the console finds the stage's usage plan by the name the plan has", () => {
  const env = s.resources('AWS::Lambda::Function')[consoleId()]!.Properties.Environment.Variables;
  const [plan] = Object.values(s.resources('AWS::ApiGateway::UsagePlan'));
  assert.equal(env.USAGE_PLAN_NAME, plan!.Properties.UsagePlanName);
  assert.equal(env.STAGE, 'test');
  assert.deepEqual(env.LOGS_TABLE, s.ref(s.stack.data.tables.logs));
});

test('least privilege: read logs and their spilled bodies, write the parameters and the auth table, read records, keys of the usage plan; no Scan, nothing else', () => {
  const st = statements();
  const { records, auth, logs } = s.stack.data.tables;
  assert.deepEqual(actionsOn(st, s.arnOf(logs)), ['dynamodb:GetItem', 'dynamodb:Query']);
  assert.deepEqual(actionsOn(st, s.arnOf(records)), ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
  assert.deepEqual(
    actionsOn(st, s.arnOf(auth)),
    ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  );
  const logsObjects = { 'Fn::Join': ['', [s.arnOf(s.stack.data.bucket), '/logs/*']] };
  assert.deepEqual(actionsOn(st, logsObjects), ['s3:GetObject']);
  const s3 = st.filter((x) => actionsOf(x).some((a) => a.startsWith('s3:')));
  assert.equal(s3.length, 1, 'no attachment bytes');
  const ssm = st.filter((x) => actionsOf(x).some((a) => a.startsWith('ssm:'))).flatMap(actionsOf).sort();
  assert.deepEqual(ssm, ['ssm:GetParametersByPath', 'ssm:PutParameter']);
  for (const x of st.filter((y) => actionsOf(y).includes('ssm:PutParameter'))) assert.match(JSON.stringify(x.Resource), /:parameter\/webhook\/test\/\*"/);
  const apigateway = st.filter((x) => actionsOf(x).some((a) => a.startsWith('apigateway:')));
  const rendered = JSON.stringify(apigateway.map((x) => [actionsOf(x), x.Resource]));
  assert.match(rendered, /\["apigateway:POST"\],\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":apigateway:",\{"Ref":"AWS::Region"\},"::\/usageplans\/",\{"Ref":"[^"]*UsagePlan[^"]*"\},"\/keys"\]\]\}/);
  assert.deepEqual(apigateway.flatMap(actionsOf).sort(), ['apigateway:DELETE', 'apigateway:GET', 'apigateway:POST', 'apigateway:POST']);
  for (const x of st) {
    assert.ok(!actionsOf(x).includes('dynamodb:Scan'));
    assert.ok(actionsOf(x).every((a) => !a.includes('*')));
    // X-Ray's actions, which active tracing adds, take no resource.
    if (x.Resource === '*') assert.deepEqual(actionsOf(x).sort(), ['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  }
  // The log listing indexes by name, no wildcard.
  const logIndex = (name: string) => ({ 'Fn::Join': ['', [s.arnOf(logs), `/index/${name}`]] });
  for (const name of ['byRoute', 'byState', 'byModel']) assert.deepEqual(actionsOn(st, logIndex(name)), ['dynamodb:GetItem', 'dynamodb:Query'], name);
  assert.ok(!JSON.stringify(st).includes('/index/*'));
});
