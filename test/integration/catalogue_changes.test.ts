/**
 * Type changes, removals, required fields, dropped indexes, models added and retired: what
 * `migrate` carries out when the catalogue declares how, and refuses, saying so, when it does not.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogue } from '../../shared/catalogue';
import { char } from '../../shared/catalogue/fields';
import { migrate } from '../../shared/migration/engine';
import { readRecorded } from '../../shared/store/recorded';
import { useTestApi } from '../support/api';
import { catalogueCli, eventually, fixture, startChildApi, success } from '../support/catalogue-stack';
import { indexItems, partitionItems, recordItems } from '../support/records';
import { assertFailure, createRecord } from '../support/rpc';
import { withModel } from '../fixtures/catalogues/changes';
import { models as declared } from '../fixtures/catalogues/several-changes';
import { models as withLead } from '../fixtures/catalogues/with-lead';
import { models as cityIndexed } from '../fixtures/catalogues/partner-city-indexed';

const record = async (model: string, id: number) => (await recordItems(model)).find((r) => r.id === id);

describe('changes of the catalogue beyond new indexes', () => {
  const ids = { tag: 0, partner: 0 };
  const api = useTestApi(async () => {
    ids.tag = await createRecord(api, 'res.partner.category', { name: 'Tag', color: 3 });
    ids.partner = await createRecord(api, 'res.partner', { name: 'Partner', function: 'CEO', email: 'p@example.com' });
  });

  test('migrate refuses a type change and a removal the catalogue does not declare, says what to declare, and does nothing', async () => {
    const before = await readRecorded();
    const run = await catalogueCli(api, fixture('refused-changes'), ['migrate']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /Refused: nothing was migrated/);
    assert.match(run.stdout, /'res\.partner\.category\.color' changed type from integer to char: declare how its values become char \(convert: \{ from: 'integer'/);
    assert.match(run.stdout, /'res\.partner\.function' is no longer in the catalogue: put it back, or list it in the model's 'retired'/);
    assert.deepEqual(await readRecorded(), before);
    assert.equal((await record('res.partner.category', ids.tag))?.color, 3);
  });

  test('an index over values longer than an entry holds is not built, and says which records hold them', async () => {
    const long = await createRecord(api, 'res.partner', { name: 'Long city', city: 'x'.repeat(1200) });
    const report = await migrate({ catalogue: buildCatalogue(cityIndexed), settleSeconds: 1 });
    const [partners] = report.models;
    assert.deepEqual(partners!.refused, ['index:city']);
    assert.match(partners!.notes.join('\n'), new RegExp(`index of city: not built: 1 records hold a value longer than an index entry holds \\(1000 bytes\\): ids ${long}`));
    assert.equal((await readRecorded()).get('res.partner')!.families['index:city']!.state, 'building');
    assert.equal((await readRecorded()).get('res.partner')!.families['index:phone']!.state, 'ready');
  });

  test('declared changes: values converted, retired values erased, defaults given, a dropped index deleted', async () => {
    const stack = await startChildApi(api, fixture('several-changes'));
    try {
      // This deployment no longer keeps the email index: its first write says so in the recorded state.
      const created = success(await stack.call('create_data', 'res.partner', { payload: { name: 'New' }, result_field: ['street'] }));
      assert.equal(created.result.street, 'unknown');
      assert.equal((await readRecorded()).get('res.partner')!.families['index:email']!.state, 'stale');

      const report = await migrate({ catalogue: buildCatalogue(declared), settleSeconds: 1 });
      assert.deepEqual([report.done, report.refusals], [true, []]);
      const tag = await record('res.partner.category', ids.tag);
      assert.equal(tag?.color, 'c3');
      const partner = await record('res.partner', ids.partner);
      assert.equal('function' in partner!, false, 'the retired value is erased');
      assert.equal(partner?.street, 'unknown');
      assert.deepEqual(await indexItems('res.partner', 'email'), []);
      assert.equal((await readRecorded()).get('res.partner')!.families['index:email'], undefined);

      const [found] = success(await stack.call('search_data', 'res.partner.category', { payload: { search_domain: `[('id', '=', ${ids.tag})]`, search_field: ['color'] } })).result;
      assert.equal(found.color, 'c3');
      assertFailure(await stack.call('update_data', 'res.partner', { search_key: { email: 'p@example.com' }, payload: {} }), 'NOT_INDEXED');
    } finally {
      await stack.stop();
    }
  });

  test('a model added is recorded by migrate; removed, it is refused unless retired, and then its records go', async () => {
    const stack = await startChildApi(api, fixture('with-lead'));
    try {
      const lead = success(await stack.call('create_data', 'crm.lead', { payload: { name: 'Lead', email_from: 'lead@example.com' } })).result.id;
      assertFailure(await stack.call('update_data', 'crm.lead', { search_key: { email_from: 'lead@example.com' }, payload: {} }), 'INDEX_BUILDING');
      const report = await migrate({ catalogue: buildCatalogue(withLead), settleSeconds: 1 });
      assert.equal(report.done, true);
      await eventually(async () => {
        const found = success(await stack.call('update_data', 'crm.lead', { search_key: { email_from: 'lead@example.com' }, payload: { name: 'Lead 2' } }));
        assert.equal(found.result.id, lead);
      });
    } finally {
      await stack.stop();
    }
    const removed = await migrate({ catalogue: buildCatalogue(declared), settleSeconds: 1 });
    assert.deepEqual(removed.refusals, ["model 'crm.lead' is no longer in the catalogue: put it back, or list it in 'retiredModels' to delete its records"]);
    assert.equal((await partitionItems('R#crm.lead')).length, 1);

    const retired = await migrate({ catalogue: buildCatalogue(declared, { retiredModels: ['crm.lead'] }), settleSeconds: 1 });
    assert.deepEqual([retired.done, retired.refusals], [true, []]);
    assert.deepEqual(await partitionItems('R#crm.lead'), []);
    assert.deepEqual(await partitionItems('I#crm.lead#email_from'), []);
    assert.equal((await readRecorded()).has('crm.lead'), false);
  });

  test('a migration cut into stretches shorter than its waits goes on from where each stopped, as the migration function runs it', async () => {
    const target = buildCatalogue(withModel(declared, 'res.partner', { zip: char({ index: true }) }));
    const reports = [];
    do reports.push(await migrate({ catalogue: target, settleSeconds: 3, deadline: Date.now() + 1000 }));
    while (!reports.at(-1)!.done && reports.length < 10);
    assert.equal(reports.at(-1)!.done, true, `not done after ${reports.length} stretches`);
    assert.ok(reports.length > 1, 'the wait outlasted a stretch');
    assert.equal(reports.at(-1)!.models[0]!.resumed, true);
  });
});
