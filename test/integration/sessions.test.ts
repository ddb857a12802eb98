import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FORGET_AFTER_SECONDS, lockSeconds, readFailures, recordFailure } from '../../shared/auth/login-failures';
import { newUsageKey } from '../../shared/auth/users';
import { newSessionId } from '../../shared/auth/sessions';
import { useTestApi, type RpcAnswer } from '../support/api';
import { freezeClock } from '../support/clock';
import { authTableText, createUser, login, saveUserSession, sessionCookieOf } from '../support/auth';
import { readBack, shardsOf, snapshot, unique } from '../support/records';
import { countBy, watchAllCalls } from '../support/sdk-calls';
import { createData, createRecord } from '../support/rpc';

let companyB: number;
const api = useTestApi(async () => {
  companyB = await createRecord(api, 'res.company', { name: 'Company B' });
});

const PASSWORD = 'correct horse battery';

function assertDenied(res: RpcAnswer, message = 'Access Denied', code = 'ACCESS_DENIED'): void {
  assert.equal(res.status, 401, JSON.stringify(res.body));
  assert.equal(res.body.error.message, message);
  assert.equal(res.body.error.data.code, code);
  assert.equal(res.headers.get('set-cookie'), null);
}

const createPartner = (headers: Record<string, string>, name = 'By session') => createData(api, 'res.partner', { payload: { name } }, { key: null, headers });

describe('/web/session/authenticate: opening a session', () => {
  test('the right login and password answer Odoo-like session info and an HttpOnly session cookie', async () => {
    const user = unique('shop-');
    const uid = await createUser(user, PASSWORD, { name: 'Shop sync', companyId: companyB, allowedCompanyIds: [1, companyB] });
    const res = await login(api, { db: 'webhook', login: user, password: PASSWORD });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.result, {
      uid,
      is_system: false,
      is_admin: false,
      user_context: { lang: 'en_US', tz: 'UTC', uid },
      db: 'webhook',
      name: 'Shop sync',
      username: user,
      partner_display_name: 'Shop sync',
      partner_id: false,
      company_id: companyB,
      user_companies: {
        current_company: companyB,
        allowed_companies: { '1': { id: 1, name: 'My Company' }, [companyB]: { id: companyB, name: 'Company B' } },
      },
    });
    const cookie = res.headers.get('set-cookie')!;
    assert.match(cookie, /^session_id=[A-Za-z0-9_-]{43}; /);
    const attributes = cookie.split('; ').slice(1);
    assert.deepEqual(attributes, ['HttpOnly', 'Path=/', 'SameSite=Lax', `Max-Age=${7 * 24 * 3600}`], 'no Secure over plain HTTP');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  test('the session cookie authenticates the webhook routes as the user, in its current company', async () => {
    const user = unique('pos-');
    await createUser(user, PASSWORD, { companyId: companyB });
    const cookie = sessionCookieOf(await login(api, { db: 'webhook', login: user, password: PASSWORD }));
    const res = await createPartner({ cookie: `theme=dark; ${cookie}; lang=en` });
    assert.equal(res.body.result?.is_success, true, JSON.stringify(res.body));
    assert.equal((await readBack('res.partner', res.body.result.result.id))?.company_id, companyB);
  });

  test('a user with every company allowed sees them all in user_companies', async () => {
    const user = unique('etl-');
    await createUser(user, PASSWORD, { companyId: 1, allowedCompanyIds: 'all' });
    const res = await login(api, { db: 'webhook', login: user, password: PASSWORD });
    const allowed = res.body.result.user_companies.allowed_companies;
    assert.deepEqual(allowed['1'], { id: 1, name: 'My Company' });
    assert.deepEqual(allowed[companyB], { id: companyB, name: 'Company B' });
  });

  test('a wrong password, an unknown login or a wrong db is 401 Access Denied, without a cookie', async () => {
    const user = unique('erp-');
    await createUser(user, PASSWORD, { companyId: 1 });
    assertDenied(await login(api, { db: 'webhook', login: user, password: 'wrong password' }));
    assertDenied(await login(api, { db: 'webhook', login: unique('nobody-'), password: PASSWORD }));
    assertDenied(await login(api, { db: 'production', login: user, password: PASSWORD }));
    assertDenied(await login(api, { db: 'webhook', login: user.toUpperCase(), password: PASSWORD }));
    assertDenied(await login(api, { db: 'webhook', login: 'x'.repeat(5000), password: PASSWORD }));
  });

  test('an unknown login takes as long as a wrong password: both check a scrypt hash', async () => {
    const user = unique('timing-');
    await createUser(user, PASSWORD, { companyId: 1 });
    const time = async (params: Record<string, unknown>) => {
      const start = performance.now();
      assertDenied(await login(api, params));
      return performance.now() - start;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      wrong.push(await time({ db: 'webhook', login: user, password: `wrong ${i}` }));
      unknown.push(await time({ db: 'webhook', login: unique('ghost-'), password: PASSWORD }));
    }
    // The fastest of each: a busy machine only ever adds time. Without the dummy check an unknown
    // login answers several times faster (no scrypt at all).
    const [u, w] = [Math.min(...unknown), Math.min(...wrong)];
    assert.ok(u > w * 0.5, `unknown login ${u.toFixed(0)} ms, wrong password ${w.toFixed(0)} ms`);
  });

  test('db, login and password that are missing or not text are 400 INVALID_REQUEST', async () => {
    for (const params of [{ login: 'a', password: 'b' }, { db: 'webhook', login: 'a' }, { db: 'webhook', login: 7, password: 'b' }]) {
      const res = await login(api, params);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.data.code, 'INVALID_REQUEST');
    }
    const res = await api.post('/web/session/authenticate', '{not json');
    assert.equal(res.body.error.data.code, 'PARSE_ERROR');
  });

  test('a login costs two sequential rounds of DynamoDB calls, a failed one two as well', async () => {
    const user = unique('rounds-');
    await createUser(user, PASSWORD, { companyId: 1, allowedCompanyIds: 'all' });
    const ok = await watchAllCalls(() => login(api, { db: 'webhook', login: user, password: PASSWORD }));
    assert.equal(ok.result.status, 200);
    assert.equal(ok.rounds, 2);
    // The names of every company (allowed 'all'): one Query per shard of res.company, sent at once.
    assert.deepEqual(countBy(ok.calls), { GetItemCommand: 2, TransactWriteItemsCommand: 1, QueryCommand: shardsOf('res.company') });
    const failed = await watchAllCalls(() => login(api, { db: 'webhook', login: user, password: 'wrong password' }));
    assert.equal(failed.result.status, 401);
    assert.equal(failed.rounds, 2);
    assert.deepEqual(countBy(failed.calls), { GetItemCommand: 2, UpdateItemCommand: 1 });
  });

  test('the JSON-RPC id is echoed', async () => {
    const user = unique('id-');
    await createUser(user, PASSWORD, { companyId: 1 });
    const res = await api.post('/web/session/authenticate', JSON.stringify({ jsonrpc: '2.0', id: 'abc', params: { db: 'webhook', login: user, password: PASSWORD } }));
    assert.equal(res.body.id, 'abc');
  });
});

describe('sessions on the webhook routes', () => {
  test('a made-up or tampered session cookie is 401 Session expired, and nothing is written', async () => {
    const user = unique('tamper-');
    await createUser(user, PASSWORD, { companyId: 1 });
    const cookie = sessionCookieOf(await login(api, { db: 'webhook', login: user, password: PASSWORD }));
    const before = await snapshot();
    assertDenied(await createPartner({ cookie: `session_id=${newSessionId()}` }), 'Session expired', 'UNAUTHENTICATED');
    assertDenied(await createPartner({ cookie: `${cookie.slice(0, -2)}xy` }), 'Session expired', 'UNAUTHENTICATED');
    assertDenied(await createPartner({ cookie: 'session_id=' }), 'User not authenticated, use the "Authorization" header', 'UNAUTHENTICATED');
    assert.deepEqual(await snapshot(), before);
  });

  test('an expired session is refused', async () => {
    const sessionId = newSessionId();
    const past = Math.floor(Date.now() / 1000) - 1;
    const principal = { name: 'old', id: 'user:old', companyId: 1, allowedCompanyIds: [1] };
    await saveUserSession(sessionId, { login: 'old', uid: 99, principal, usageKey: newUsageKey(), createdAt: new Date().toISOString(), expiresAt: past });
    assertDenied(await createPartner({ cookie: `session_id=${sessionId}` }), 'Session expired', 'UNAUTHENTICATED');
  });

  test('a key sent beside a session cookie is the credential that counts', async () => {
    const user = unique('both-');
    await createUser(user, PASSWORD, { companyId: 1 });
    const cookie = sessionCookieOf(await login(api, { db: 'webhook', login: user, password: PASSWORD }));
    assertDenied(await createPartner({ cookie, authorization: 'Bearer whk_wrong' }), 'Invalid apikey', 'UNAUTHENTICATED');
    assertDenied(await createPartner({ cookie, 'x-api-key': 'whk_wrong' }), 'Invalid apikey', 'UNAUTHENTICATED');
  });

  test('the auth table holds neither session ids nor passwords', async () => {
    const user = unique('hash-');
    const password = `pw-${unique()}-secret`;
    await createUser(user, password, { companyId: 1 });
    const cookie = sessionCookieOf(await login(api, { db: 'webhook', login: user, password }));
    const table = await authTableText();
    assert.ok(table.includes(user), 'the user is there');
    assert.ok(!table.includes(cookie.slice('session_id='.length)), 'no session id');
    assert.ok(!table.includes(password), 'no password');
  });
});

// The clock of the functions (which run in this process) is frozen in these tests, so that no
// lock can end while a slow machine runs the logins; the tests move it where a lock must end.
describe('repeated failed logins are slowed down', () => {
  test('after 4 failures in a row each further one locks the login for longer; right password or not', async (t) => {
    const clock = freezeClock(t);
    const user = unique('guess-');
    await createUser(user, PASSWORD, { companyId: 1 });
    const other = unique('bystander-');
    await createUser(other, PASSWORD, { companyId: 1 });
    for (let i = 0; i < 5; i++) assertDenied(await login(api, { db: 'webhook', login: user, password: `guess ${i}` }));

    const locked = await login(api, { db: 'webhook', login: user, password: PASSWORD });
    assert.equal(locked.status, 429, JSON.stringify(locked.body));
    assert.equal(locked.body.error.data.code, 'THROTTLED');
    assert.match(locked.body.error.message, /Too many failed logins/);
    assert.equal(locked.headers.get('retry-after'), '1');
    assert.equal(locked.headers.get('set-cookie'), null);
    assert.equal((await login(api, { db: 'webhook', login: other, password: PASSWORD })).status, 200, 'other logins are not slowed');
    clock.tick(999);
    assert.equal((await login(api, { db: 'webhook', login: user, password: PASSWORD })).status, 429, 'locked for 1 s');

    clock.tick(1);
    assertDenied(await login(api, { db: 'webhook', login: user, password: 'guess 6' }));
    const longer = await login(api, { db: 'webhook', login: user, password: PASSWORD });
    assert.equal(longer.status, 429);
    assert.equal(longer.headers.get('retry-after'), '2');
    clock.reset();
  });

  test('wrong passwords sent at once are all counted, so a burst of guesses locks the login as guesses one by one do', async (t) => {
    const clock = freezeClock(t);
    const user = unique('burst-');
    await createUser(user, PASSWORD, { companyId: 1 });
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => login(api, { db: 'webhook', login: user, password: `guess ${i}` })));
    for (const res of guesses) assertDenied(res);
    const state = await readFailures(user, new Date());
    assert.equal(state.failures, 8);
    const locked = await login(api, { db: 'webhook', login: user, password: PASSWORD });
    assert.equal(locked.status, 429, 'the right password is refused while locked');
    assert.equal(locked.headers.get('retry-after'), String(lockSeconds(8)), 'locked for 8 s from the last guess');
    clock.reset();
  });

  test('a count an hour old is forgotten: the next failure starts again at one', async () => {
    const user = unique('stale-');
    const then = new Date(Date.now() - (FORGET_AFTER_SECONDS + 60) * 1000);
    for (let i = 0; i < 6; i++) await recordFailure(user, then);
    assert.equal((await readFailures(user, then)).failures, 6);
    assertDenied(await login(api, { db: 'webhook', login: user, password: 'one more guess' }));
    assert.deepEqual(await readFailures(user, new Date()), { failures: 1, lockedUntil: 0 });
  });

  test('a successful login clears the count of failures', async () => {
    const user = unique('forgetful-');
    await createUser(user, PASSWORD, { companyId: 1 });
    for (let i = 0; i < 4; i++) assertDenied(await login(api, { db: 'webhook', login: user, password: `typo ${i}` }));
    assert.equal((await login(api, { db: 'webhook', login: user, password: PASSWORD })).status, 200);
    for (let i = 0; i < 4; i++) assertDenied(await login(api, { db: 'webhook', login: user, password: `typo ${i}` }));
    assert.equal((await login(api, { db: 'webhook', login: user, password: PASSWORD })).status, 200, 'four more failures lock nothing');
  });

  test('a login that does not exist is slowed down the same way, so the answers do not tell which logins exist', async (t) => {
    const clock = freezeClock(t);
    const ghost = unique('ghost-');
    for (let i = 0; i < 5; i++) assertDenied(await login(api, { db: 'webhook', login: ghost, password: `guess ${i}` }));
    const locked = await login(api, { db: 'webhook', login: ghost, password: PASSWORD });
    assert.deepEqual([locked.status, locked.headers.get('retry-after')], [429, '1']);
    clock.tick(1000);
    assertDenied(await login(api, { db: 'webhook', login: ghost, password: 'guess 6' }));
    const longer = await login(api, { db: 'webhook', login: ghost, password: PASSWORD });
    assert.deepEqual([longer.status, longer.headers.get('retry-after')], [429, '2']);
    clock.reset();
  });
});
