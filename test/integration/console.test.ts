/**
 * The operators' console over HTTP, as a browser and an attacker's page would call it: its page's
 * headers, operator logins, the session cookie, CSRF and Origin checks, and its API on the CLI's code.
 */
import assert from 'node:assert/strict';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { after, describe, test } from 'node:test';
import { hashKey } from '../../shared/auth/keys';
import { OUTPUTS, stackName, usagePlanName } from '../../shared/deployment';
import { useTestApi } from '../support/api';
import { startFakeAws } from '../support/aws-fakes';
import { createUser, login, sessionCookieOf } from '../support/auth';
import { allLogs, latestLog } from '../support/logs';
import { paramsReadAgain } from '../support/params';
import { snapshot, unique } from '../support/records';
import { countBy, watchAllCalls } from '../support/sdk-calls';

let operator: string;
let plain: string;
const PASSWORD = 'operator pass phrase';
const ssm = new SSMClient({});
const api = useTestApi(async () => {
  operator = unique('op-');
  plain = unique('plain-');
  await createUser(operator, PASSWORD, { companyId: 1, allowedCompanyIds: 'all' }, { operator: true });
  await createUser(plain, PASSWORD, { companyId: 1 });
});
after(async () => {
  ssm.destroy();
});

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** A request as the console's page sends it: same origin, JSON. */
async function request(method: string, path: string, options: { cookie?: string; csrf?: string; origin?: string | null; body?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.csrf) headers['x-csrf-token'] = options.csrf;
  const origin = options.origin === undefined ? api.url : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}/console/${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), redirect: 'manual' });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // the page's files
  }
  return { status: res.status, body, headers: res.headers };
}

async function consoleLogin(user = operator): Promise<{ cookie: string; csrf: string }> {
  const res = await request('POST', 'api/login', { body: { login: user, password: PASSWORD } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { cookie: /^(webhook_console=[^;]+)/.exec(res.headers.get('set-cookie')!)![1]!, csrf: res.body.csrf };
}

describe('the page', () => {
  test('is served at /console/ with a Content-Security-Policy that allows only its own scripts, no inline ones', async () => {
    const page = await request('GET', '');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    const script = await request('GET', 'app.js');
    assert.match(script.headers.get('content-type')!, /^text\/javascript/);
    assert.equal((await request('GET', 'nope.js')).status, 404);
  });

  test('/console redirects to /console/, relatively, so that it holds under a stage prefix', async () => {
    const res = await fetch(`${api.url}/console`, { redirect: 'manual' });
    assert.equal(res.status, 308);
    assert.equal(res.headers.get('location'), 'console/');
  });
});

describe('logging in', () => {
  test('an operator gets an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const res = await request('POST', 'api/login', { body: { login: operator, password: PASSWORD } });
    assert.equal(res.status, 200);
    assert.equal(res.body.login, operator);
    assert.match(res.body.csrf, /^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get('set-cookie')!;
    assert.deepEqual(cookie.split('; ').slice(1), ['HttpOnly', 'Path=/', 'SameSite=Strict', 'Max-Age=28800'], 'no Secure over plain HTTP');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  test('a user who is not an operator is refused, with no cookie; a wrong password is Access Denied', async () => {
    const refused = await request('POST', 'api/login', { body: { login: plain, password: PASSWORD } });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'FORBIDDEN');
    assert.equal(refused.headers.get('set-cookie'), null);
    const wrong = await request('POST', 'api/login', { body: { login: operator, password: 'not the password' } });
    assert.deepEqual([wrong.status, wrong.body.error.code], [401, 'ACCESS_DENIED']);
  });

  test("a login posted from another site's page (Origin) or without an Origin is refused", async () => {
    for (const origin of ['https://evil.example', null]) {
      const res = await request('POST', 'api/login', { origin, body: { login: operator, password: PASSWORD } });
      assert.equal(res.status, 403, String(origin));
      assert.equal(res.headers.get('set-cookie'), null);
    }
  });
});

describe('sessions', () => {
  test('the API needs a console session: none, a webhook session_id or a made-up cookie is 401', async () => {
    const webhook = sessionCookieOf(await login(api, { db: 'webhook', login: operator, password: PASSWORD }));
    for (const cookie of [undefined, webhook, 'webhook_console=made-up']) {
      const res = await request('GET', 'api/logs', { cookie });
      assert.deepEqual([res.status, res.body.error.code], [401, 'UNAUTHENTICATED'], String(cookie));
    }
    assert.deepEqual((await request('GET', 'api/session', { cookie: webhook })).body, { login: null });
  });

  test("a console session is no credential of the API's routes", async () => {
    const { cookie } = await consoleLogin();
    const res = await api.call('/api/search_data', { model: 'res.company', vals: {} }, { key: null, headers: { cookie: `session_id=${cookie.split('=')[1]}` } });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, 'Session expired');
  });

  test('logout ends the session; disabling the user ends it at once', async () => {
    const first = await consoleLogin();
    const out = await request('POST', 'api/logout', first);
    assert.equal(out.status, 200);
    assert.match(out.headers.get('set-cookie')!, /^webhook_console=; .*Max-Age=0/);
    assert.equal((await request('GET', 'api/logs', first)).status, 401);

    const user = unique('op-');
    await createUser(user, PASSWORD, { companyId: 1 }, { operator: true });
    const second = await consoleLogin(user);
    assert.equal((await request('GET', 'api/keys', second)).status, 200);
    const { disableUser } = await import('../../shared/auth/user-admin');
    await disableUser(user);
    assert.equal((await request('GET', 'api/keys', second)).status, 401);
  });
});

describe('changes are CSRF-safe', () => {
  test('a change without the CSRF token, with a wrong one or from another origin is refused and changes nothing; with both it is made', async () => {
    const session = await consoleLogin();
    const change = (options: { csrf?: string; origin?: string | null }) =>
      request('POST', 'api/params/search_max_limit', { cookie: session.cookie, ...options, body: { value: '777' } });
    for (const attempt of [{}, { csrf: 'x'.repeat(43) }, { csrf: session.csrf, origin: 'https://evil.example' }, { csrf: session.csrf, origin: null }]) {
      const res = await change(attempt);
      assert.deepEqual([res.status, res.body.error.code], [403, 'FORBIDDEN'], JSON.stringify(attempt));
    }
    const stored = () => ssm.send(new GetParameterCommand({ Name: `${api.prefix}search_max_limit` })).then((r) => r.Parameter?.Value, () => undefined);
    assert.equal(await stored(), undefined);
    const made = await change({ csrf: session.csrf });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.deepEqual(made.body, { name: 'search_max_limit', value: '777', full_name: `${api.prefix}search_max_limit` });
    assert.equal(await stored(), '777');
    await api.setParam('search_max_limit', '1000');
  });
});

describe('what operators do', () => {
  test('parameters: value, default and source of each; a value the functions would not accept is refused', async () => {
    const session = await consoleLogin();
    const { params } = (await request('GET', 'api/params', session)).body;
    const preview = params.find((p: { name: string }) => p.name === 'preview_limit');
    assert.deepEqual({ ...preview, value: '', source: '' }, { name: 'preview_limit', value: '', default: '2000', source: '', doc: preview.doc, accepts: 'a whole number, at least 0' });
    const bad = await request('POST', 'api/params/preview_limit', { ...session, body: { value: '-5' } });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'INVALID_VALUE']);
    assert.match(bad.body.error.message, /'-5' is not a valid value for preview_limit/);
  });

  test('logs: newest first, filtered, a page at a time without a Scan; one log with its whole request and response', async () => {
    const session = await consoleLogin();
    const model = 'res.partner';
    for (const name of ['one', 'two', 'three']) await api.call('/api/create_data', { model, vals: { payload: { name } } });
    await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: { ref: unique('nobody') } } } });
    const newest = (await allLogs({ route: 'create_data', model })).slice(0, 3).map((l) => l.log_id);
    const watched = await watchAllCalls(() => request('GET', `api/logs?route=create_data&model=${model}&limit=2`, session));
    const first = watched.result.body;
    assert.deepEqual(first.logs.map((l: { log_id: string }) => l.log_id), newest.slice(0, 2));
    assert.equal(first.next, newest[1]);
    assert.deepEqual(Object.keys(countBy(watched.calls)).filter((c) => c !== 'GetItemCommand'), ['QueryCommand'], 'Queries, and the session read');
    const second = (await request('GET', `api/logs?route=create_data&model=${model}&limit=2&before=${first.next}`, session)).body;
    assert.equal(second.logs[0].log_id, newest[2]);
    const failed = (await request('GET', 'api/logs?state=failed&since=1h', session)).body.logs;
    assert.ok(failed.length >= 1 && failed.every((l: { state: string }) => l.state === 'failed'));
    const bad = await request('GET', 'api/logs?since=yesterday', session);
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'INVALID_VALUE']);

    const one = (await request('GET', `api/logs/${newest[0]}`, session)).body;
    assert.deepEqual(one.data, { model, vals: { payload: { name: 'three' } } });
    assert.equal(one.result.result.messages, 'Record created successfully');
    assert.equal(one.complete, true);
    assert.equal((await request('GET', `api/logs/${'0'.repeat(26)}`, session)).status, 404);
  });

  test('one log whose request and response were spilled to S3 is shown whole', async () => {
    const session = await consoleLogin();
    await api.setParam('preview_limit', '50');
    try {
      await paramsReadAgain();
      const params = { model: 'res.partner', vals: { payload: { name: 'Spilled', street: 'long '.repeat(40) } } };
      const answer = await api.call('/api/create_data', params);
      const log = await latestLog();
      assert.ok(log.attachment && log.data_preview.length < 60, 'cut in the log, whole in S3');
      const one = (await request('GET', `api/logs/${log.log_id}`, session)).body;
      assert.deepEqual([one.data, one.result, one.complete], [params, answer.body, true]);
    } finally {
      await api.setParam('preview_limit', '2000');
    }
  });

  test('replay sends a logged request again as the operator, a dry run first where the route takes one; the new logs name the one replayed', async () => {
    const session = await consoleLogin();
    const ref = unique('late-');
    await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: { ref } } } });
    const failed = (await allLogs({ state: 'failed', model: 'sale.order' }))[0]!;
    await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Late', ref } } });
    assert.equal((await request('GET', `api/logs/${failed.log_id}`, session)).body.dry_run, true, 'create_data takes a dry run');

    const before = await snapshot();
    const dry = await request('POST', `api/logs/${failed.log_id}/replay`, { ...session, body: { dry_run: true } });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.text, '/api/create_data (dry run) -> 200 done: Dry run: nothing written');
    assert.deepEqual(dry.body.answer.result.result.would.create, { 'sale.order': 1 });
    assert.deepEqual(await snapshot(), before, 'the dry run wrote nothing');
    const dryLog = (await request('GET', `api/logs/${dry.body.new_log_id}`, session)).body.log;
    assert.deepEqual([dryLog.state, dryLog.replay_of], ['dry_run', failed.log_id]);

    const res = await request('POST', `api/logs/${failed.log_id}/replay`, { ...session, body: {} });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.ok, true, res.body.text);
    assert.match(res.body.text, /^\/api\/create_data -> 200 done: Record created successfully$/);
    const replayed = (await request('GET', `api/logs/${res.body.new_log_id}`, session)).body.log;
    assert.equal(replayed.replay_of, failed.log_id);
    assert.equal(replayed.principal_id, `user:${operator}`);

    await api.call('/api/search_data', { model: 'res.company', vals: {} });
    const [search] = await allLogs({ route: 'search_data' });
    assert.equal((await request('GET', `api/logs/${search!.log_id}`, session)).body.dry_run, false, 'search_data takes none');
    const refused = await request('POST', `api/logs/${search!.log_id}/replay`, { ...session, body: { dry_run: 'yes' } });
    assert.deepEqual([refused.status, refused.body.error.code], [400, 'INVALID_VALUE']);
  });

  test('a successful write is replayed only with force, which the page sends once the operator confirmed: the log says why', async () => {
    const session = await consoleLogin();
    const made = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('once-') } } });
    const written = await latestLog();
    const id = made.body.result.result.id;
    const why = `it was a successful write (create_data done, res.partner ${id}): sending it again writes again`;
    assert.equal((await request('GET', `api/logs/${written.log_id}`, session)).body.successful_write, why);

    const before = await snapshot();
    const refused = await request('POST', `api/logs/${written.log_id}/replay`, { ...session, body: {} });
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
    assert.deepEqual([refused.body.ok, refused.body.text, refused.body.new_log_id], [false, `not sent: ${why}`, null]);
    assert.deepEqual(await snapshot(), before, 'nothing sent, nothing written');
    const dry = await request('POST', `api/logs/${written.log_id}/replay`, { ...session, body: { dry_run: true } });
    assert.equal(dry.body.ok, true, dry.body.text);
    assert.deepEqual(await snapshot(), before, 'a dry run needs no confirmation, and writes nothing');

    const forced = await request('POST', `api/logs/${written.log_id}/replay`, { ...session, body: { force: true } });
    assert.equal(forced.body.ok, true, forced.body.text);
    assert.match(forced.body.text, /^\/api\/create_data -> 200 done: Record created successfully$/);
    assert.equal((await request('GET', `api/logs/${forced.body.new_log_id}`, session)).body.log.replay_of, written.log_id);

    await api.call('/api/create_data', { model: 'sale.order', vals: { payload: { partner_id: { ref: unique('nobody-') } } } });
    const failed = await latestLog();
    assert.equal(failed.state, 'failed');
    assert.equal((await request('GET', `api/logs/${failed.log_id}`, session)).body.successful_write, null, 'a failed call needs no confirmation');
  });

  test('keys: create (shown once), list without secrets, revoke; the revoked key stops working at once', async () => {
    const session = await consoleLogin();
    const made = await request('POST', 'api/keys', { ...session, body: { name: 'From the console', company_id: '1', allowed_company_ids: '', routes: 'search_data', models: '' } });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.deepEqual(made.body.principal, { name: 'From the console', id: `key:${made.body.id}`, companyId: 1, allowedCompanyIds: [1], routes: ['search_data'] });
    const search = () => api.call('/api/search_data', { model: 'res.company', vals: {} }, { key: made.body.key });
    assert.equal((await search()).status, 200);
    const listed = await request('GET', 'api/keys', session);
    assert.ok(listed.body.keys.some((k: { id: string }) => k.id === made.body.id));
    assert.ok(!JSON.stringify(listed.body).includes(made.body.key.slice(4)));
    const revoked = await request('POST', `api/keys/${made.body.id}/revoke`, session);
    assert.equal(revoked.body.status, 'revoked');
    assert.equal((await search()).status, 401);
    const bad = await request('POST', 'api/keys', { ...session, body: { name: 'x', company_id: '1', routes: 'create_dta' } });
    assert.deepEqual([bad.status, bad.body.error.code], [400, 'INVALID_VALUE']);
    assert.match(bad.body.error.message, /routes: unknown route 'create_dta'/);
  });

  test('in AWS, a key made in the console is also an API Gateway key in the usage plan, deleted when the key is revoked', async () => {
    const aws = await startFakeAws(stackName('test'), { [OUTPUTS.usagePlanId]: 'plan42' });
    // What the stack gives the console's function (infra/console.ts), with API Gateway at the fake.
    Object.assign(process.env, { STAGE: 'test', USAGE_PLAN_NAME: usagePlanName('test'), AWS_ENDPOINT_URL_API_GATEWAY: aws.endpoint });
    try {
      const session = await consoleLogin();
      const made = await request('POST', 'api/keys', { ...session, body: { name: 'Metered', company_id: '1' } });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const [gatewayKey] = [...aws.apiKeys.values()];
      assert.deepEqual(gatewayKey, { name: `webhook-test-key-${made.body.id}`, value: hashKey(made.body.key), description: 'Metered', usagePlanIds: ['plan42'] });
      await request('POST', `api/keys/${made.body.id}/revoke`, session);
      assert.equal(aws.apiKeys.size, 0);
    } finally {
      for (const name of ['STAGE', 'USAGE_PLAN_NAME', 'AWS_ENDPOINT_URL_API_GATEWAY']) delete process.env[name];
      await aws.stop();
    }
  });
});
