/**
 * `migrate` over thousands of records: killed halfway (SIGKILL) and run again, it goes on from its
 * checkpoint; records written meanwhile by the new catalogue keep exactly their own index entries,
 * also one changed between the read of its page and the write of its entry; throttling slows it
 * down without a wrong or missing entry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildCatalogue, catalogue } from '../../shared/catalogue';
import { diffCatalogue } from '../../shared/migration/diff';
import { migrate } from '../../shared/migration/engine';
import { dynamoClient } from '../../shared/store';
import { readCheckpoint, readRecorded } from '../../shared/store/recorded';
import { startTestApi, type TestApi } from '../support/api';
import { eventually, fixture, spawnCatalogueCli, startChildApi, success, type ChildApi } from '../support/catalogue-stack';
import { injectFault } from '../support/faults';
import { indexItems, recordItems, writeRecords } from '../support/records';
import { assertFailure } from '../support/rpc';

const INDEXED = fixture('partner-phone-indexed');
const COUNT = 4000;
const partners = catalogue.get('res.partner')!;

/** Every entry of a field's index against every partner's value: exactly one entry each, of its value. */
async function assertIndexMatchesRecords(field: string): Promise<void> {
  const records = (await recordItems(partners.name)).map((r) => `${r.id}=${r[field] ?? ''}`).sort();
  const entries = (await indexItems(partners.name, field)).map((e) => `${e.id}=${e.v ?? ''}`).sort();
  assert.deepEqual(entries, records);
}

describe('a migration of thousands of records', () => {
  let api: TestApi;
  let stack: ChildApi;
  let ids: number[];
  before(async () => {
    api = await startTestApi();
    ids = await writeRecords('res.partner', COUNT, (i) => ({ name: `P${i}`, phone: `R-${i}`, company_id: 1, active: true, is_company: false }));
    stack = await startChildApi(api, INDEXED);
  });
  after(async () => {
    await stack?.stop();
    await api?.stop();
  });

  test('killed halfway, it resumes from its checkpoint; records changed meanwhile keep their own entries only', { timeout: 300_000 }, async () => {
    const first = spawnCatalogueCli(api, INDEXED, ['migrate', '--concurrency', '1']);
    let cursor = 0;
    await eventually(async () => {
      const cp = (await readCheckpoint(partners.name)) as { cursor: { after?: number } | null } | null;
      cursor = cp?.cursor?.after ?? 0;
      assert.ok(cursor >= ids[600]!, `checkpoint at ${cursor}`);
    }, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const cp = (await readCheckpoint(partners.name)) as { cursor: { after: number } };
    assert.ok(cp.cursor.after < ids[COUNT - 1]!, `killed before the end (${cp.cursor.after})`);
    assertFailure(await stack.call('update_data', 'res.partner', { search_key: { phone: 'R-1' }, payload: { city: 'X' } }), 'INDEX_BUILDING');

    // Writes of the new catalogue while the migration goes on: before and after its cursor.
    const second = spawnCatalogueCli(api, INDEXED, ['migrate']);
    const changed = [ids[10]!, ids[COUNT - 10]!, ids[COUNT / 2]!];
    await Promise.all(changed.map(async (id) => success(await stack.call('update_data', 'res.partner', { search_key: { id }, payload: { phone: `moved-${id}` } }))));
    const created = success(await stack.call('create_data', 'res.partner', { payload: { name: 'Late', phone: 'late' } })).result.id;
    assert.equal(await second.exited, 0, JSON.stringify(second.output()));
    const { stdout } = second.output();
    assert.match(stdout, /res\.partner: migrated \(resumed from a checkpoint\)/);
    const walked = Number(/([\d,]+) records walked/.exec(stdout)![1]!.replace(/,/g, ''));
    assert.ok(walked < COUNT, `the second run walked ${walked} records, not all ${COUNT} again`);

    await assertIndexMatchesRecords('phone');
    await eventually(async () => {
      const found = success(await stack.call('update_data', 'res.partner', { search_key: { phone: `moved-${changed[0]}` }, payload: { city: 'Y' } }));
      assert.equal(found.result.id, changed[0]);
    });
    assertFailure(await stack.call('update_data', 'res.partner', { search_key: { phone: 'R-10' } , payload: { city: 'Y' } }), 'NOT_FOUND');
    const late = success(await stack.call('update_data', 'res.partner', { search_key: { phone: 'late' }, payload: { city: 'Z' } }));
    assert.equal(late.result.id, created);
  });

  test('throttled, it backs off and finishes with every entry right', { timeout: 300_000 }, async () => {
    // The same kind of change on another field, run in this process so that faults can be injected.
    const { models } = await import('../fixtures/catalogues/partner-city-indexed');
    let calls = 0;
    const remove = injectFault(dynamoClient, (command) => command === 'TransactWriteItemsCommand' && ++calls % 3 === 0, 'throttle');
    try {
      const report = await migrate({ catalogue: buildCatalogue(models), concurrency: 8, settleSeconds: 1 });
      assert.equal(report.done, true);
      assert.ok(report.throttled > 0, 'throttling was seen and retried');
    } finally {
      remove();
    }
    await assertIndexMatchesRecords('city');
    assert.deepEqual(diffCatalogue(buildCatalogue(models), await readRecorded()), []);
  });

  test('a record changed between the read of its page and the write of its entry is read again, never given the entry of its old value', { timeout: 300_000 }, async () => {
    const { models } = await import('../fixtures/catalogues/partner-function-indexed');
    // The new catalogue's deployment changes a record of the first batch just before that batch is written.
    const live = await startChildApi(api, fixture('partner-function-indexed'));
    let changed: number | undefined;
    const name = 'race-live-write';
    dynamoClient.middlewareStack.add(
      (next, context) => async (args) => {
        const items = (args.input as { TransactItems?: { ConditionCheck?: { Key: { sk: string } } }[] }).TransactItems ?? [];
        if (context.commandName === 'TransactWriteItemsCommand' && changed === undefined && items[0]?.ConditionCheck) {
          changed = Number(items[0].ConditionCheck.Key.sk);
          success(await live.call('update_data', 'res.partner', { search_key: { id: changed }, payload: { function: 'changed meanwhile' } }));
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const report = await migrate({ catalogue: buildCatalogue(models), settleSeconds: 1 });
      assert.equal(report.done, true);
    } finally {
      dynamoClient.middlewareStack.remove(name);
      await live.stop();
    }
    assert.ok(changed !== undefined, 'a live write landed inside the migration');
    await assertIndexMatchesRecords('function');
  });
});
