/**
 * AWS calls and sequential rounds per request, as the route's function makes them, the API log
 * write shown as its own rounds after the answer. The authorizer's key lookup is left out: in AWS
 * it is another function, run before the route's (and cached there for a minute). Round trips are
 * what a request costs; they are counted, not timed, so the numbers hold on any machine.
 */
import { startTestApi } from '../support/api';
import { unique } from '../support/records';
import { groupRounds, isAfterAnswer } from '../support/sdk-calls';
import { priceCalls, type PricedCall } from './capacity';
import { record, type RecordedCall } from './replay';
import { report } from './support';

const api = await startTestApi();
const roles = { [process.env.RECORDS_TABLE!]: 'records', [process.env.LOGS_TABLE!]: 'logs', [process.env.AUTH_TABLE!]: 'auth' };
const call = async (route: string, model: string, vals: Record<string, unknown>, headers?: Record<string, string>) => {
  const res = await api.call(`/api/${route}`, { model, vals }, { headers });
  if (res.body.result?.is_success !== true) throw new Error(`${route} ${model}: ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body.result.result;
};

// First, so that they are the first orders: 100 orders of 10 lines over 20 products, for a
// search of every order with its lines and the lines' products.
const partner = (await call('create_data', 'res.partner', { payload: { name: 'Nested customer' } })).id as number;
const products: number[] = [];
for (let i = 0; i < 20; i++) products.push((await call('create_data', 'product.product', { payload: { name: `Nested product ${i}` } })).id);
let lastOrder = 0;
for (let i = 0; i < 100; i++) {
  lastOrder = (await call('create_data', 'sale.order', {
    payload: { partner_id: partner, order_line: Array.from({ length: 10 }, (_, j) => ({ product_id: products[(i + j) % 20], price_unit: 1 })) },
  })).id;
}

const ref = unique('C');
const tags = [unique('t'), unique('t'), unique('t')];
const codes = Array.from({ length: 50 }, () => unique('P'));
for (const name of tags) await call('create_data', 'res.partner.category', { payload: { name } });
await call('create_data', 'res.partner', { payload: { name: 'Client', ref, category_id: tags.map((name) => ({ name })) } });
for (const code of codes) await call('create_data', 'product.product', { payload: { name: code, default_code: code, list_price: 10 } });
const lines = codes.map((code, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: 10 }));
/** The partner to create when the ref finds none: named, with the 3 tags looked up by name. */
const autoCreate = { partner_id: { name: 'New customer', category_id: tags.map((name) => ({ name })) } };

/** The API log, and what goes in its round: a finished write's journal removed, an answer kept for its key. */
const isLog = (c: RecordedCall) =>
  c.service === 'dynamodb' ? c.input.TableName === process.env.LOGS_TABLE || isAfterAnswer(c.command, c.input) : String(c.input.Key).startsWith('logs/');
const label = (c: RecordedCall) => `${c.service === 's3' ? 'S3 ' : ''}${c.command.replace(/Command$/, '')}`;

function describe(round: RecordedCall[]): string {
  const counts = new Map<string, number>();
  for (const c of round) counts.set(label(c), (counts.get(label(c)) ?? 0) + 1);
  return [...counts].map(([name, n]) => `${n}× ${name}`).join(' + ');
}

/** Calls that write: records, counters (a reservation is a write), attachment bytes. */
const WRITES = new Set(['TransactWriteItemsCommand', 'UpdateItemCommand', 'PutItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'PutObjectCommand', 'DeleteObjectsCommand']);

/** Capacity units of a request's own calls (the authorizer's left out), answer + log, priced as the heat benchmark prices them. */
function units(calls: PricedCall[], unit: 'wcu' | 'rcu'): string {
  const sum = (inLog: boolean) =>
    calls
      .filter((c) => c.input.TableName !== process.env.AUTH_TABLE && (c.input.TableName === process.env.LOGS_TABLE || isAfterAnswer(c.command, c.input)) === inLog)
      .reduce((a, c) => a + c.priced.reduce((b, p) => b + p[unit], 0), 0);
  const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  return `${n(sum(false))} + ${n(sum(true))}`;
}

const rows: (string | number)[][] = [];
/**
 * Runs a request and adds its row; `budget` is the most rounds before the answer it may take, and
 * `writes: false` says that none of them may write.
 */
async function measure(what: string, route: string, model: string, vals: Record<string, unknown>, budget?: number, options: { writes?: false; key?: string } = {}) {
  const { result: priced, calls } = await record(() => priceCalls(() => call(route, model, vals, options.key ? { 'Idempotency-Key': options.key } : undefined), roles));
  const result = priced.result;
  const own = calls.filter((c) => !(c.service === 'dynamodb' && c.input.TableName === process.env.AUTH_TABLE));
  const rounds = groupRounds(own);
  const answer = rounds.filter((r) => !r.every(isLog));
  const log = rounds.filter((r) => r.every(isLog));
  const count = (service: RecordedCall['service'], inLog: boolean) => own.filter((c) => c.service === service && isLog(c) === inLog).length;
  const perRound = [
    ...answer.map((r, i) => `${i + 1}: ${describe(r)}`),
    ...log.map((r) => `log: ${describe(r)}`),
  ].join('<br>');
  const written = options.writes === false ? own.filter((c) => !isLog(c) && WRITES.has(c.command)).map(label) : [];
  const target =
    budget === undefined
      ? ''
      : written.length > 0
        ? `MISSED (writes: ${[...new Set(written)].join(', ')})`
        : answer.length <= budget
          ? `met (≤ ${budget} + log${options.writes === false ? ', no write' : ''})`
          : `MISSED (${answer.length} > ${budget})`;
  rows.push([
    what,
    `${answer.length} + ${log.length}`,
    `${count('dynamodb', false)} + ${count('dynamodb', true)}`,
    `${count('s3', false)} + ${count('s3', true)}`,
    units(priced.calls, 'wcu'),
    units(priced.calls, 'rcu'),
    perRound,
    target,
  ]);
  return result;
}

const order = await measure(
  'create_data: sale.order, 50 lines (products by default_code), partner found by ref',
  'create_data', 'sale.order', { payload: { partner_id: { ref }, client_order_ref: unique('PO'), order_line: lines }, auto_create: autoCreate }, 3,
);
await measure(
  'create_data: the same order as a dry run (`"dry_run": true`): checked, nothing written',
  'create_data', 'sale.order', { payload: { partner_id: { ref }, client_order_ref: unique('PO'), order_line: lines }, auto_create: autoCreate, dry_run: true }, 3,
  { writes: false },
);
await measure(
  'create_data: the same order for a new ref: the partner auto-created with 3 tags by name',
  'create_data', 'sale.order', { payload: { partner_id: { ref: unique('C') }, client_order_ref: unique('PO'), order_line: lines }, auto_create: autoCreate }, 3,
);
await measure(
  'create_data: the same order with an `Idempotency-Key`',
  'create_data', 'sale.order', { payload: { partner_id: { ref }, client_order_ref: unique('PO'), order_line: lines }, auto_create: autoCreate }, 3,
  { key: unique('key-') },
);
await measure('create_data: a partner with a tag by name', 'create_data', 'res.partner', { payload: { name: 'Tagged', category_id: [{ name: tags[0] }] } });
await measure(
  'create_data: the same with an `Idempotency-Key`',
  'create_data', 'res.partner', { payload: { name: 'Tagged', category_id: [{ name: tags[0] }] } }, undefined, { key: unique('key-') },
);
await measure('create_data: partner with 3 tags by name and 20 contacts tagged likewise', 'create_data', 'res.partner', {
  payload: { name: 'Group', category_id: tags.map((name) => ({ name })), child_ids: Array.from({ length: 20 }, (_, i) => ({ name: `c${i}`, category_id: tags.map((name) => ({ name })) })) },
});
await measure('update_data: that order, its 50 lines replaced', 'update_data', 'sale.order', { search_key: { id: order.id }, payload: { order_line: lines } });
await measure('update_data: that order, one line added', 'update_data', 'sale.order', { search_key: { id: order.id }, payload: { order_line: { mode: 'add', records: [lines[0]] } } });
await measure('create_update_data: new partner keyed by email', 'create_update_data', 'res.partner', { search_key: { email: `${unique()}@example.com` }, payload: { name: 'Upserted' } });
await measure('create_update_data: existing partner keyed by ref', 'create_update_data', 'res.partner', { search_key: { ref }, payload: { phone: '555' } });
await measure('call_function: set_credit_limit on the partner keyed by ref', 'call_function', 'res.partner', {
  search_key: { ref },
  payload: { method: 'set_credit_limit', parameter: { limit: 5000 } },
});

const nested = await measure('search_data: all 100 orders of 10 lines with order_line{product_id{name}}', 'search_data', 'sale.order', {
  payload: { search_domain: `[('id', '<=', ${lastOrder})]`, search_field: ['name', 'order_line{product_id{name}}'] },
});
if (nested.length !== 100 || nested.some((o: { order_line: unknown[] }) => o.order_line.length !== 10)) throw new Error('unexpected nested answer');
await api.stop();

report({
  title: 'AWS calls and sequential rounds per request',
  columns: ['request', 'rounds (answer + log)', 'DynamoDB calls (answer + log)', 'S3 calls (answer + log)', 'WCU (answer + log)', 'RCU (answer + log)', 'calls per round', 'target'],
  rows,
  notes: [
    'Target for the 50-line order: at most 3 sequential rounds before the answer, plus the API log write.',
    "The 3 tags: sale.order has no tag field, so they are named on the order's partner: an `auto_create` entry gives the partner to create when the ref finds none, with `category_id` looked up by name. When the ref is found (first row) the entry is not used; when it is not (second row), the new partner's tag lookups are a round of their own, after the round that found the ref missing.",
    'Lookups of one request are one round: unique fields through their guards (one BatchGetItem per 100 keys), other indexed fields one Query per distinct value (one per shard where a value many records share may lie on every shard), sent together with the id and sequence reservations (UpdateItem ADD on counters). Record ids come from the ids the function container drew earlier when it holds enough (docs/scale.md, "Record ids"): a request then sends no UpdateItem for them, and the rows below, run one after another in one container, show fewer UpdateItems than they would alone.',
    'WCU and RCU: the units of the request\'s own DynamoDB calls, priced by DynamoDB\'s size rules as the heat benchmark below prices them (a write unit per started KB, twice in a transaction; a read unit per started 4 KB strongly consistent, half eventually consistent; an UpdateItem priced by what it sends); "log" is the API log with its listings and what is written in its round.',
    'A plan over 100 items is several TransactWriteItems sent concurrently: one round. Each carries its journal entry; once the answer is made they are removed (one BatchWriteItem), in the round of the API log.',
    'With an `Idempotency-Key`, the key is read (GetItem) in the first round, beside the lookups, and written in the first transaction: a write of one transaction takes the same rounds as without a key (a write with nothing to look up or draw has no first round to share, and pays the read as one). A write of several transactions sends the one holding the key first, then the others: one more round. The answer is kept for the key (UpdateItem) in the round of the API log.',
    'A dry run makes the same lookups, reads the id and sequence counters (GetItem) where the real call reserves them (UpdateItem ADD; none for ids its container holds), and in place of the transaction reads the unique guards the plan would take (the order\'s name: one BatchGetItem), so that a taken value fails as in the real call: no write before the answer, only the API log after it.',
    'An update reads what it changes: the search_key (a Query, or by id a BatchGetItem of the record), then for a replace the lines it removes, one BatchGetItem round per level, concurrently with the lookups.',
    "The API log is written after the answer is made: one PutItem, preceded by an S3 PutObject of the whole request and response when either is longer than `preview_limit` (2,000 characters by default), as the 50-line requests and the nested search's answer are.",
    'A nested search reads one level per round: the orders (a Query of the model\'s records in id order: `id` is their sort key), all their lines at once (BatchGetItem, 100 keys a call, sent together), then all the lines\' products.',
    "The authorizer's key lookup (one GetItem, cached for a minute in AWS) is not counted: in AWS it is another function, run before the route's.",
  ],
});
process.exit(0);
