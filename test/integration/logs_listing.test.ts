import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiLog, ListOptions, LogFilter } from '../../shared/logs';
import { useTestApi } from '../support/api';
import { setTimeout as sleep } from 'node:timers/promises';
import { allLogs } from '../support/logs';
import { unique } from '../support/records';
import { createData } from '../support/rpc';
import { countBy, watchCalls } from '../support/sdk-calls';

let everything: ApiLog[];
let mark: Date;

const api = useTestApi(async () => {
  await createData(api, 'res.partner', { payload: { name: 'a' } });
  await createData(api, 'product.product', { payload: { name: 'p' } });
  await createData(api, 'sale.order', { payload: { partner_id: { ref: unique('nobody') } } });
  await api.post('/api/create_data', '{"params": ', { authorization: `Bearer ${api.key}` });
  await sleep(5);
  mark = new Date();
  await createData(api, 'res.partner', { payload: { name: 'b' } });
  await createData(api, 'sale.order', { payload: { partner_id: { ref: unique('nobody') } } });
  await createData(api, 'res.partner', { payload: { name: 'c', email: 5 } });
  await createData(api, 'product.product', { payload: { name: 'q' } });
  everything = await allLogs();
});

/** Lists with the filter, checking that only Queries were sent. */
async function listed(filter: LogFilter, options?: ListOptions): Promise<ApiLog[]> {
  const { result, calls } = await watchCalls(() => allLogs(filter, options), { includeLogs: true });
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

test('small pages give the same listing, and a listing stops reading at its limit', async () => {
  assert.deepEqual(ids(await listed({}, { pageSize: 1 })), ids(everything));
  assert.deepEqual(ids(await listed({ state: 'done' }, { pageSize: 1 })), ids(everything.filter((l) => l.state === 'done')));
  assert.deepEqual(ids(await listed({ state: 'failed' }, { limit: 2 })), ids(everything.filter((l) => l.state === 'failed').slice(0, 2)));
  const all = await watchCalls(() => allLogs({}, { pageSize: 1 }), { includeLogs: true });
  const firstThree = await watchCalls(() => allLogs({}, { limit: 3, pageSize: 1 }), { includeLogs: true });
  assert.deepEqual(ids(firstThree.result), ids(everything.slice(0, 3)));
  assert.ok(firstThree.calls.length < all.calls.length, `${firstThree.calls.length} Queries for 3 logs, ${all.calls.length} for all`);
});
