import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { createOrderParties } from '../support/orders';
import { journalEntries, readBack, snapshot } from '../support/records';
import { createRecord } from '../support/rpc';
import { listLogs, type ApiLog } from '../../shared/logs';
import { getParams } from '../../shared/params';
import { recoverWrites } from '../../shared/recovery';

// A crash is a process killed with SIGKILL between two transactions of a write, as a Lambda
// timeout or an out-of-memory kill ends a function: what it committed stays in DynamoDB, with its
// journal entries, until the recovery settles it.

let code: string;
let partnerId: number;
const api = useTestApi(async () => {
  ({ code, partnerId } = await createOrderParties(api, 'Crash'));
});

const PRINCIPAL = JSON.stringify({ name: 'crash test', id: 'key:crash', companyId: 1, allowedCompanyIds: 'all' });
const lines = (n: number, price = 1) => Array.from({ length: n }, (_, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: price }));

interface ChildRun {
  committed: number;
  answer: { statusCode: number; body: any } | null;
}

/** Runs a request in a child process; with `killAfter`, kills it once that many transactions committed. */
function runChild(route: string, params: unknown, killAfter?: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/crash-child.ts'], {
    env: { ...process.env, ROUTE: route, PARAMS: JSON.stringify(params), PRINCIPAL, ...(killAfter !== undefined ? { ALLOW: String(killAfter) } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run: ChildRun = { committed: 0, answer: null };
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.startsWith('COMMITTED ')) {
        run.committed = Number(line.slice(10));
        if (run.committed === killAfter) child.kill('SIGKILL');
      } else if (line.startsWith('ANSWER ')) run.answer = JSON.parse(line.slice(7));
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) => child.on('exit', () => (clearTimeout(timer), resolve(run))));
}

/** One run of the recovery, as its schedule would make it once the killed request's deadline has passed. */
async function recover() {
  const now = Date.now() + 60_000;
  return recoverWrites({ now, until: Date.now() + 20_000, params: await getParams() });
}

async function newestLog(model: string): Promise<ApiLog> {
  for await (const log of listLogs({ model }, { limit: 1 })) return log;
  throw new Error('no log');
}

/** A snapshot's key of a sale.order record, on any of its shards. */
const ORDER = /^R#sale\.order(#\d+)? /;

/** Lines of `sale.order.line` whose order does not exist. */
async function orphanLines(snap: string[]): Promise<string[]> {
  const orders = new Set(snap.filter((k) => ORDER.test(k)).map((k) => Number(k.split(' ')[1])));
  return snap
    .filter((k) => /^R#sale\.order\.line#\d+ /.test(k))
    .map((k) => JSON.parse(k.slice(k.indexOf('{'))) as { order_id: number; id: number })
    .filter((l) => !orders.has(l.order_id))
    .map((l) => `line ${l.id} of order ${l.order_id}`);
}

let createTransactions = 0;

test('a 300-line order written in a process of its own takes several transactions, and leaves no journal entry', async () => {
  const run = await runChild('create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines(300) } } });
  assert.equal(run.answer?.body.result.is_success, true, JSON.stringify(run.answer));
  createTransactions = run.committed;
  assert.ok(createTransactions >= 10, `${createTransactions} transactions`);
  assert.deepEqual(await journalEntries(), {});
});

for (const at of ['first', 'middle', 'last'] as const) {
  test(`a 300-line create killed after the ${at} of its transactions to commit leaves nothing once recovered, and its log says so`, async () => {
    const before = await snapshot();
    const killAfter = at === 'first' ? 1 : at === 'middle' ? Math.floor(createTransactions / 2) : createTransactions - 1;
    const run = await runChild('create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines(300, 2) } } }, killAfter);
    assert.equal(run.answer, null, 'killed before it answered');
    const left = await snapshot();
    assert.ok(left.length > before.length, 'the kill left part of the order');
    assert.equal((await journalEntries()).c, killAfter, 'with a journal entry per committed transaction');

    const report = await recover();
    assert.deepEqual(report.writes.map((w) => w.action), ['undone']);
    assert.deepEqual(await snapshot(), before, 'nothing of the order remains');
    assert.equal((await journalEntries()).c, undefined);
    const log = await newestLog('sale.order');
    assert.equal(log.log_id, report.writes[0]!.facts?.logId);
    assert.deepEqual([log.state, log.http_status, log.recovery, log.rolled_back], ['failed', 502, 'undone', true]);
    // A second run finds nothing left to do.
    assert.deepEqual((await recover()).writes, []);
  });
}

test('a create killed after its last transaction committed, before it answered, is completed: the order is whole', async () => {
  const before = await snapshot();
  const run = await runChild('create_data', { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: lines(300, 3) } } }, createTransactions);
  assert.equal(run.answer, null);
  const report = await recover();
  assert.deepEqual(report.writes.map((w) => w.action), ['completed']);
  const after = await snapshot();
  assert.deepEqual(await orphanLines(after), []);
  const orders = after.filter((k) => ORDER.test(k) && !before.includes(k));
  assert.equal(orders.length, 1);
  const order = await readBack('sale.order', Number(orders[0]!.split(' ')[1]));
  assert.equal((order?.order_line as number[]).length, 300);
  assert.equal(order?.amount_total, 3 * ((300 * 301) / 2));
  assert.equal((await journalEntries()).c, undefined, 'no entry left to settle');
  const log = await newestLog('sale.order');
  assert.deepEqual([log.recovery, log.rolled_back], ['completed', false]);
});

test('a replace of 120 lines by 150 killed between its transactions is undone by the recovery: the old lines are back', async () => {
  const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId, order_line: lines(120) });
  const full = await runChild('update_data', { model: 'sale.order', vals: { search_key: { id: orderId }, payload: { order_line: lines(150, 5) } } });
  assert.equal(full.answer?.body.result.is_success, true, JSON.stringify(full.answer));
  const transactions = full.committed;
  assert.ok(transactions >= 10, `${transactions} transactions`);
  for (const killAfter of [1, Math.floor(transactions / 2), transactions - 1]) {
    const id = await createRecord(api, 'sale.order', { partner_id: partnerId, order_line: lines(120) });
    const before = await snapshot();
    const run = await runChild('update_data', { model: 'sale.order', vals: { search_key: { id }, payload: { order_line: lines(150, 7) } } }, killAfter);
    assert.equal(run.answer, null);
    assert.notDeepEqual(await snapshot(), before);
    const report = await recover();
    assert.deepEqual(report.writes.map((w) => w.action), ['undone'], `killed after ${killAfter}`);
    assert.deepEqual(await snapshot(), before, `killed after ${killAfter}: the order as it was`);
    const order = await readBack('sale.order', id);
    assert.equal((order?.order_line as number[]).length, 120);
    assert.equal(order?.amount_total, (120 * 121) / 2);
  }
});
