import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateKey, listKeys, newKeyId, revokeKey, saveKey } from '../../shared/auth/keys';
import { useTestApi, type RpcAnswer } from '../support/api';
import { authTableText, createUser, login, sessionCookieOf } from '../support/auth';
import { snapshot, unique } from '../support/records';
import { createData } from '../support/rpc';

const api = useTestApi();

function assertRefused(res: RpcAnswer, status: number, code: string, message: string | RegExp): void {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.error.data.code, code);
  if (typeof message === 'string') assert.equal(res.body.error.message, message);
  else assert.match(res.body.error.message, message);
}

describe('keys limited to some routes or models', () => {
  test('a key limited to other routes is refused with 403 ROUTE_FORBIDDEN, and nothing is written', async () => {
    const searchOnly = await api.createKey({ companyId: 1, routes: ['search_data'] });
    const before = await snapshot();
    assertRefused(await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: searchOnly }), 403, 'ROUTE_FORBIDDEN', 'This key may not use /api/create_data');
    assert.deepEqual(await snapshot(), before);
    const createOnly = await api.createKey({ companyId: 1, routes: ['create_data'] });
    assert.equal((await createData(api, 'res.partner', { payload: { name: 'allowed route' } }, { key: createOnly })).body.result.is_success, true);
  });

  test('a key limited to some models is refused on the others with FORBIDDEN, and nothing is written', async () => {
    const partnersOnly = await api.createKey({ companyId: 1, models: ['res.partner'] });
    const before = await snapshot();
    const refused = await createData(api, 'product.product', { payload: { name: 'Desk' } }, { key: partnersOnly });
    assert.equal(refused.status, 200);
    assert.equal(refused.body.result.is_success, false);
    assert.equal(refused.body.result.error.code, 'FORBIDDEN');
    assert.match(refused.body.result.messages, /Model 'product.product' is not allowed/);
    assert.deepEqual(await snapshot(), before);
    assert.equal((await createData(api, 'res.partner', { payload: { name: 'allowed model' } }, { key: partnersOnly })).body.result.is_success, true);
  });

  test('a key limited to some models cannot reach others through auto_create or a search_key path', async () => {
    const ordersOnly = await api.createKey({ companyId: 1, models: ['sale.order'] });
    const before = await snapshot();
    const viaAutoCreate = await api.call(
      '/api/create_data',
      { model: 'sale.order', vals: { payload: { partner_id: { ref: unique('NEW') } }, auto_create: { partner_id: { name: 'Sneaky' } } } },
      { key: ordersOnly },
    );
    assert.equal(viaAutoCreate.body.result.error.code, 'FORBIDDEN', JSON.stringify(viaAutoCreate.body));
    const viaPath = await api.call(
      '/api/update_data',
      { model: 'sale.order', vals: { search_key: { 'partner_id.email': 'x@example.com' }, payload: {} } },
      { key: ordersOnly },
    );
    assert.equal(viaPath.body.result.error.code, 'FORBIDDEN', JSON.stringify(viaPath.body));
    assert.deepEqual(await snapshot(), before);
  });

  test('a user limited to some routes and models carries the limits into its sessions', async () => {
    const user = unique('limited-');
    await createUser(user, 'a long password', { companyId: 1, routes: ['search_data'], models: ['res.partner'] });
    const cookie = sessionCookieOf(await login(api, { db: 'webhook', login: user, password: 'a long password' }));
    assertRefused(await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: null, headers: { cookie } }), 403, 'ROUTE_FORBIDDEN', /may not use \/api\/create_data/);
    const search = (model: string) => api.call('/api/search_data', { model, vals: { payload: { limit: 1 } } }, { key: null, headers: { cookie } });
    assert.equal((await search('res.partner')).body.result.is_success, true, 'its route and model');
    const other = (await search('sale.order')).body.result;
    assert.deepEqual([other.is_success, other.error.code], [false, 'FORBIDDEN']);
    assert.match(other.error.message, /Model 'sale.order' is not allowed for this caller/);
  });
});

describe('keys: revocation and storage', () => {
  test('a revoked key stops working at once (locally), with 401 Invalid apikey', async () => {
    const key = generateKey();
    const keyId = newKeyId();
    await saveKey(key, { keyId, principal: { name: 'soon revoked', id: `key:${keyId}`, companyId: 1, allowedCompanyIds: [1] }, createdAt: new Date().toISOString() });
    assert.equal((await createData(api, 'res.partner', { payload: { name: 'before revoke' } }, { key })).body.result.is_success, true);
    assert.equal((await revokeKey(keyId, new Date())).status, 'revoked');
    assertRefused(await createData(api, 'res.partner', { payload: { name: 'after revoke' } }, { key }), 401, 'UNAUTHENTICATED', 'Invalid apikey');
    assertRefused(await createData(api, 'res.partner', { payload: { name: 'after revoke' } }, { key: null, headers: { 'x-api-key': key } }), 401, 'UNAUTHENTICATED', 'Invalid apikey');
    assert.equal((await revokeKey(keyId, new Date())).status, 'already-revoked');
    assert.equal((await revokeKey('no-such-id', new Date())).status, 'unknown');
  });

  test('the auth table keeps a hash of each key, never the key', async () => {
    const key = await api.createKey({ companyId: 1, name: 'hashed' });
    const table = await authTableText();
    assert.ok(table.includes('hashed'), 'the key is there');
    assert.ok(!table.includes(key) && !table.includes(key.slice(4)), 'its secret is not');
    assert.ok(!table.includes(api.key.slice(4)), 'nor the development key');
  });

  test('keys are listed by id, oldest first, revoked ones marked', async () => {
    const [a, b] = [newKeyId(), newKeyId()];
    const principal = (id: string) => ({ name: `listed ${id}`, id: `key:${id}`, companyId: 1, allowedCompanyIds: [1] });
    await saveKey(generateKey(), { keyId: a, principal: principal(a), createdAt: '2030-01-01T00:00:00.000Z' });
    await saveKey(generateKey(), { keyId: b, principal: principal(b), createdAt: '2030-01-02T00:00:00.000Z' });
    await revokeKey(a, new Date('2030-01-03T00:00:00Z'));
    const listed = (await listKeys()).filter((k) => k.keyId === a || k.keyId === b);
    assert.deepEqual(listed.map((k) => [k.keyId, k.principal.name, k.revokedAt ?? null]), [
      [a, `listed ${a}`, '2030-01-03T00:00:00.000Z'],
      [b, `listed ${b}`, null],
    ]);
  });

  test('an Authorization header that is not a Bearer token is Invalid apikey, even beside a good x-api-key', async () => {
    assertRefused(await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: null, headers: { authorization: `Basic ${api.key}`, 'x-api-key': api.key } }), 401, 'UNAUTHENTICATED', 'Invalid apikey');
  });
});
