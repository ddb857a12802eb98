/**
 * A unique constraint added to a field that existing records hold: enforced only once every
 * record's guard exists, refused (listing the duplicates) while records share a value, and never
 * half-enforced in between.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api';
import { catalogueCli, eventually, fixture, startChildApi, success, type ChildApi } from '../support/catalogue-stack';
import { assertFailure, createRecord } from '../support/rpc';

const UNIQUE = fixture('partner-phone-unique');

describe('a unique constraint added over existing duplicates', () => {
  let api: TestApi;
  let stack: ChildApi;
  const ids: Record<string, number> = {};
  before(async () => {
    api = await startTestApi();
    ids.a = await createRecord(api, 'res.partner', { name: 'A', phone: 'D1' });
    ids.b = await createRecord(api, 'res.partner', { name: 'B', phone: 'D1' });
    ids.c = await createRecord(api, 'res.partner', { name: 'C', phone: 'D2' });
    const company2 = await createRecord(api, 'res.company', { name: 'Second' });
    ids.other = await createRecord(api, 'res.partner', { name: 'Other company', phone: 'D2', company_id: company2 });
    stack = await startChildApi(api, UNIQUE);
  });
  after(async () => {
    await stack?.stop();
    await api?.stop();
  });

  test('before migrate the constraint is not enforced at all: a value held by an old record may be taken again', async () => {
    const taken = success(await stack.call('create_data', 'res.partner', { payload: { name: 'B2', phone: 'D3' } }));
    ids.d = taken.result.id;
    success(await stack.call('create_data', 'res.partner', { payload: { name: 'B3', phone: 'D3' } }));
  });

  test('migrate refuses it and lists the duplicates of each company; the index is built, the constraint still not enforced', async () => {
    const run = await catalogueCli(api, UNIQUE, ['migrate']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /phone: not made unique: 2 values are held by several records of a company/);
    assert.match(run.stdout, new RegExp(`"D1" \\(company 1\\): ids ${ids.a}, ${ids.b}`));
    assert.match(run.stdout, /"D3" \(company 1\): ids/);
    assert.doesNotMatch(run.stdout, /"D2"/, 'one D2 in each company is no duplicate');
    assert.match(run.stderr, /migrate refused res\.partner guard:phone/);
    await eventually(async () => {
      const found = success(await stack.call('update_data', 'res.partner', { search_key: { phone: 'D2', company_id: 1 }, payload: { city: 'Paris' } }));
      assert.equal(found.result.id, ids.c, 'the index is used');
    });
    success(await stack.call('create_data', 'res.partner', { payload: { name: 'Still free', phone: 'D2' } }));
    const diff = await catalogueCli(api, UNIQUE, ['diff']);
    assert.match(diff.stdout, /unique guards of phone \(after a check for duplicates\) to build/);
  });

  test('once the duplicates are fixed, migrate enforces it: a value taken is DUPLICATE, an upsert by it updates', async () => {
    const fixes: [string, string][] = [['B', 'D1b'], ['B2', 'D3a'], ['B3', 'D3b'], ['Still free', 'D2b']];
    for (const [name, phone] of fixes) success(await stack.call('update_data', 'res.partner', { search_key: { name }, payload: { phone } }));
    const run = await catalogueCli(api, UNIQUE, ['migrate']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    await eventually(async () => {
      assertFailure(await stack.call('create_data', 'res.partner', { payload: { name: 'Again', phone: 'D1' } }), 'DUPLICATE', "'phone'");
    });
    const upsert = success(await stack.call('create_update_data', 'res.partner', { search_key: { phone: 'D1' }, payload: { city: 'Lyon' } }));
    assert.deepEqual([upsert.result.id, upsert.result.created], [ids.a, false]);
  });
});
