/**
 * DynamoDB calls and sequential rounds of the write routes, as the handlers make them (the
 * authorizer's lookup excluded: another function in AWS). Round trips are what a write costs;
 * they are counted, not timed, so the numbers hold on any machine.
 */
import { startTestApi } from '../support/api';
import { unique } from '../support/records';
import { countBy, type SdkCall, watchCalls } from '../support/sdk-calls';
import { report } from './support';

const api = await startTestApi();
const ref = unique('C');
const tags = [unique('t'), unique('t'), unique('t')];
const codes = Array.from({ length: 50 }, () => unique('P'));
const call = (route: string, model: string, vals: Record<string, unknown>) => api.call(`/api/${route}`, { model, vals });
for (const name of tags) await call('create_data', 'res.partner.category', { payload: { name } });
await call('create_data', 'res.partner', { payload: { name: 'Client', ref, category_id: tags.map((name) => ({ name })) } });
for (const code of codes) await call('create_data', 'product.product', { payload: { name: code, default_code: code, list_price: 10 } });
const lines = codes.map((code, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1, price_unit: 10 }));

/** One row per round: which calls it made. */
function rounds(calls: SdkCall[]): string {
  const out: string[] = [];
  let end = -Infinity;
  let current: SdkCall[] = [];
  const flush = () => current.length && out.push(Object.entries(countBy(current)).map(([c, n]) => `${n}× ${c.replace('Command', '')}`).join(' + '));
  for (const c of calls) {
    if (c.start >= end) {
      flush();
      current = [];
      end = c.end;
    } else end = Math.max(end, c.end);
    current.push(c);
  }
  flush();
  return out.map((r, i) => `${i + 1}: ${r}`).join('<br>');
}

const rows: (string | number)[][] = [];
async function measure(label: string, route: string, model: string, vals: Record<string, unknown>) {
  const { result, calls, rounds: n } = await watchCalls(() => call(route, model, vals));
  if (result.body.result?.is_success !== true) throw new Error(`${label}: ${JSON.stringify(result.body)}`);
  rows.push([label, calls.length, n, rounds(calls)]);
  return result.body.result.result;
}

const created = await measure('create_data: order, 50 lines (partner by ref, products by default_code)', 'create_data', 'sale.order', {
  payload: { partner_id: { ref }, client_order_ref: unique('PO'), order_line: lines },
});
await measure('create_data: partner with 3 tags by name and 20 contacts tagged likewise', 'create_data', 'res.partner', {
  payload: { name: 'Group', category_id: tags.map((name) => ({ name })), child_ids: Array.from({ length: 20 }, (_, i) => ({ name: `c${i}`, category_id: tags.map((name) => ({ name })) })) },
});
await measure('update_data: replace the 50 lines of that order', 'update_data', 'sale.order', {
  search_key: { id: created.id },
  payload: { order_line: lines },
});
await measure('update_data: add one line to that order', 'update_data', 'sale.order', {
  search_key: { id: created.id },
  payload: { order_line: { mode: 'add', records: [lines[0]] } },
});
await measure('create_update_data: new partner keyed by email', 'create_update_data', 'res.partner', {
  search_key: { email: `${unique()}@example.com` },
  payload: { name: 'Upserted' },
});
await measure('create_update_data: existing partner keyed by ref', 'create_update_data', 'res.partner', {
  search_key: { ref },
  payload: { phone: '555' },
});
await api.stop();

report({
  title: 'Write routes: DynamoDB calls and sequential rounds per request',
  columns: ['request', 'SDK calls', 'rounds', 'calls per round'],
  rows,
  notes: [
    'Lookups of one request are one round: unique fields through their guards (one BatchGetItem per 100 keys), other indexed fields one Query per distinct value, sent together with the id and sequence reservations.',
    'A plan over 100 items is several TransactWriteItems sent concurrently: one round.',
    'An update reads what it changes: the search_key Query, the record, then (for a replace) the lines it removes, one BatchGetItem round per level, concurrently with the lookups.',
    'The API log write (one PutItem) is not counted here.',
  ],
});
