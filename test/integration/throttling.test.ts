import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApi, type RpcAnswer, type TestApi } from '../support/api';
import { THROTTLED_MESSAGE } from '../../shared/deployment';
import { createUser, login, sessionCookieOf } from '../support/auth';
import { snapshot, unique } from '../support/records';

// A bucket of 3 requests that refills one request every 2 s: a burst of calls sent together
// meets exactly 3 tokens. The session login gets the same, for all its callers together.
const LIMITS = { rateLimit: 0.5, burstLimit: 3 };

let api: TestApi;
before(async () => {
  api = await startTestApi({ throttle: LIMITS, openRouteThrottle: LIMITS });
});
after(() => api.stop());

const create = (options: { key?: string | null; headers?: Record<string, string> }) =>
  api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('throttled-') } } }, options);

const statuses = (answers: RpcAnswer[]) => answers.map((a) => a.status).sort();

test('a key sending more than its burst gets 429 THROTTLED in the JSON-RPC error shape, and those calls write nothing', async () => {
  const key = await api.createKey({ companyId: 1 });
  const answers = await Promise.all(Array.from({ length: 5 }, () => create({ key })));
  assert.deepEqual(statuses(answers), [200, 200, 200, 429, 429]);
  const throttled = answers.find((a) => a.status === 429)!;
  assert.equal(throttled.body.jsonrpc, '2.0');
  assert.equal(throttled.body.error.data.code, 'THROTTLED');
  assert.equal(throttled.body.error.message, THROTTLED_MESSAGE);
  const ids = answers.filter((a) => a.status === 200).map((a) => a.body.result.result.id);
  assert.equal(ids.length, 3);
  const before = await snapshot();
  assert.equal((await create({ key })).status, 429);
  assert.deepEqual(await snapshot(), before);
});

test('each key has its own bucket', async () => {
  const [greedy, patient] = [await api.createKey({ companyId: 1 }), await api.createKey({ companyId: 1 })];
  await Promise.all(Array.from({ length: 4 }, () => create({ key: greedy })));
  assert.equal((await create({ key: greedy })).status, 429);
  assert.equal((await create({ key: patient })).status, 200);
});

test('the bucket refills at the rate limit', async () => {
  const key = await api.createKey({ companyId: 1 });
  await Promise.all(Array.from({ length: 4 }, () => create({ key })));
  await sleep(2100);
  assert.deepEqual(statuses([await create({ key }), await create({ key })]), [200, 429]);
});

test("the sessions of one user share the user's bucket", async () => {
  const user = unique('busy-');
  await createUser(user, 'a long password', { companyId: 1 });
  const cookies: string[] = [];
  for (let i = 0; i < 2; i++) {
    if (i > 0) await sleep(2100); // the login route's own bucket
    cookies.push(sessionCookieOf(await login(api, { db: 'webhook', login: user, password: 'a long password' })));
  }
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => create({ key: null, headers: { cookie: cookies[i % 2]! } })));
  assert.deepEqual(statuses(answers), [200, 200, 200, 429, 429, 429]);
});

test('the session login, which has no key, is throttled for all its callers together, as the stage throttles it in AWS', async () => {
  await sleep(6100); // the route's bucket full again after the logins above
  const logins = Array.from({ length: 5 }, (_, i) => login(api, { db: 'webhook', login: unique(`guesser${i}-`), password: 'wrong password' }));
  const answers = await Promise.all(logins);
  assert.deepEqual(statuses(answers), [401, 401, 401, 429, 429]);
  const throttled = answers.find((a) => a.status === 429)!;
  assert.deepEqual([throttled.body.error.data.code, throttled.body.error.message], ['THROTTLED', THROTTLED_MESSAGE]);
  assert.equal((await create({ key: await api.createKey({ companyId: 1 }) })).status, 200, 'keys are metered apart from the login');
});
