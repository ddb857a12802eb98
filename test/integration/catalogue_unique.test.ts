/**
 * A unique constraint added to a field whose stored values are distinct: `migrate` builds every
 * record's guard, and only then is the constraint enforced.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api';
import { catalogueCli, eventually, fixture, startChildApi, success, type ChildApi } from '../support/catalogue-stack';
import { assertFailure, createRecord } from '../support/rpc';

const UNIQUE = fixture('partner-phone-unique');

describe('a unique constraint added over distinct values', () => {
  let api: TestApi;
  let stack: ChildApi;
  const ids: Record<string, number> = {};
  before(async () => {
    api = await startTestApi();
    ids.a = await createRecord(api, 'res.partner', { name: 'A', phone: 'U1' });
    ids.b = await createRecord(api, 'res.partner', { name: 'B', phone: 'U2' });
    await createRecord(api, 'res.partner', { name: 'No phone' });
    await createRecord(api, 'res.partner', { name: 'No phone either' });
    stack = await startChildApi(api, UNIQUE);
  });
  after(async () => {
    await stack?.stop();
    await api?.stop();
  });

  test('migrate builds the guards; from then on a value taken by an old record is DUPLICATE, a renamed one is free again', async () => {
    const run = await catalogueCli(api, UNIQUE, ['migrate']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /res\.partner: migrated/);
    await eventually(async () => {
      assertFailure(await stack.call('create_data', 'res.partner', { payload: { name: 'Copy', phone: 'U1' } }), 'DUPLICATE');
    });
    success(await stack.call('update_data', 'res.partner', { search_key: { phone: 'U2' }, payload: { phone: 'U3' } }));
    success(await stack.call('create_data', 'res.partner', { payload: { name: 'Takes U2', phone: 'U2' } }));
    assertFailure(await stack.call('create_data', 'res.partner', { payload: { name: 'Copy', phone: 'U3' } }), 'DUPLICATE');
  });
});
