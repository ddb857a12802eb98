import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi, type CallOptions, type RpcAnswer } from '../support/api';
import { THROTTLED_MESSAGE } from '../../shared/deployment';
import { createUser, login, sessionCookieOf } from '../support/auth';
import { snapshot, unique } from '../support/records';
import { createData } from '../support/rpc';

// A bucket of 3 requests that refills one request every 2 s. The session login gets the same,
// for all its callers together. The buckets refill by a clock of the test's, which moves only when
// a test moves it: however slow the machine, calls meet exactly the tokens the test expects.
const LIMITS = { rateLimit: 0.5, burstLimit: 3 };
let seconds = 0;

const api = useTestApi({ throttle: LIMITS, openRouteThrottle: LIMITS, throttleClock: () => seconds });

const create = (options: CallOptions) => createData(api, 'res.partner', { payload: { name: unique('throttled-') } }, options);

const statuses = (answers: RpcAnswer[]) => answers.map((a) => a.status).sort();

test('a key sending more than its burst gets 429 THROTTLED in the JSON-RPC error shape, and those calls write nothing', async () => {
  const key = await api.createKey({ companyId: 1 });
  const answers = await Promise.all(Array.from({ length: 5 }, () => create({ key })));
  assert.deepEqual(statuses(answers), [200, 200, 200, 429, 429]);
  const throttled = answers.find((a) => a.status === 429)!;
  assert.equal(throttled.body.jsonrpc, '2.0');
  assert.equal(throttled.body.error.data.code, 'THROTTLED');
  assert.equal(throttled.body.error.message, THROTTLED_MESSAGE);
  const passed = answers.filter((a) => a.status === 200);
  assert.ok(passed.every((a) => a.body.result.is_success === true), JSON.stringify(passed[0]?.body));
  assert.equal(new Set(passed.map((a) => a.body.result.result.id)).size, 3);
  const before = await snapshot();
  assert.equal((await create({ key })).status, 429);
  assert.deepEqual(await snapshot(), before);
});

test('each key has its own bucket', async () => {
  const [greedy, patient] = [await api.createKey({ companyId: 1 }), await api.createKey({ companyId: 1 })];
  await Promise.all(Array.from({ length: 4 }, () => create({ key: greedy })));
  assert.equal((await create({ key: greedy })).status, 429);
  assert.equal((await create({ key: patient })).body.result.is_success, true);
});

test('the bucket refills at the rate limit', async () => {
  const key = await api.createKey({ companyId: 1 });
  assert.deepEqual(statuses(await Promise.all(Array.from({ length: 4 }, () => create({ key })))), [200, 200, 200, 429]);
  seconds += 1.999;
  assert.equal((await create({ key })).status, 429, 'not a whole token yet');
  seconds += 0.001;
  const [refilled, next] = [await create({ key }), await create({ key })];
  assert.deepEqual([refilled.body.result.is_success, next.status], [true, 429], 'one token after 2 s');
});

test("the sessions of one user share the user's bucket", async () => {
  const user = unique('busy-');
  await createUser(user, 'a long password', { companyId: 1 });
  const cookies: string[] = [];
  for (let i = 0; i < 2; i++) cookies.push(sessionCookieOf(await login(api, { db: 'webhook', login: user, password: 'a long password' })));
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => create({ key: null, headers: { cookie: cookies[i % 2]! } })));
  assert.deepEqual(statuses(answers), [200, 200, 200, 429, 429, 429]);
  assert.ok(answers.filter((a) => a.status === 200).every((a) => a.body.result.is_success === true));
});

test('the session login, which has no key, is throttled for all its callers together, as the stage throttles it in AWS', async () => {
  seconds += 6; // the route's bucket full again after the logins above
  const logins = Array.from({ length: 5 }, (_, i) => login(api, { db: 'webhook', login: unique(`guesser${i}-`), password: 'wrong password' }));
  const answers = await Promise.all(logins);
  assert.deepEqual(statuses(answers), [401, 401, 401, 429, 429]);
  const throttled = answers.find((a) => a.status === 429)!;
  assert.deepEqual([throttled.body.error.data.code, throttled.body.error.message], ['THROTTLED', THROTTLED_MESSAGE]);
  assert.equal((await create({ key: await api.createKey({ companyId: 1 }) })).body.result.is_success, true, 'keys are metered apart from the login');
});
