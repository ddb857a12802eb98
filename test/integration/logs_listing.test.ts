import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listLogs, type ApiLog, type LogFilter } from '../../shared/logs';
import { startTestApi, type TestApi } from '../support/api';
import { allLogs, sleep } from '../support/logs';
import { unique } from '../support/records';
import { countBy, watchCalls } from '../support/sdk-calls';

let api: TestApi;
let everything: ApiLog[];
let mark: Date;

const create = (model: string, payload: Record<string, unknown>) => api.call('/api/create_data', { model, vals: { payload } });

before(async () => {
  api = await startTestApi();
  await create('res.partner', { name: 'a' });
  await create('product.product', { name: 'p' });
  await create('sale.order', { partner_id: { ref: unique('nobody') } });
  await api.post('/api/create_data', '{"params": ', { authorization: `Bearer ${api.key}` });
  await sleep(5);
  mark = new Date();
  await create('res.partner', { name: 'b' });
  await create('sale.order', { partner_id: { ref: unique('nobody') } });
  await create('res.partner', { name: 'c', email: 5 });
  await create('product.product', { name: 'q' });
  everything = await allLogs();
});
after(() => api.stop());

/** Lists with the filter, checking that only Queries were sent. */
async function listed(filter: LogFilter, pageSize?: number): Promise<ApiLog[]> {
  const { result, calls } = await watchCalls(() => allLogs(filter, pageSize), { includeLogs: true });
  assert.deepEqual(Object.keys(countBy(calls)), ['QueryCommand'], 'listing sends Queries only, never a Scan');
  return result;
}

const ids = (logs: ApiLog[]) => logs.map((l) => l.log_id);

test('every call is listed once, newest first', () => {
  assert.equal(everything.length, 8);
  assert.deepEqual(ids(everything), [...ids(everything)].sort().reverse());
  assert.equal(new Set(ids(everything)).size, 8);
  assert.deepEqual(
    everything.map((l) => l.created_at),
    everything.map((l) => l.created_at).sort().reverse(),
  );
});

test('logs are listed by state, model and route, each newest first, without a Scan', async () => {
  const failed = await listed({ state: 'failed' });
  assert.deepEqual(ids(failed), ids(everything.filter((l) => l.state === 'failed')));
  assert.equal(failed.length, 4);
  assert.deepEqual(ids(await listed({ state: 'done' })), ids(everything.filter((l) => l.state === 'done')));
  assert.deepEqual(ids(await listed({ model: 'res.partner' })), ids(everything.filter((l) => l.model === 'res.partner')));
  assert.equal((await listed({ model: 'res.partner' })).length, 3);
  assert.deepEqual(ids(await listed({ route: 'create_data' })), ids(everything));
  assert.deepEqual(ids(await listed({ route: '/api/create_data' })), ids(everything));
  assert.deepEqual(await listed({ route: 'update_data' }), []);
});

test('filters combine, and --since keeps the logs made from that time on', async () => {
  const failedOrders = await listed({ state: 'failed', model: 'sale.order', route: 'create_data' });
  assert.deepEqual(ids(failedOrders), ids(everything.filter((l) => l.state === 'failed' && l.model === 'sale.order')));
  assert.equal(failedOrders.length, 2);
  const recent = await listed({ since: mark });
  assert.deepEqual(ids(recent), ids(everything.slice(0, 4)));
  assert.deepEqual(ids(await listed({ since: mark, model: 'res.partner' })), ids(everything.slice(0, 4).filter((l) => l.model === 'res.partner')));
});

test('small pages give the same listing, and a listing stops reading at what is taken', async () => {
  assert.deepEqual(ids(await listed({}, 1)), ids(everything));
  assert.deepEqual(ids(await listed({ state: 'done' }, 1)), ids(everything.filter((l) => l.state === 'done')));
  const all = await watchCalls(() => allLogs({}, 1), { includeLogs: true });
  const firstThree = await watchCalls(
    async () => {
      const out: ApiLog[] = [];
      for await (const log of listLogs({}, 1)) if (out.push(log) === 3) break;
      return out;
    },
    { includeLogs: true },
  );
  assert.deepEqual(ids(firstThree.result), ids(everything.slice(0, 3)));
  assert.ok(firstThree.calls.length < all.calls.length, `${firstThree.calls.length} Queries for 3 logs, ${all.calls.length} for all`);
});
