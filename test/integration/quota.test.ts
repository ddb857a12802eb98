import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quotaExceededMessage } from '../../shared/deployment';
import { useTestApi, type CallOptions } from '../support/api';
import { createUser, login, sessionCookieOf } from '../support/auth';
import { snapshot, unique } from '../support/records';
import { createData } from '../support/rpc';

// Three requests a day per key: the usage plan's quota (docs/authentication.md, Throttling),
// made small enough to use up.
const QUOTA = { limit: 3, period: 'DAY' } as const;

const api = useTestApi({ quota: QUOTA });

const create = (options: CallOptions) => createData(api, 'res.partner', { payload: { name: unique('metered-') } }, options);

test('a key that has used up its quota gets 429 THROTTLED saying so, and the call writes nothing', async () => {
  const key = await api.createKey({ companyId: 1 });
  for (let i = 0; i < QUOTA.limit; i++) assert.equal((await create({ key })).body.result.is_success, true);
  const before = await snapshot();
  const refused = await create({ key });
  assert.equal(refused.status, 429);
  assert.deepEqual([refused.body.error.data.code, refused.body.error.message], ['THROTTLED', quotaExceededMessage(QUOTA)]);
  assert.match(refused.body.error.message, /quota of 3 requests a day is used up/);
  assert.deepEqual(await snapshot(), before);
});

test('each key has its own quota', async () => {
  const [spent, fresh] = [await api.createKey({ companyId: 1 }), await api.createKey({ companyId: 1 })];
  for (let i = 0; i < QUOTA.limit; i++) await create({ key: spent });
  assert.equal((await create({ key: spent })).status, 429);
  for (let i = 0; i < QUOTA.limit; i++) assert.equal((await create({ key: fresh })).body.result.is_success, true);
});

test("the sessions of one user share the user's quota", async () => {
  const user = unique('quota-');
  await createUser(user, 'a long password', { companyId: 1 });
  const cookies = [];
  for (let i = 0; i < 2; i++) cookies.push(sessionCookieOf(await login(api, { db: 'webhook', login: user, password: 'a long password' })));
  const outcomes = [];
  for (let i = 0; i < QUOTA.limit + 1; i++) {
    const res = await create({ key: null, headers: { cookie: cookies[i % 2]! } });
    outcomes.push(res.status === 200 ? res.body.result.is_success : res.status);
  }
  assert.deepEqual(outcomes, [true, true, true, 429]);
});
