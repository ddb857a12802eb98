import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** The folder of the bundle CDK built for a function. */
const assetOf = (name: string) => {
  const f = s.functions().find((x) => x.name === name)!;
  return join(s.outdir, `asset.${(f.props.Code.S3Key as string).replace(/\.zip$/, '')}`);
};
const bundleUrl = (name: string) => pathToFileURL(join(assetOf(name), 'index.mjs')).href;

/** The bundle CDK built for a function, loaded as Lambda loads it. */
async function loadBundle<H>(name: string): Promise<H> {
  return ((await import(bundleUrl(name))) as { handler: H }).handler;
}

const grantsOf = (fn: IFunction) => statementsOfRole(s.template, logicalId(s.stack, fn.role!));

describe('functions', () => {
  test('one nodejs24.x arm64 function per route of lambdas/routes.ts, plus the authorizer, the console, the migration function and the recovery, each traced in X-Ray', () => {
    const ours = s.functions().map((f) => f.props);
    assert.deepEqual(
      ours.map((f) => f.Description).sort(),
      [
        ...ROUTES.map((r) => `${methodOf(r)} ${r.path}`),
        'Lambda authorizer: API key or session to principal',
        "Operators' console: ANY /console",
        'Migrates the stored records to the catalogue (npm run catalogue -- migrate --stage)',
        'Settles writes whose request died midway (every minute)',
      ].sort(),
    );
    for (const f of ours) {
      assert.equal(f.Runtime, 'nodejs24.x');
      assert.deepEqual(f.Architectures, ['arm64']);
      assert.equal(f.Handler, 'index.handler');
      assert.deepEqual(f.TracingConfig, { Mode: 'Active' });
    }
    for (const f of s.functions()) {
      assert.ok(f.statements.some((st) => st.Resource === '*' && actionsOf(st).sort().join() === 'xray:PutTelemetryRecords,xray:PutTraceSegments'), f.name);
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
        NODE_OPTIONS: '--enable-source-maps',
        // The console finds its stage's usage plan by name, to add the keys it creates.
        ...(f.name === 'console' ? { STAGE: 'test', USAGE_PLAN_NAME: 'webhook-test' } : {}),
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

  test('no function may scan a table, use a wildcard action or reach a resource outside the stack (but X-Ray, whose actions take none)', () => {
    for (const f of s.functions()) {
      for (const st of f.statements) {
        assert.ok(!actionsOf(st).includes('dynamodb:Scan'), f.name);
        assert.ok(actionsOf(st).every((a) => !a.includes('*')), `${f.name}: ${actionsOf(st).join(',')}`);
        if (st.Resource === '*') assert.ok(actionsOf(st).every((a) => a.startsWith('xray:Put')), `${f.name}: ${actionsOf(st).join(',')}`);
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

  test('webhook routes append API logs: put into the logs table and under logs/ in the bucket (with a retention tag), never read or delete them, but for the answers kept for an Idempotency-Key', () => {
    for (const { route, fn } of s.stack.functions.routes.filter((r) => isWebhookRoute(r.route))) {
      const statements = grantsOf(fn);
      assert.deepEqual(actionsOn(statements, s.arnOf(s.stack.data.tables.logs)), ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], route.path);
      const logsObjects = { 'Fn::Join': ['', [s.arnOf(s.stack.data.bucket), '/logs/*']] };
      assert.deepEqual(actionsOn(statements, logsObjects), ['s3:PutObject', 's3:PutObjectTagging'], route.path);
      // The one object they read back: an answer kept for an Idempotency-Key, too large for its item.
      const answers = { 'Fn::Join': ['', [s.arnOf(s.stack.data.bucket), '/logs/answers/*']] };
      assert.deepEqual(actionsOn(statements, answers), route.records === 'write' ? ['s3:GetObject'] : [], route.path);
    }
  });

  test('attachment bytes are reached under attachments/ only: written by routes that write records', () => {
    const attachments = { 'Fn::Join': ['', [s.arnOf(s.stack.data.bucket), '/attachments/*']] };
    for (const { route, fn } of s.stack.functions.routes.filter((r) => isWebhookRoute(r.route))) {
      const statements = grantsOf(fn);
      const expected = route.records === 'write' ? ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
      assert.deepEqual(actionsOn(statements, attachments), expected, route.path);
      const s3 = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')));
      assert.ok(s3.every((st) => /\/(attachments|logs|logs\/answers)\/\*"/.test(JSON.stringify(st.Resource))), route.path);
    }
  });

  test("the routes read the stage's parameters by path, the one call the code makes, and no other stage's", () => {
    for (const { route, fn } of s.stack.functions.routes.filter((r) => !describesApi(r.route))) {
      const ssm = grantsOf(fn).filter((st) => actionsOf(st).some((a) => a.startsWith('ssm:')));
      assert.equal(ssm.length, 1, route.path);
      assert.deepEqual(actionsOf(ssm[0]!), ['ssm:GetParametersByPath']);
      const arns = JSON.stringify(ssm[0]!.Resource);
      assert.match(arns, /:parameter\/webhook\/test"/);
      assert.match(arns, /:parameter\/webhook\/test\/\*"/);
      assert.equal((ssm[0]!.Resource as unknown[]).length, 2);
    }
  });

  test('the routes that describe the API (fields_get, the OpenAPI document) may reach no table, bucket or parameter (but write their traces)', () => {
    const describing = s.stack.functions.routes.filter((r) => describesApi(r.route));
    assert.deepEqual(describing.map((r) => r.route.handler).sort(), ['fields_get', 'openapi']);
    for (const { route, fn } of describing) assert.deepEqual(grantsOf(fn).flatMap(actionsOf).filter((a) => !a.startsWith('xray:')), [], route.path);
  });

  test('the authorizer reads the auth table, and nothing else (but writes its traces)', () => {
    const authorizer = s.functions().find((f) => f.name === 'authorizer')!;
    assert.deepEqual(authorizer.statements.flatMap(actionsOf).filter((a) => !a.startsWith('xray:')).sort(), READ);
    assert.deepEqual(actionsOn(authorizer.statements, s.arnOf(s.stack.data.tables.auth)), READ);
  });
});

describe('bundles', () => {
  test('each function is one minified ESM bundle with the AWS SDK inside and its source map, that loads in Node and exports its handler', async (t) => {
    for (const f of s.functions()) {
      const asset = assetOf(f.name);
      // The console's page files are beside its bundle (a test below reads them).
      assert.deepEqual(readdirSync(asset).sort(), ['index.mjs', 'index.mjs.map', ...(f.name === 'console' ? ['console'] : [])].sort(), f.name);
      const file = join(asset, 'index.mjs');
      const size = statSync(file).size;
      const code = readFileSync(file, 'utf8');
      // Minified code runs in long lines; readable code averages a few dozen characters a line.
      assert.ok(code.split('\n').length < size / 200, `${f.name} is minified`);
      // A module specifier, not any quoted text after the word (the API Gateway client has a string "from").
      const imported = [...code.matchAll(/\bfrom\s*["']([\w@./:-]+)["']/g)].map((m) => m[1]!);
      assert.deepEqual(imported.filter((m) => !m.startsWith('node:')), [], `${f.name} imports only Node built-ins`);
      t.diagnostic(`${f.name}: ${(size / 1024).toFixed(0)} KB`);
      // A bundle this big is still fine for a cold start; much bigger means a dependency to look at.
      assert.ok(size < 1024 * 1024, `${f.name} is ${size} bytes`);
      const module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      assert.equal(typeof module.handler, 'function', f.name);
    }
  });

  test("a stack trace in a function's log names the TypeScript file and line: Lambda's NODE_OPTIONS turn the bundle's source map on", () => {
    const authorizer = s.functions().find((f) => f.name === 'authorizer')!;
    // An event the authorizer cannot read makes it throw, as a bug would; the runtime logs the stack.
    const script = `const { handler } = await import(${JSON.stringify(bundleUrl('authorizer'))});
      try { await handler(null, { awsRequestId: 'x', functionName: 'authorizer', getRemainingTimeInMillis: () => 1000 }); }
      catch (error) { console.log(error.stack); }`;
    const stackOf = (nodeOptions: string) =>
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: nodeOptions } });
    const mapped = stackOf(authorizer.props.Environment.Variables.NODE_OPTIONS as string);
    assert.match(mapped, /shared\/auth\/authorize\.ts:\d+:\d+/, mapped);
    const unmapped = stackOf('');
    assert.doesNotMatch(unmapped, /\.ts:\d+/, 'without the option, the stack names the bundle only');
    assert.match(unmapped, /index\.mjs:\d+/);
  });

  test('the bundled OpenAPI function serves the document generated at synthesis, without the code that generates it', async () => {
    const serve = await loadBundle<(e: Partial<APIGatewayProxyEvent>) => Promise<APIGatewayProxyResult>>('openapi');
    const answer = await serve({ resource: '/api/openapi.json', requestContext: { path: '/test/api/openapi.json' } as APIGatewayProxyEvent['requestContext'] });
    assert.equal(answer.statusCode, 200);
    assert.deepEqual(JSON.parse(answer.body), { servers: [{ url: '/test' }], ...openApiDocument(catalogue, { routes: ROUTES }) });
    const code = readFileSync(join(assetOf('openapi'), 'index.mjs'), 'utf8');
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

  test("the console's bundle carries its page, and serves it as Lambda runs it, under the page's Content-Security-Policy", async () => {
    const asset = assetOf('console');
    assert.deepEqual(readdirSync(join(asset, 'console', 'public')).sort(), readdirSync(join(import.meta.dirname, '../../console/public')).sort());
    process.env.LAMBDA_TASK_ROOT = asset;
    try {
      // A module of its own (the test above loaded the bundle without LAMBDA_TASK_ROOT, which Lambda
      // sets before it loads one, and which the bundle reads as it loads).
      const handler = (await import(`${pathToFileURL(join(asset, 'index.mjs')).href}?task-root`)).handler as (e: APIGatewayProxyEvent, c: Context) => Promise<APIGatewayProxyResult>;
      const context = { awsRequestId: 'console-bundle', functionName: 'console', getRemainingTimeInMillis: () => 28_000 } as Context;
      const event = (path: string) => ({ httpMethod: 'GET', path, headers: {}, requestContext: { requestId: 'console-bundle', path: `/test${path}` } }) as unknown as APIGatewayProxyEvent;
      const page = await handler(event('/console/'), context);
      assert.equal(page.statusCode, 200);
      assert.equal(page.body, readFileSync(join(import.meta.dirname, '../../console/public/index.html'), 'utf8'));
      assert.match(String(page.headers?.['content-security-policy']), /script-src 'self'/);
      assert.equal((await handler(event('/console/views/logs.js'), context)).statusCode, 200);
    } finally {
      delete process.env.LAMBDA_TASK_ROOT;
    }
  });

  test('in Lambda with tracing on, every DynamoDB, SSM and S3 call is a subsegment of the request\'s trace, whose handler subsegment carries the request id', async () => {
    // The bundles run as Lambda runs them (its environment variables, the trace header of an
    // invocation); what the X-Ray SDK sends to the daemon arrives here, over UDP on loopback.
    const daemon = createSocket('udp4');
    const segments: { name: string; type?: string; trace_id?: string; aws?: { operation?: string }; annotations?: Record<string, unknown> }[] = [];
    daemon.on('message', (m) => segments.push(JSON.parse(m.toString().split('\n')[1]!)));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const traceId = '1-5759e988-bd862e3fe1be46a994272793';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      LAMBDA_TASK_ROOT: assetOf('create_data'),
      _HANDLER: 'index.handler',
      _X_AMZN_TRACE_ID: `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`,
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    };
    // One invocation at a time, as in a standard Lambda execution environment.
    delete env.AWS_LAMBDA_MAX_CONCURRENCY;
    const requestId = `traced-${randomUUID()}`;
    // A street past the preview limit spills the API log's request to S3.
    const body = JSON.stringify({ params: { model: 'res.partner', vals: { payload: { name: 'Traced', street: 'x'.repeat(2100) } } } });
    const script = `const context = (functionName) => ({ awsRequestId: 'lambda-' + functionName, functionName, getRemainingTimeInMillis: () => 28000 });
      const requestContext = { requestId: ${JSON.stringify(requestId)} };
      const { handler: authorize } = await import(${JSON.stringify(bundleUrl('authorizer'))});
      const decision = await authorize({ type: 'REQUEST', methodArn: 'arn:aws:execute-api:local:0:local/test/POST/api/create_data', headers: { authorization: 'Bearer ${api.key}' }, requestContext }, context('authorizer'));
      const { handler } = await import(${JSON.stringify(bundleUrl('create_data'))});
      const answer = await handler({ httpMethod: 'POST', path: '/api/create_data', headers: {}, isBase64Encoded: false, body: ${JSON.stringify(body)},
        requestContext: { ...requestContext, authorizer: { ...decision.context, principalId: decision.principalId } } }, context('create_data'));
      console.log(JSON.parse(answer.body).result.is_success);`;
    try {
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--input-type=module', '-e', script], { env }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
      );
      assert.equal(out.trim(), 'true');
      const handlers = () => segments.filter((x) => x.name === '## index.handler');
      for (const deadline = Date.now() + 10_000; handlers().length < 2 && Date.now() < deadline; ) await sleep(50);
      assert.deepEqual(handlers().map((x) => x.annotations?.request_id), [requestId, requestId]);
      const calls = segments.filter((x) => x.type === 'subsegment' && x.aws?.operation).map((x) => `${x.name} ${x.aws!.operation}`);
      for (const call of ['DynamoDB GetItem', 'SSM GetParametersByPath', 'DynamoDB TransactWriteItems', 'S3 PutObject', 'DynamoDB PutItem']) {
        assert.ok(calls.includes(call), `${call} in ${calls.join(', ')}`);
      }
      assert.ok(segments.every((x) => x.trace_id === undefined || x.trace_id === traceId));
    } finally {
      daemon.close();
    }
  });
});
