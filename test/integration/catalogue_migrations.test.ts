/**
 * Changing the catalogue of a stack that holds data, as a deployer does it: records written under
 * the demo catalogue, the stack restarted on the same tables with a changed one (CATALOGUE_MODULE),
 * then `npm run catalogue -- diff` and `migrate`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api';
import { catalogueCli, eventually, fixture, startChildApi, success, type ChildApi } from '../support/catalogue-stack';
import { assertFailure, createRecord } from '../support/rpc';

describe('an index added to a field that existing records hold', () => {
  let api: TestApi;
  let stack: ChildApi;
  const ids: Record<string, number> = {};
  before(async () => {
    api = await startTestApi();
    ids.first = await createRecord(api, 'res.partner', { name: 'First', phone: '555-0001' });
    ids.second = await createRecord(api, 'res.partner', { name: 'Second', phone: '555-0002' });
    stack = await startChildApi(api, fixture('partner-phone-indexed'));
  });
  after(async () => {
    await stack?.stop();
    await api?.stop();
  });

  const searchPhone = async (phone: string) =>
    success(await stack.call('search_data', 'res.partner', { payload: { search_domain: `[('phone', '=', '${phone}')]`, search_field: ['name'] } })).result.map((r: any) => r.id);

  test('before migrate: search_data finds them by reading the records, lookups and upserts fail INDEX_BUILDING rather than miss', async () => {
    assert.deepEqual(await searchPhone('555-0001'), [ids.first]);
    const upsert = await stack.call('create_update_data', 'res.partner', { search_key: { phone: '555-0002' }, payload: { name: 'Second again' } });
    assertFailure(upsert, 'INDEX_BUILDING', 'npm run catalogue -- migrate');
    assert.deepEqual(await searchPhone('555-0002'), [ids.second], 'no duplicate was created');
    const order = await stack.call('create_data', 'sale.order', { payload: { partner_id: { phone: '555-0001' } } });
    assertFailure(order, 'INDEX_BUILDING', "'phone' on 'res.partner'");
  });

  test('a record written by the new catalogue before migrate has its entry at once, and diff says what migrate will do', async () => {
    ids.third = success(await stack.call('create_data', 'res.partner', { payload: { name: 'Third', phone: '555-0003' } })).result.id;
    const diff = await catalogueCli(api, fixture('partner-phone-indexed'), ['diff']);
    assert.equal(diff.code, 0, diff.stderr);
    assert.match(diff.stdout, /^res\.partner\n {2}index of phone to build$/m);
    assert.doesNotMatch(diff.stdout, /Refused/);
  });

  test('after migrate: search, lookups and upserts find the records stored before, once each', async () => {
    const run = await catalogueCli(api, fixture('partner-phone-indexed'), ['migrate']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /res\.partner: migrated/);
    await eventually(async () => {
      const upsert = success(await stack.call('create_update_data', 'res.partner', { search_key: { phone: '555-0002' }, payload: { name: 'Second again' } }));
      assert.deepEqual([upsert.result.id, upsert.result.created], [ids.second, false]);
    });
    const order = success(await stack.call('create_data', 'sale.order', { payload: { partner_id: { phone: '555-0001' } }, result_field: ['partner_id'] }));
    assert.deepEqual(order.result.partner_id, [ids.first, 'First']);
    assert.deepEqual(await searchPhone('555-0003'), [ids.third]);
    const third = success(await stack.call('update_data', 'res.partner', { search_key: { phone: '555-0003' }, payload: { city: 'Lyon' } }));
    assert.equal(third.result.id, ids.third);
  });

  test('migrate run again has nothing to do', async () => {
    const again = await catalogueCli(api, fixture('partner-phone-indexed'), ['migrate']);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /Nothing to migrate: the stored records are up to date with the catalogue/);
  });
});
