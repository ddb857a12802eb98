/**
 * Latency of each route as a caller sees it (HTTP through the local API Gateway: authorizer,
 * handler, API log) next to its floor: the same DynamoDB and S3 round trips, sent raw to the same
 * emulators by a replay of the calls that very request made (test/bench/replay.ts). Each request
 * is followed by its replay, so that the machine's load falls on both alike; the ratio of the two
 * is what this code adds to the round trips it cannot avoid.
 */
import { createUser, login } from '../support/auth';
import { startTestApi, type RpcAnswer } from '../support/api';
import { unique } from '../support/records';
import { prepareReplay, record } from './replay';
import { ms, percentile, report } from './support';

// Parameters are read once per cache period (30 s in AWS) and shared by the requests of that
// period; the samples measure the requests in between.
process.env.PARAMS_CACHE_SECONDS = '3600';

const RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 150);
const WARM_UP = 10;
const TARGET = 1.5;

const api = await startTestApi();
const ok = (res: RpcAnswer) => {
  if (res.status !== 200 || (res.body.result?.is_success !== true && res.body.result?.uid === undefined)) {
    throw new Error(`unexpected answer: ${JSON.stringify(res.body).slice(0, 500)}`);
  }
  return res;
};
const call = async (route: string, model: string, vals: Record<string, unknown>) => ok(await api.call(`/api/${route}`, { model, vals })).body.result.result;

const ref = unique('C');
const codes = Array.from({ length: 50 }, () => unique('P'));
await call('create_data', 'res.partner', { payload: { name: 'Client', ref } });
for (const code of codes) await call('create_data', 'product.product', { payload: { name: code, default_code: code, list_price: 10 } });
const lines = codes.map((code, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: 10 }));
const order = await call('create_data', 'sale.order', { payload: { partner_id: { ref }, order_line: lines } });
const tag = unique('T');
for (let i = 0; i < 50; i++) await call('create_data', 'res.partner.category', { payload: { name: i < 20 ? tag : unique('T') } });
await createUser('bench', 'a bench password', { companyId: 1 });
// 100 orders of 10 lines over 20 products, for a search of them all with their lines' products.
const customer = await call('create_data', 'res.partner', { payload: { name: 'Nested customer' } });
const products: number[] = [];
for (let i = 0; i < 20; i++) products.push((await call('create_data', 'product.product', { payload: { name: `Nested product ${i}` } })).id);
const batch = unique('B');
for (let i = 0; i < 100; i++) {
  const orderLines = Array.from({ length: 10 }, (_, j) => ({ product_id: products[(i + j) % 20], price_unit: 1 }));
  await call('create_data', 'sale.order', { payload: { partner_id: customer.id, client_order_ref: batch, order_line: orderLines } });
}

interface Case {
  what: string;
  send: () => Promise<RpcAnswer>;
  /** Why the target does not apply. */
  exempt?: string;
}
const rpc = (route: string, model: string, vals: () => Record<string, unknown>) => () => api.call(`/api/${route}`, { model, vals: vals() });
/** A new value for each request, so that every update writes (an unchanged record is not written). */
let n = 0;
const next = () => ++n;
const cases: Case[] = [
  { what: 'create_data: partner, 3 fields', send: () => api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Bench', email: `${unique()}@example.com`, phone: '555' } } }) },
  { what: 'create_data: sale.order, 50 lines, partner by ref, products by default_code', send: rpc('create_data', 'sale.order', () => ({ payload: { partner_id: { ref }, order_line: lines } })) },
  { what: 'update_data: that order, its 50 lines replaced', send: rpc('update_data', 'sale.order', () => ({ search_key: { id: order.id }, payload: { order_line: lines } })) },
  { what: 'create_update_data: existing partner keyed by ref', send: rpc('create_update_data', 'res.partner', () => ({ search_key: { ref }, payload: { phone: String(next()) } })) },
  { what: 'call_function: set_credit_limit on the partner keyed by ref', send: rpc('call_function', 'res.partner', () => ({ search_key: { ref }, payload: { method: 'set_credit_limit', parameter: { limit: next() } } })) },
  {
    what: 'search_data: indexed equality, limit 10 of 20 matches',
    send: rpc('search_data', 'res.partner.category', () => ({ payload: { search_domain: `[('name', '=', '${tag}')]`, search_field: ['name'], limit: 10 } })),
  },
  {
    what: 'search_data: 100 orders of 10 lines with order_line{product_id{name}}',
    send: rpc('search_data', 'sale.order', () => ({ payload: { search_domain: `[('client_order_ref', '=', '${batch}')]`, search_field: ['name', 'order_line{product_id{name}}'] } })),
  },
  {
    what: '/web/session/authenticate: right password',
    send: () => login(api, { db: 'webhook', login: 'bench', password: 'a bench password' }),
    exempt: 'not applicable: a login checks a password\'s scrypt hash, slow by design',
  },
];

const rows: (string | number)[][] = [];
const missed: string[] = [];
for (const c of cases) {
  for (let i = 0; i < WARM_UP; i++) ok(await c.send());
  const route: number[] = [];
  const floor: number[] = [];
  let rounds = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const { result, calls } = await record(c.send);
    route.push(performance.now() - started);
    ok(result);
    const replay = prepareReplay(calls);
    rounds = replay.rounds;
    floor.push(await replay.run());
  }
  // Each request against its own floor, measured right after it: the machine's load changes
  // less within a pair than over the run.
  const ratio = percentile(route.map((r, i) => r / floor[i]!), 50);
  const target = c.exempt ?? (ratio <= TARGET ? 'met' : 'MISSED');
  if (target === 'MISSED') missed.push(`${c.what} (${ratio.toFixed(2)}×)`);
  rows.push([c.what, ms(percentile(route, 50)), ms(percentile(route, 95)), rounds, ms(percentile(floor, 50)), ms(percentile(floor, 95)), `${ratio.toFixed(2)}×`, target]);
  console.log(rows.at(-1)!.join(' | '));
}
// The local API Gateway alone: a path it answers itself (404), without authorizer or handler.
const gateway: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  await api.post('/api/no_such_route', '{}');
  gateway.push(performance.now() - started);
}
await api.stop();

report({
  title: 'Route latency against its floor: the same DynamoDB and S3 round trips, sent raw',
  columns: ['request', 'p50', 'p95', 'rounds', 'floor p50', 'floor p95', 'ratio', `target ≤ ${TARGET}×`],
  rows,
  notes: [
    `${RUNS} requests per row after ${WARM_UP} warm-up ones, each followed by its floor. A request is timed from the caller's side: HTTP to the local API Gateway, which runs the authorizer and the route's handler in its process, the API log write included. Its floor replays the DynamoDB and S3 calls that very request made, round by round, each round's calls sent together: reads as they were, writes to fresh keys without their conditions (test/bench/replay.ts); a read of items the request itself deleted finds nothing then, so the floor of a replace is if anything low. The ratio is the median of each request's time over its own floor's; the p95s show this shared machine's hiccups as much as anything of ours.`,
    `The difference is ours: HTTP and JSON (the local API Gateway alone answers an unknown path in ${ms(percentile(gateway, 50))} p50), the authorizer (its key cached, AUTH_CACHE_SECONDS: 60 s by default, as in AWS), checking the payload, planning, rendering, building the API log, and the document client converting items; the SDK's own cost of building and signing requests is in both. That is a few milliseconds for a small request, and grows with the payload (a 50-line order is some 150 items to check, plan and convert); small requests, whose floor is only a few round trips of DynamoDB Local, show the largest ratios, and move by a tenth or two from run to run on this shared 2-core machine.`,
    'Parameters come from the functions\' cache (one SSM read per 30 s per container in AWS), not read during the samples.',
    ...(missed.length > 0
      ? [`TARGET MISSED in this run for ${missed.join('; ')}: what the request adds to its round trips (the note above) weighed more than half its floor; on this shared machine a ratio near the target moves by a tenth or two between runs, with the load of the JVM and of the other processes on the same two cores.`]
      : []),
  ],
});
process.exit(0);
