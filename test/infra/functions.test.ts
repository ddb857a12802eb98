import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ROUTES, methodOf } from '../../lambdas/routes';
import { describesApi, isWebhookRoute } from '../../infra/access';
import { catalogue } from '../../shared/catalogue';
import { openApiDocument } from '../../shared/describe/openapi';
import { startTestApi, type TestApi } from '../support/api';
import { readBack } from '../support/records';
import { actionsOf, actionsOn, logicalId, statementsOfRole, synthesize, type Synthesized } from '../support/cdk';

// CloudFormation's own validation of the template runs in stack.test.ts; not twice.
process.env.CDK_VALIDATION = 'false';

/** One synthesis for the whole file, with real esbuild bundles, as `npx cdk synth -c stage=test`. */
let s: Synthesized;
/** Tables, bucket, parameters and a key on the embedded stack, for the bundles to run against. */
let api: TestApi;
before(async () => {
  s = synthesize({ bundle: true });
  api = await startTestApi();
});
after(async () => {
  s.cleanup();
  await api.stop();
});

/** The bundle CDK built for a function, loaded as Lambda loads it. */
async function loadBundle<H>(name: string): Promise<H> {
  const f = s.functions().find((x) => x.name === name)!;
  const file = join(s.outdir, `asset.${(f.props.Code.S3Key as string).replace(/\.zip$/, '')}`, 'index.mjs');
  return ((await import(pathToFileURL(file).href)) as { handler: H }).handler;
}

const grantsOf = (fn: IFunction) => statementsOfRole(s.template, logicalId(s.stack, fn.role!));

describe('functions', () => {
  test('one nodejs22.x arm64 function per route of lambdas/routes.ts, plus the authorizer and the migration function', () => {
    const ours = s.resources('AWS::Lambda::Function');
    const node22 = Object.values(ours).filter((f) => f.Properties.Runtime === 'nodejs22.x');
    assert.equal(node22.length, ROUTES.length + 2);
    assert.deepEqual(
      node22.map((f) => f.Properties.Description).sort(),
      [
        ...ROUTES.map((r) => `${methodOf(r)} ${r.path}`),
        'Lambda authorizer: API key or session to principal',
        'Migrates the stored records to the catalogue (npm run catalogue -- migrate --stage)',
      ].sort(),
    );
    for (const f of node22) {
      assert.deepEqual(f.Properties.Architectures, ['arm64']);
      assert.equal(f.Properties.Handler, 'index.handler');
    }
  });

  test('each function finds its tables, bucket and parameters through the environment the code reads', () => {
    for (const f of s.functions()) {
      assert.deepEqual(f.props.Environment.Variables, {
        RECORDS_TABLE: s.ref(s.stack.data.tables.records),
        AUTH_TABLE: s.ref(s.stack.data.tables.auth),
        LOGS_TABLE: s.ref(s.stack.data.tables.logs),
        FILES_BUCKET: s.ref(s.stack.data.bucket),
        PARAMS_PREFIX: '/webhook/test/',
        PARAMS_CACHE_SECONDS: '30',
        DB_NAME: 'webhook',
        AUTH_CACHE_SECONDS: '60',
        SESSION_TTL_SECONDS: '604800',
        DYNAMODB_ATTEMPT_TIMEOUT_MS: '3000',
        CATALOGUE_CACHE_SECONDS: '30',
        MIGRATION_SETTLE_SECONDS: '60',
        POWERTOOLS_SERVICE_NAME: 'webhook',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      }, f.name);
    }
  });

  test('each function logs to its own log group, kept for a month', () => {
    const groups = s.resources('AWS::Logs::LogGroup');
    for (const f of s.functions()) {
      const group = groups[(f.props.LoggingConfig.LogGroup as { Ref: string }).Ref];
      assert.equal(group?.Properties.RetentionInDays, 30, f.name);
    }
  });
});

describe('least privilege', () => {
  const READ = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
  const READ_WRITE = [...READ, 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].sort();

  test('no function may scan a table, use a wildcard action or reach a resource outside the stack', () => {
    for (const f of s.functions()) {
      for (const st of f.statements) {
        assert.ok(!actionsOf(st).includes('dynamodb:Scan'), f.name);
        assert.ok(actionsOf(st).every((a) => !a.includes('*')), `${f.name}: ${actionsOf(st).join(',')}`);
        assert.notEqual(st.Resource, '*', f.name);
      }
    }
  });

  test('each route may read or write the records and auth tables as its route entry says, and nothing else of them', () => {
    for (const { route, fn } of s.stack.functions.routes) {
      const statements = grantsOf(fn);
      const expect = { read: READ, write: READ_WRITE, none: [] };
      assert.deepEqual(actionsOn(statements, s.arnOf(s.stack.data.tables.records)), expect[route.records], route.path);
      assert.deepEqual(actionsOn(statements, s.arnOf(s.stack.data.tables.auth)), expect[route.auth], route.path);
    }
  });

  test('webhook routes append API logs: put into the logs table and under logs/ in the bucket (with a retention tag), never read or delete them', () => {
    for (const { route, fn } of s.stack.functions.routes.filter((r) => isWebhookRoute(r.route))) {
      const statements = grantsOf(fn);
      assert.deepEqual(actionsOn(statements, s.arnOf(s.stack.data.tables.logs)), ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], route.path);
      const logsObjects = { 'Fn::Join': ['', [s.arnOf(s.stack.data.bucket), '/logs/*']] };
      assert.deepEqual(actionsOn(statements, logsObjects), ['s3:PutObject', 's3:PutObjectTagging'], route.path);
    }
  });

  test('attachment bytes are reached under attachments/ only: written by routes that write records', () => {
    const attachments = { 'Fn::Join': ['', [s.arnOf(s.stack.data.bucket), '/attachments/*']] };
    for (const { route, fn } of s.stack.functions.routes.filter((r) => isWebhookRoute(r.route))) {
      const statements = grantsOf(fn);
      const expected = route.records === 'write' ? ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
      assert.deepEqual(actionsOn(statements, attachments), expected, route.path);
      const s3 = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')));
      assert.ok(s3.every((st) => /\/(attachments|logs)\/\*"/.test(JSON.stringify(st.Resource))), route.path);
    }
  });

  test("the routes read the stage's parameters, and no other stage's", () => {
    for (const { route, fn } of s.stack.functions.routes.filter((r) => !describesApi(r.route))) {
      const ssm = grantsOf(fn).filter((st) => actionsOf(st).some((a) => a.startsWith('ssm:')));
      assert.equal(ssm.length, 1, route.path);
      assert.deepEqual(actionsOf(ssm[0]!).sort(), ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath']);
      const arns = JSON.stringify(ssm[0]!.Resource);
      assert.match(arns, /:parameter\/webhook\/test"/);
      assert.match(arns, /:parameter\/webhook\/test\/\*"/);
      assert.equal((ssm[0]!.Resource as unknown[]).length, 2);
    }
  });

  test('the routes that describe the API (fields_get, the OpenAPI document) may reach no table, bucket or parameter', () => {
    const describing = s.stack.functions.routes.filter((r) => describesApi(r.route));
    assert.deepEqual(describing.map((r) => r.route.handler).sort(), ['fields_get', 'openapi']);
    for (const { route, fn } of describing) assert.deepEqual(grantsOf(fn), [], route.path);
  });

  test('the authorizer reads the auth table, and nothing else', () => {
    const authorizer = s.functions().find((f) => f.name === 'authorizer')!;
    assert.equal(authorizer.statements.length, 1);
    assert.deepEqual(actionsOn(authorizer.statements, s.arnOf(s.stack.data.tables.auth)), READ);
  });
});

describe('bundles', () => {
  test('each function is one minified ESM bundle with the AWS SDK inside, that loads in Node and exports its handler', async (t) => {
    for (const f of s.functions()) {
      const asset = join(s.outdir, `asset.${(f.props.Code.S3Key as string).replace(/\.zip$/, '')}`);
      assert.deepEqual(readdirSync(asset), ['index.mjs'], f.name);
      const file = join(asset, 'index.mjs');
      const size = statSync(file).size;
      const code = readFileSync(file, 'utf8');
      // Minified code runs in long lines; readable code averages a few dozen characters a line.
      assert.ok(code.split('\n').length < size / 200, `${f.name} is minified`);
      const imported = [...code.matchAll(/\bfrom\s*["']([^"']+)["']/g)].map((m) => m[1]!);
      assert.deepEqual(imported.filter((m) => !m.startsWith('node:')), [], `${f.name} imports only Node built-ins`);
      t.diagnostic(`${f.name}: ${(size / 1024).toFixed(0)} KB`);
      // A bundle this big is still fine for a cold start; much bigger means a dependency to look at.
      assert.ok(size < 1024 * 1024, `${f.name} is ${size} bytes`);
      const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      assert.equal(typeof module.handler, 'function', f.name);
    }
  });

  test('the bundled OpenAPI function serves the document generated at synthesis, without the code that generates it', async () => {
    const serve = await loadBundle<(e: Partial<APIGatewayProxyEvent>) => Promise<APIGatewayProxyResult>>('openapi');
    const answer = await serve({ resource: '/api/openapi.json', requestContext: { path: '/test/api/openapi.json' } as APIGatewayProxyEvent['requestContext'] });
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(JSON.parse(answer.body), { servers: [{ url: '/test' }], ...openApiDocument(catalogue, { routes: ROUTES }) });
    const f = s.functions().find((x) => x.name === 'openapi')!;
    const code = readFileSync(join(s.outdir, `asset.${(f.props.Code.S3Key as string).replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    // zod's JSON Schema generator writes the dialect's URL into every schema it makes.
    assert.ok(!code.includes('json-schema.org/draft'), 'zod and the generator are left out of the bundle');
  });

  test('the bundled authorizer and create_data run against the stack with the credentials Lambda puts in the environment', async () => {
    // The bundles take their credentials from the environment alone (infra/lambda-credentials.ts),
    // sign with them, and reach DynamoDB, SSM and S3 through the endpoints of the environment.
    const authorizer = await loadBundle<(e: unknown, c: Context) => Promise<APIGatewayAuthorizerResult>>('authorizer');
    const createData = await loadBundle<(e: APIGatewayProxyEvent, c: Context) => Promise<APIGatewayProxyResult>>('create_data');
    const methodArn = 'arn:aws:execute-api:local:000000000000:local/test/POST/api/create_data';
    const context = { awsRequestId: 'bundle-test', functionName: 'create_data', getRemainingTimeInMillis: () => 28_000 } as Context;
    const decision = await authorizer({ type: 'REQUEST', methodArn, headers: { authorization: `Bearer ${api.key}` } }, context);
    assert.equal(decision.policyDocument.Statement[0]?.Effect, 'Allow');
    const answer = await createData(
      {
        httpMethod: 'POST',
        path: '/api/create_data',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ params: { model: 'res.partner', vals: { payload: { name: 'Made by a bundle' } } } }),
        isBase64Encoded: false,
        requestContext: { requestId: 'bundle-test', authorizer: { ...decision.context, principalId: decision.principalId } },
      } as unknown as APIGatewayProxyEvent,
      context,
    );
    const body = JSON.parse(answer.body) as { result: { is_success: boolean; result: { id: number } } };
    assert.equal(body.result.is_success, true, answer.body);
    assert.equal((await readBack('res.partner', body.result.result.id))?.name, 'Made by a bundle');
  });
});
