/**
 * The operator CLI's `keys` and `users` commands, run as child processes the way an operator runs
 * them: against this file's local stack (through an endpoints.json, as `npm start` writes it), and
 * with `--stage` against stand-ins for CloudFormation and API Gateway.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { hashKey, listKeys } from '../../shared/auth/keys';
import { findUser } from '../../shared/auth/users';
import { OUTPUTS, stackName } from '../../shared/deployment';
import { resourceEnvironment } from '../../local/names';
import { useTestApi } from '../support/api';
import { login } from '../support/auth';
import { startFakeAws, type FakeAws } from '../support/aws-fakes';
import { unique } from '../support/records';
import { createData } from '../support/rpc';

const root = join(import.meta.dirname, '../..');
let dataDir: string;
let aws: FakeAws;
let brokenAws: FakeAws;

const api = useTestApi(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cli-auth-'));
  const env = process.env;
  const endpoints = { api: api.url, dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB, s3: env.AWS_ENDPOINT_URL_S3, ssm: env.AWS_ENDPOINT_URL_SSM, region: 'us-east-1' };
  writeFileSync(join(dataDir, 'endpoints.json'), JSON.stringify({ ...endpoints, ...resourceEnvironment(api.resources) }));
  const r = api.resources;
  const outputs = (usagePlanId: string) => ({
    [OUTPUTS.apiUrl]: api.url,
    [OUTPUTS.recordsTable]: r.recordsTable,
    [OUTPUTS.authTable]: r.authTable,
    [OUTPUTS.logsTable]: r.logsTable,
    [OUTPUTS.filesBucket]: r.filesBucket,
    [OUTPUTS.paramsPrefix]: r.paramsPrefix,
    [OUTPUTS.usagePlanId]: usagePlanId,
  });
  aws = await startFakeAws(stackName('test'), outputs('plan123'));
  brokenAws = await startFakeAws(stackName('test'), outputs('broken'));
});
after(async () => {
  await Promise.all([aws.stop(), brokenAws.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run <group> -- <args>`, without npm: node with tsx, as the package scripts run it. */
function cli(args: string[], options: { stdin?: string; fake?: FakeAws } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  if (options.fake) Object.assign(env, { AWS_ENDPOINT_URL_CLOUDFORMATION: options.fake.endpoint, AWS_ENDPOINT_URL_API_GATEWAY: options.fake.endpoint });
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: root, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const createWith = (key: string) => createData(api, 'res.partner', { payload: { name: 'via CLI key' } }, { key });

describe('keys, locally', { concurrency: true }, () => {
  test('keys create --json prints the key once, and the key works; keys list shows it without the secret', async () => {
    const made = await cli(['keys', 'create', '--name', 'Shop sync', '--company-id', '1', '--routes', 'create_data', '--json']);
    assert.equal(made.code, 0, made.stderr);
    const { id, key, principal } = JSON.parse(made.stdout);
    assert.match(key, /^whk_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(principal, { name: 'Shop sync', id: `key:${id}`, companyId: 1, allowedCompanyIds: [1], routes: ['create_data'] });
    assert.equal((await createWith(key)).body.result.is_success, true);

    const [table, json] = await Promise.all([cli(['keys', 'list']), cli(['keys', 'list', '--json'])]);
    assert.equal(table.code, 0, table.stderr);
    const row = table.stdout.split('\n').find((line) => line.startsWith(id))!;
    assert.match(row, new RegExp(`^${id}\\s+Shop sync\\s+1\\s+1\\s+create_data\\s+all\\s+\\d{4}-`));
    assert.match(table.stdout, /^ID\s+NAME\s+COMPANY\s+COMPANIES\s+ROUTES\s+MODELS\s+CREATED\s+REVOKED$/m);
    const listed = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(listed.find((k) => k.id === id), {
      id,
      name: 'Shop sync',
      company_id: 1,
      allowed_company_ids: [1],
      routes: ['create_data'],
      models: null,
      created_at: listed.find((k) => k.id === id).created_at,
      revoked_at: null,
      gateway_key_id: null,
    });
    for (const out of [table.stdout, json.stdout]) assert.ok(!out.includes(key.slice(4)) && !out.includes(hashKey(key)));
  });

  test('keys create without --json prints the key with how to send it', async () => {
    const made = await cli(['keys', 'create', '--name', 'POS', '--company-id', '1', '--allowed-company-ids', 'all']);
    assert.equal(made.code, 0, made.stderr);
    const key = /(whk_\S+)/.exec(made.stdout)![1]!;
    assert.match(made.stdout, /shown only this once/);
    assert.equal((await createWith(key)).body.result.is_success, true);
  });

  test('keys revoke stops the key at once; revoking again says so; an unknown id fails', async () => {
    const { id, key } = JSON.parse((await cli(['keys', 'create', '--name', 'temp', '--company-id', '1', '--json'])).stdout);
    const revoked = await cli(['keys', 'revoke', id]);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Key ${id} \\(temp\\) revoked`));
    const res = await createWith(key);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, 'Invalid apikey');
    const again = await cli(['keys', 'revoke', id]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /was already revoked/);
    const unknown = await cli(['keys', 'revoke', 'nope']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no key with id 'nope'/);
  });

  test('keys create refuses unknown routes, models and companies and a missing name, with exit code 2 and nothing saved', async () => {
    const cases: [string[], RegExp][] = [
      [['--name', 'refused', '--company-id', '1', '--routes', 'create_dta'], /--routes: unknown route 'create_dta'/],
      [['--name', 'refused', '--company-id', '1', '--models', 'res.partners'], /--models: unknown model 'res.partners'/],
      [['--name', 'refused', '--company-id', '999'], /No company with id 999/],
      [['--name', 'refused', '--company-id', '1', '--allowed-company-ids', '1,two'], /'two' is not a company id/],
      [['--company-id', '1'], /--name is required/],
      [['--name', 'refused'], /--company-id is required/],
      [['--name', 'refused', '--company-id', '1', '--colour', 'red'], /Unknown option '--colour'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(['keys', 'create', ...args])));
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, `${cases[i]![0].join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, cases[i]![1]);
    });
    assert.deepEqual((await listKeys()).filter((k) => k.principal.name === 'refused'), []);
  });

  test('without a local stack the CLI says how to start one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cli-empty-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'keys', 'list'], { cwd: root, env: { ...process.env, DATA_DIR: empty } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 1);
      assert.match(stderr, /start it with `npm start`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('users, locally', { concurrency: true }, () => {
  test('users create reads the password from a pipe, and the user can log in with it', async () => {
    const user = unique('cli-user-');
    const made = await cli(['users', 'create', '--login', user, '--name', 'CLI user', '--company-id', '1', '--json'], { stdin: 'a pass phrase\n' });
    assert.equal(made.code, 0, made.stderr);
    const { uid, principal } = JSON.parse(made.stdout);
    assert.deepEqual(principal, { name: 'CLI user', id: `user:${user}`, companyId: 1, allowedCompanyIds: [1] });
    const res = await login(api, { db: 'webhook', login: user, password: 'a pass phrase' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.result.uid, uid);
  });

  test('users create refuses a short password, a password of several lines and an existing login', async () => {
    const user = unique('cli-dup-');
    assert.equal((await cli(['users', 'create', '--login', user, '--company-id', '1'], { stdin: 'long enough\n' })).code, 0);
    const cases: [string, string, RegExp][] = [
      [unique('cli-short-'), 'short\n', /at least 8 characters/],
      [unique('cli-lines-'), 'first line\nsecond line\n', /one line/],
      [user, 'another password\n', /exists already/],
    ];
    const runs = await Promise.all(cases.map(([login, stdin]) => cli(['users', 'create', '--login', login, '--company-id', '1'], { stdin })));
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, cases[i]![2]);
    });
  });
});

describe('keys and users on a deployed stage (--stage)', { concurrency: true }, () => {
  test("keys create makes an API Gateway key valued at the key's hash, in the stage's usage plan; keys revoke deletes it", async () => {
    const made = await cli(['keys', 'create', '--name', 'Partner portal', '--company-id', '1', '--json', '--stage', 'test'], { fake: aws });
    assert.equal(made.code, 0, made.stderr);
    const { id, key } = JSON.parse(made.stdout);
    const [gatewayKeyId, gatewayKey] = [...aws.apiKeys].find(([, k]) => k.name === `webhook-test-key-${id}`)!;
    assert.deepEqual(gatewayKey, { name: `webhook-test-key-${id}`, value: hashKey(key), description: 'Partner portal', usagePlanIds: ['plan123'] });
    assert.ok(!JSON.stringify(aws.requests).includes(key), 'the secret never reaches API Gateway');
    assert.equal((await listKeys()).find((k) => k.keyId === id)?.gatewayKeyId, gatewayKeyId);

    const revoked = await cli(['keys', 'revoke', id, '--stage', 'test'], { fake: aws });
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`API Gateway key ${gatewayKeyId} is deleted`));
    assert.equal(aws.apiKeys.has(gatewayKeyId), false);
    assert.equal((await createWith(key)).status, 401);
  });

  test('users create makes an API Gateway key for its sessions, valued at its usage key', async () => {
    const user = unique('stage-user-');
    const made = await cli(['users', 'create', '--login', user, '--company-id', '1', '--json', '--stage', 'test'], { fake: aws, stdin: 'stage password\n' });
    assert.equal(made.code, 0, made.stderr);
    const { uid } = JSON.parse(made.stdout);
    const saved = await findUser(user);
    const gatewayKey = aws.apiKeys.get(saved!.gatewayKeyId!);
    assert.deepEqual(gatewayKey, { name: `webhook-test-user-${uid}`, value: saved!.usageKey, description: `sessions of ${user}`, usagePlanIds: ['plan123'] });
  });

  test('when the usage plan refuses the key, its API key is deleted again and nothing is saved', async () => {
    const made = await cli(['keys', 'create', '--name', 'doomed', '--company-id', '1', '--stage', 'test'], { fake: brokenAws });
    assert.equal(made.code, 1);
    assert.match(made.stderr, /Invalid usage plan/);
    assert.doesNotMatch(made.stdout, /whk_/);
    assert.equal(brokenAws.apiKeys.size, 0);
    assert.deepEqual(brokenAws.requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{10}/, '<id>')}`), [
      'POST cloudformation:DescribeStacks',
      'POST /apikeys',
      'POST /usageplans/broken/keys',
      'DELETE /apikeys/<id>',
    ]);
    assert.deepEqual((await listKeys()).filter((k) => k.principal.name === 'doomed'), []);
  });

  test('an unknown stage is a clear error', async () => {
    const run = await cli(['keys', 'list', '--stage', 'nowhere'], { fake: aws });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Cannot read the stack Webhook-nowhere/);
  });
});
