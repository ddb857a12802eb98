/**
 * Heat: the capacity units each request puts on each partition key, priced from its DynamoDB calls
 * by DynamoDB's size rules (test/bench/capacity.ts), and the requests a second the deployment
 * sustains before its hottest key reaches DynamoDB's 1,000 WCU/s or 3,000 RCU/s per key. The same
 * calls are priced twice: with the keys as the catalogue's shard counts name them, and as a layout
 * of one shard per model names them (the layout before shards: the same items, on fewer keys).
 */
import { buildCatalogue } from '../../shared/catalogue';
import { models } from '../../shared/catalogue/demo';
import { startTestApi } from '../support/api';
import { unique } from '../support/records';
import { priceCalls, type Priced } from './capacity';
import { report } from './support';

const demo = buildCatalogue(models);
const api = await startTestApi();
const call = async (route: string, model: string, vals: Record<string, unknown>) => {
  const res = await api.call(`/api/${route}`, { model, vals });
  if (res.body.result?.is_success !== true) throw new Error(`${route} ${model}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body.result.result;
};
const roles = { [process.env.RECORDS_TABLE!]: 'records', [process.env.LOGS_TABLE!]: 'logs', [process.env.AUTH_TABLE!]: 'auth' };

const refs = Array.from({ length: 10 }, () => unique('C'));
for (const ref of refs) await call('create_data', 'res.partner', { payload: { name: ref, ref } });
const codes = Array.from({ length: 100 }, () => unique('P'));
const productIds: number[] = [];
for (const code of codes) productIds.push((await call('create_data', 'product.product', { payload: { name: code, default_code: code, list_price: 10 } })).id);

/** Runs `n` requests, priced; the authorizer's reads are another function's (and cached there). */
async function workload(n: number, request: (i: number) => Promise<unknown>): Promise<Priced[]> {
  const all: Priced[] = [];
  for (let i = 0; i < n; i++) {
    const { priced } = await priceCalls(() => request(i), roles);
    all.push(...priced.filter((p) => !p.key.startsWith('auth ')));
  }
  return all;
}

const ORDERS = 20;
const orders = await workload(ORDERS, (i) =>
  call('create_data', 'sale.order', {
    payload: {
      partner_id: { ref: refs[i % refs.length] },
      client_order_ref: unique('PO'),
      order_line: Array.from({ length: 50 }, (_, j) => ({ product_id: { default_code: codes[(i * 7 + j * 3) % codes.length] }, product_uom_qty: j + 1, price_unit: 10 })),
    },
  }),
);
const UPSERTS = 40;
const upserts = await workload(UPSERTS, (i) =>
  call('create_update_data', 'res.partner', { search_key: { ref: i % 2 === 0 ? refs[i % refs.length] : unique('N') }, payload: { name: `Upserted ${i}`, phone: '555' } }),
);
const SEARCHES = 40;
const searches = await workload(SEARCHES, (i) =>
  call('search_data', 'sale.order.line', { payload: { search_domain: `[('product_id', '=', ${productIds[i % productIds.length]})]`, search_field: ['order_id', 'price_subtotal'], limit: 10 } }),
);
await api.stop();

/** The key a layout of one shard per model gives: the shard part dropped from a sharded model's keys. */
function unsharded(key: string): string {
  const [role, pk] = key.split(' ') as [string, string];
  const model = /^[RIU]#([^#]+)/.exec(pk)?.[1];
  if (role !== 'records' || !model || (demo.get(model)?.shards ?? 1) === 1) return key;
  return `${role} ${pk.replace(/#\d+$/, '')}`;
}

interface Heat {
  wcu: number;
  rcu: number;
  hotWrite: [string, number];
  hotRead: [string, number];
  rate: number;
  byKey: Map<string, { wcu: number; rcu: number }>;
}

function heat(priced: Priced[], requests: number, rekey: (k: string) => string): Heat {
  const byKey = new Map<string, { wcu: number; rcu: number }>();
  for (const p of priced) {
    const k = rekey(p.key);
    const sum = byKey.get(k) ?? { wcu: 0, rcu: 0 };
    sum.wcu += p.wcu / requests;
    sum.rcu += p.rcu / requests;
    byKey.set(k, sum);
  }
  const keys = [...byKey];
  const hotWrite = keys.reduce<[string, number]>((a, [k, v]) => (v.wcu > a[1] ? [k, v.wcu] : a), ['-', 0]);
  const hotRead = keys.reduce<[string, number]>((a, [k, v]) => (v.rcu > a[1] ? [k, v.rcu] : a), ['-', 0]);
  const rate = Math.min(hotWrite[1] > 0 ? 1000 / hotWrite[1] : Infinity, hotRead[1] > 0 ? 3000 / hotRead[1] : Infinity);
  return { wcu: keys.reduce((a, [, v]) => a + v.wcu, 0), rcu: keys.reduce((a, [, v]) => a + v.rcu, 0), hotWrite, hotRead, rate, byKey };
}

const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const rows: (string | number)[][] = [];
const results: Record<string, { before: Heat; after: Heat }> = {};
for (const [what, priced, count] of [
  ['create_data: sale.order of 50 lines (products by default_code, partner by ref)', orders, ORDERS],
  ['create_update_data: res.partner by ref (half found, half created)', upserts, UPSERTS],
  ["search_data: sale.order.line by product_id, 10 lines", searches, SEARCHES],
] as const) {
  const before = heat(priced, count, unsharded);
  const after = heat(priced, count, (k) => k);
  results[what] = { before, after };
  for (const [layout, h] of [['one shard per model', before], ['the catalogue\'s shards', after]] as const) {
    rows.push([what, layout, n(h.wcu), n(h.rcu), `\`${h.hotWrite[0]}\` ${n(h.hotWrite[1])}`, `\`${h.hotRead[0]}\` ${n(h.hotRead[1])}`, Math.floor(h.rate)]);
  }
}

/** The order's keys, family by family (a sharded family's keys folded into one row: how many, the hottest). */
const order = results['create_data: sale.order of 50 lines (products by default_code, partner by ref)']!;
const families = new Map<string, { before: number; keys: number; total: number; hottest: number }>();
for (const [k, v] of order.before.byKey) if (v.wcu > 0) families.set(k, { before: v.wcu, keys: 0, total: 0, hottest: 0 });
for (const [k, v] of order.after.byKey) {
  if (v.wcu === 0) continue;
  const f = families.get(unsharded(k))!;
  f.keys++;
  f.total += v.wcu;
  f.hottest = Math.max(f.hottest, v.wcu);
}
const orderRows = [...families]
  .sort((a, b) => b[1].before - a[1].before)
  .slice(0, 12)
  .map(([k, f]) => [`\`${k.replace(/^records /, '')}\``, n(f.before), f.keys, n(f.total), n(f.hottest)]);

report({
  title: 'Heat: capacity units per partition key, and the requests a second before one throttles',
  columns: ['request', 'key layout', 'WCU per request', 'RCU per request', 'hottest key for writes (WCU per request)', 'hottest key for reads (RCU per request)', 'requests/s before a key throttles'],
  rows,
  notes: [
    `Every DynamoDB call of ${ORDERS} orders, ${UPSERTS} upserts and ${SEARCHES} searches in a row, priced by DynamoDB's size rules: a write unit per started KB (doubled in a transaction, a condition check included), a strongly consistent read unit per started 4 KB (a Query's items summed), at least one a call; averaged per request on each partition key. The API log (the logs table and its three listings) and the journal entries of a several-transaction write are counted; the authorizer's reads are not (another function, cached).`,
    'requests/s: 1,000 WCU/s (or 3,000 RCU/s) over the hottest key\'s units per request: what the whole deployment sustains, however many functions run, before DynamoDB throttles that key.',
    '"one shard per model": the very same calls with their keys as a layout of one shard per model names them (the layout before shards). Writes are the same items on fewer keys; the reads of a sharded layout are more calls (a Query per shard where a value many records share is read), each priced at least one unit.',
    'UpdateItem and Delete are priced by what they send (the stored item is not in the call): a lower bound, the same in both layouts.',
    `The orders draw their 50 lines from ${codes.length} products and ${refs.length} partners: every line of every order is on the line model's keys, as with any shop.`,
  ],
});
/** The counters an order draws from: record ids in blocks a container keeps, the order's name one number at a time. */
const counterKeys = [...order.after.byKey].filter(([k, v]) => k.startsWith('records C#') && v.wcu > 0).map(([k, v]) => `\`${k.replace(/^records /, '')}\` ${v.wcu.toFixed(2)}`);

report({
  title: 'Heat of a 50-line order, key by key',
  columns: ['partition key (one shard per model)', 'WCU per order', 'keys with the catalogue\'s shards', 'WCU per order over them', 'on the hottest of them'],
  rows: orderRows,
  notes: [
    'The twelve keys an order writes most. A sharded family (the line model\'s records, index entries) spreads the same units over its shards.',
    `Counters, WCU per order: ${counterKeys.join(', ')}. Record ids are drawn in blocks the function container keeps (docs/scale.md, "Record ids"): over ${ORDERS} orders in one container the blocks grow, and a busy container draws once per thousand ids. A sequence (the order's name) draws one number per record, so that names follow the order of creation: 1 WCU per order on one key per company, a cap of 1,000 numbered orders a second per company.`,
  ],
});
process.exit(0);
