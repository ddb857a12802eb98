/**
 * A stack recorded before shards existed (every model on one shard), whose catalogue now says the
 * demo's counts (sale.order.line 32, product.product 8): `diff` shows the moves and what they copy,
 * `migrate` moves the stored records, and every route finds them where they went. During a move,
 * writes of the moving model are refused with 503 MODEL_MOVING and nothing written, other models
 * are written, and reads answer from wherever the records are read. Then a move down (32 to 4),
 * and back up by a run killed between a state's write and its checkpoint's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogue, catalogue } from '../../shared/catalogue';
import { diffCatalogue } from '../../shared/migration/diff';
import { migrate } from '../../shared/migration/engine';
import { dynamoClient } from '../../shared/store';
import { readRecorded } from '../../shared/store/recorded';
import { useTestApi } from '../support/api';
import { catalogueCli, eventually, fixture } from '../support/catalogue-stack';
import { injectFault } from '../support/faults';
import { latestLog } from '../support/logs';
import { DEMO, contentOf, fillShop, misplaced, recordedBeforeShards, skipUnderTestShards, type Shop } from '../support/moves';
import { scanAll, snapshot } from '../support/records';
import { assertFailure, ok, outcome } from '../support/rpc';

const MOVED = ['product.product', 'sale.order.line'];

describe('moving stored records to the shard counts of the catalogue', { skip: skipUnderTestShards }, () => {
  let shop: Shop;
  const api = useTestApi(async () => {
    await recordedBeforeShards();
    shop = await fillShop(api, { products: 12, orders: 3, lines: 40 });
  });

  const search = async (model: string, payload: Record<string, unknown>): Promise<number[]> =>
    (await ok(api, 'search_data', model, { payload: { search_field: ['id'], ...payload } })).map((r: { id: number }) => r.id);
  const productCodes = async (): Promise<string[]> =>
    (await ok(api, 'search_data', 'product.product', { payload: { search_field: ['default_code'], order: 'default_code' } })).map((r: { default_code: string }) => r.default_code);
  const stateOf = async (model: string) => (await readRecorded()).get(model)!;

  test('the stack serves the records on one shard, and diff lists each move with the items it copies', async () => {
    assert.deepEqual(await misplaced('sale.order.line', 1), [], 'the lines lie on one shard');
    const diff = await catalogueCli(api, DEMO, ['diff']);
    assert.equal(diff.code, 0, diff.stderr);
    const items = Object.fromEntries(
      MOVED.map((model) => {
        const m = new RegExp(`^${model.replace(/\./g, '\\.')}\\n {2}shard count 1 -> (\\d+): .*\\(([\\d,]+) items to copy`, 'm').exec(diff.stdout);
        assert.ok(m, diff.stdout);
        return [model, [Number(m[1]), Number(m[2]!.replace(/,/g, ''))]];
      }),
    );
    const stored = (model: string) => scanAll().then((all) => all.filter((i) => /^[RIU]#/.test(String(i.pk)) && String(i.pk).split('#')[1] === model && !String(i.pk).includes('@search_key')).length);
    assert.deepEqual(items['sale.order.line'], [32, await stored('sale.order.line')]);
    assert.deepEqual(items['product.product'], [8, await stored('product.product')]);
    assert.doesNotMatch(diff.stdout, /Refused/);
  });

  test('during a move: writes of the moving model get 503 MODEL_MOVING with nothing written; other models are written; reads answer', { timeout: 120_000 }, async () => {
    // A run stopped at once: it has paused product.product's writes and waits for every function to know.
    const first = await migrate({ catalogue, deadline: Date.now(), settleSeconds: 2 });
    assert.equal(first.done, false);
    assert.equal((await stateOf('product.product')).move?.state, 'moving');

    let attempt = 0;
    await eventually(async () => {
      const res = await api.call('/api/create_data', { model: 'product.product', vals: { payload: { name: 'Late', default_code: `LATE-${attempt++}` } } });
      assert.equal(res.status, 503, JSON.stringify(res.body));
    });
    // (Writes made before the stack read the state are the ones the settle period waits out.)
    const codes = await productCodes();
    const before = await snapshot();
    const refused = await api.call('/api/create_data', { model: 'product.product', vals: { payload: { name: 'Refused', default_code: 'REFUSED' } } });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.data.code, 'MODEL_MOVING');
    assert.match(refused.body.error.message, /'product\.product' are being moved .* by a catalogue migration/);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'Retry-After says when to come back');
    const log = await latestLog();
    assert.deepEqual([log.http_status, log.error_code, log.state], [503, 'MODEL_MOVING', 'failed'], 'its API log says it');
    // A product auto-created by an order's line is a write of product.product too.
    const auto = await api.call('/api/create_data', {
      model: 'sale.order',
      vals: { payload: { partner_id: shop.partner, order_line: [{ product_id: { default_code: 'NEW-1' }, price_unit: 1 }] }, auto_create: { product_id: { name: 'New one' } } },
    });
    assert.equal(auto.status, 503, JSON.stringify(auto.body));
    const update = await api.call('/api/update_data', { model: 'product.product', vals: { search_key: { default_code: 'P-001' }, payload: { list_price: 99 } } });
    assert.equal(update.status, 503, JSON.stringify(update.body));
    assert.deepEqual(await snapshot(), before, 'nothing was written by the refused writes');

    // Other models are written, and look the moving one's records up.
    const order = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: shop.partner, order_line: [{ product_id: { default_code: 'P-003' }, price_unit: 5 }] }, result_field: ['order_line'] });
    shop.orders.push({ id: order.id, lines: order.order_line });
    assert.deepEqual(await productCodes(), codes, 'reads of the moving model answer from where it lies');

    // Later runs copy, then switch reads to the new layout: writes are still refused.
    await eventually(async () => {
      await migrate({ catalogue, deadline: Date.now(), settleSeconds: 2 });
      assert.equal((await stateOf('product.product')).move?.state, 'moved');
    }, 60_000);
    assert.deepEqual(await productCodes(), codes);
    assert.deepEqual(await search('product.product', { search_domain: "[('name', '>=', 'Product 003'), ('name', '<', 'Product 007')]", order: 'name desc', limit: 2, offset: 1 }), [shop.products[5]!.id, shop.products[4]!.id]);
    const moved = await api.call('/api/create_data', { model: 'product.product', vals: { payload: { name: 'Refused', default_code: 'REFUSED' } } });
    assert.equal(moved.body.error.data.code, 'MODEL_MOVING');
  });

  test('after migrate: every record is found by lookups, searches, upserts and updates; nothing is left on the old layout', { timeout: 300_000 }, async () => {
    // product.product is halfway (its items on both layouts, the same): each item once.
    const before = [...new Set(await contentOf(MOVED))];
    const run = await catalogueCli(api, DEMO, ['migrate']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /sale\.order\.line: migrated\n {2}[\d,]+ items copied from 1 to 32 shard\(s\)/);
    assert.deepEqual(diffCatalogue(catalogue, await readRecorded()), []);
    assert.equal((await stateOf('sale.order.line')).shards, 32);
    assert.deepEqual(await contentOf(MOVED), before, 'every item carried over once, whole');
    const all = await scanAll();
    assert.deepEqual(await misplaced('sale.order.line', 32, all), [], 'no line item left on one shard');
    assert.deepEqual(await misplaced('product.product', 8, all), [], 'no product item left on one shard');

    await eventually(async () => {
      // Lines of an order, ordered by a field without index, paged.
      const lines = shop.orders[1]!.lines;
      assert.deepEqual(await search('sale.order.line', { search_domain: `[('order_id', '=', ${shop.orders[1]!.id})]`, order: 'price_unit desc', limit: 5, offset: 3 }), [...lines].reverse().slice(3, 8));
    });
    const every = shop.orders.flatMap((o) => o.lines).sort((a, b) => a - b);
    assert.deepEqual(await search('sale.order.line', { order: 'id', limit: 10, offset: 100 }), every.slice(100, 110));
    assert.deepEqual(await search('sale.order.line', { search_domain: `[('product_id', '=', ${shop.products[2]!.id}), ('price_unit', '>=', 20)]`, order: 'id' }), every.filter((id) => shop.orders.some((o) => o.lines.indexOf(id) >= 20 && o.lines.indexOf(id) % 12 === 2)));
    assert.deepEqual(await search('product.product', { search_domain: "[('default_code', 'like', 'P-01')]", order: 'default_code' }), [shop.products[10]!.id, shop.products[11]!.id]);

    // Lookups by unique and indexed values, an upsert and updates find the records stored before.
    const order = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: shop.partner, order_line: [{ product_id: { default_code: 'P-007' }, price_unit: 1 }, { product_id: { name: 'Product 008' }, price_unit: 2 }] }, result_field: ['order_line'] });
    const [a, b] = order.order_line as number[];
    const created = await ok(api, 'search_data', 'sale.order.line', { payload: { search_domain: `[('order_id', '=', ${order.id})]`, search_field: ['product_id'], order: 'id' } });
    assert.deepEqual(created.map((l: { product_id: [number, string] }) => l.product_id[0]), [shop.products[7]!.id, shop.products[8]!.id]);
    const upsert = await ok(api, 'create_update_data', 'product.product', { search_key: { default_code: 'P-009' }, payload: { list_price: 90 } });
    assert.deepEqual([upsert.id, upsert.created], [shop.products[9]!.id, false]);
    const line = shop.orders[0]!.lines[7]!;
    assert.equal((await ok(api, 'update_data', 'sale.order.line', { search_key: { id: line }, payload: { price_unit: 700 } })).id, line);
    // New records land on the new layout.
    assert.deepEqual(await misplaced('sale.order.line', 32), []);
    assert.ok((await scanAll()).some((i) => i.pk === `R#sale.order.line#${a! % 32}` && i.id === a) && b! > a!);
    // Unique guards still refuse duplicates.
    assertFailure(await outcome(api, 'create_data', 'product.product', { payload: { name: 'Twin', default_code: 'P-004' } }), 'DUPLICATE');
    assertFailure(await outcome(api, 'create_data', 'product.product', { payload: { name: 'Twin', default_code: 'P-011' } }), 'DUPLICATE');
  });

  test('moving down (32 to 4, 8 to 2): items already in place stay, the others move, every record is found', { timeout: 300_000 }, async () => {
    const down = fixture('fewer-shards');
    const models = ['sale.order.line', 'product.product'];
    const before = await contentOf(models);
    const run = await catalogueCli(api, down, ['migrate']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /sale\.order\.line: migrated\n {2}[\d,]+ items copied from 32 to 4 shard\(s\)/);
    assert.deepEqual(await contentOf(models), before);
    const all = await scanAll();
    assert.deepEqual(await misplaced('sale.order.line', 4, all), []);
    assert.deepEqual(await misplaced('product.product', 2, all), []);
    const { models: specs } = await import('../fixtures/catalogues/fewer-shards');
    assert.deepEqual(diffCatalogue(buildCatalogue(specs), await readRecorded()), []);
    // This stack (the demo catalogue) serves them where they are recorded: 4 and 2 shards.
    await eventually(async () => {
      const lines = shop.orders[2]!.lines;
      assert.deepEqual(await search('sale.order.line', { search_domain: `[('order_id', '=', ${shop.orders[2]!.id})]`, order: 'id' }), lines);
    });
    const upsert = await ok(api, 'create_update_data', 'product.product', { search_key: { default_code: 'P-010' }, payload: { list_price: 10 } });
    assert.deepEqual([upsert.id, upsert.created], [shop.products[10]!.id, false]);
    assertFailure(await outcome(api, 'create_data', 'product.product', { payload: { name: 'Twin', default_code: 'P-000' } }), 'DUPLICATE');
  });

  test('a run killed between recording a phase and saving its checkpoint is finished by the next', { timeout: 300_000 }, async () => {
    const before = await contentOf(MOVED);
    // The checkpoint's save that follows the first write of a recorded state fails, as if the run died there.
    let recorded = false;
    const heal = injectFault(dynamoClient, (command, input) => {
      const about = JSON.stringify(input);
      if (command === 'PutItemCommand' && about.includes('"M#catalogue"')) recorded = true;
      return recorded && command === 'PutItemCommand' && about.includes('"M#migration"');
    }, 'crash');
    try {
      await assert.rejects(migrate({ catalogue, settleSeconds: 1 }));
    } finally {
      heal();
    }
    assert.ok(recorded, 'the run died right after recording a state');
    const report = await migrate({ catalogue, settleSeconds: 1 });
    assert.equal(report.done, true);
    assert.deepEqual(diffCatalogue(catalogue, await readRecorded()), []);
    assert.deepEqual(await contentOf(MOVED), before);
    const all = await scanAll();
    assert.deepEqual([await misplaced('sale.order.line', 32, all), await misplaced('product.product', 8, all)], [[], []]);
  });
});
