/**
 * A move to another shard count killed (SIGKILL) midway through its copy: the model stays paused
 * (writes refused, reads answered from where its records lie), and the next `migrate` finishes the
 * move from its checkpoint with every item carried over once, whole.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Checkpoint } from '../../shared/migration/checkpoint';
import { readCheckpoint, readRecorded } from '../../shared/store/recorded';
import { useTestApi } from '../support/api';
import { catalogueCli, eventually, spawnCatalogueCli } from '../support/catalogue-stack';
import { DEMO, contentOf, fillShop, misplaced, recordedBeforeShards, skipUnderTestShards, type Shop } from '../support/moves';
import { scanAll } from '../support/records';
import { ok } from '../support/rpc';

const MOVED = ['product.product', 'sale.order.line'];
const LINES = 'sale.order.line';

describe('a move killed midway through its copy', { skip: skipUnderTestShards }, () => {
  let shop: Shop;
  const api = useTestApi(async () => {
    await recordedBeforeShards();
    shop = await fillShop(api, { products: 12, orders: 4, lines: 500 });
  });

  const linesOf = async (order: number): Promise<number[]> =>
    (await ok(api, 'search_data', LINES, { payload: { search_domain: `[('order_id', '=', ${order})]`, search_field: ['id'], order: 'id' } })).map((r: { id: number }) => r.id);

  test('stays paused and served; run again, it finishes from its checkpoint with the data whole', { timeout: 300_000 }, async () => {
    const stored = await contentOf(MOVED);
    const first = spawnCatalogueCli(api, DEMO, ['migrate', '--concurrency', '1']);
    // Killed while it copies the lines' records or the first of their indexes: well before the copy's end.
    await eventually(async () => {
      const cp = (await readCheckpoint(LINES)) as Checkpoint | null;
      const step = cp?.steps[cp.step];
      const cursor = cp?.cursor;
      assert.ok(step?.kind === 'move' && step.phase === 'copy' && cursor && 'partition' in cursor && cursor.partition <= 1, JSON.stringify(cursor));
    }, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const cp = (await readCheckpoint(LINES)) as Checkpoint;
    const step = cp.steps[cp.step]!;
    assert.ok(step.kind === 'move' && step.phase === 'copy', `killed during the copy (${JSON.stringify(step)})`);
    assert.ok((cp.moved ?? 0) > 0, 'some items were copied');
    assert.equal((await readRecorded()).get(LINES)?.move?.state, 'moving');

    // Halfway, the lines are read where they lie, and written by no one.
    await eventually(async () => {
      const res = await api.call('/api/update_data', { model: LINES, vals: { search_key: { id: shop.orders[0]!.lines[0] }, payload: { price_unit: 1000 } } });
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.error.data.code, 'MODEL_MOVING');
    });
    assert.deepEqual(await linesOf(shop.orders[3]!.id), shop.orders[3]!.lines);

    const second = await catalogueCli(api, DEMO, ['migrate']);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /sale\.order\.line: migrated \(resumed from a checkpoint\)/);
    assert.deepEqual(await contentOf(MOVED), stored, 'every item carried over once, whole');
    const all = await scanAll();
    assert.deepEqual(await misplaced(LINES, 32, all), []);
    assert.deepEqual(await misplaced('product.product', 8, all), []);
    await eventually(async () => {
      for (const order of shop.orders) assert.deepEqual(await linesOf(order.id), order.lines);
    });
    const line = shop.orders[0]!.lines[0]!;
    assert.equal((await ok(api, 'update_data', LINES, { search_key: { id: line }, payload: { price_unit: 1000 } })).id, line);
  });
});
