import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api';
import { snapshot } from '../support/records';

/**
 * search_data over HTTP against one data set created through create_data: partners in a small
 * hierarchy, tags, products, orders; an archived partner, one of another company, a shared one.
 */
let api: TestApi;
const ids: Record<string, number> = {};

async function created(model: string, payload: Record<string, unknown>): Promise<number> {
  const res = await api.call('/api/create_data', { model, vals: { payload } });
  assert.equal(res.body.result?.is_success, true, JSON.stringify(res.body));
  return res.body.result.result.id as number;
}

before(async () => {
  api = await startTestApi();
  ids.company2 = await created('res.company', { name: 'Second Company' });
  ids.vip = await created('res.partner.category', { name: 'VIP' });
  ids.b2b = await created('res.partner.category', { name: 'B2B' });
  ids.azure = await created('res.partner', {
    name: 'Azure Interior', ref: 'A1', email: 'info@azure.example', city: 'Paris', is_company: true, credit_limit: 1000,
    category_id: [{ id: ids.vip }],
  });
  ids.azureContact = await created('res.partner', { name: 'Azure contact', ref: 'A2', city: 'Paris', parent_id: ids.azure, credit_limit: 50 });
  ids.deco = await created('res.partner', {
    name: 'Deco Addict', ref: 'D1', city: 'Lyon', credit_limit: 500, is_company: true, category_id: [{ id: ids.vip }, { id: ids.b2b }],
  });
  ids.junior = await created('res.partner', { name: 'deco_junior 100%', ref: 'D2', parent_id: ids.azureContact, credit_limit: 0 });
  ids.old = await created('res.partner', { name: 'Old Partner', ref: 'O1', city: 'Paris', active: false });
  ids.foreign = await created('res.partner', { name: 'Foreign Partner', ref: 'F1', city: 'Paris', company_id: ids.company2 });
  ids.shared = await created('res.partner', { name: 'Shared Partner', ref: 'S1', company_id: false });
  ids.desk = await created('product.product', { name: 'Desk', default_code: 'DESK', list_price: 100 });
  ids.chair = await created('product.product', { name: 'Chair', default_code: 'CHAIR', list_price: 20 });
  ids.order1 = await created('sale.order', {
    partner_id: ids.azure, client_order_ref: 'PO-1', date_order: '2026-03-01 10:00:00',
    order_line: [{ product_id: ids.desk, product_uom_qty: 2, price_unit: 100 }, { product_id: ids.chair, product_uom_qty: 1, price_unit: 20 }],
  });
  ids.order2 = await created('sale.order', {
    partner_id: ids.deco, client_order_ref: 'PO-2', date_order: '2026-03-05 08:30:00', state: 'sale',
    order_line: [{ product_id: ids.chair, product_uom_qty: 5, price_unit: 20 }],
  });
});
after(() => api.stop());

async function search(model: string, payload: Record<string, unknown>, key?: string) {
  const res = await api.call('/api/search_data', { model, vals: { payload } }, key ? { key } : {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.result;
}

/** Ids found, in the order returned. */
async function found(model: string, domain: unknown, extra: Record<string, unknown> = {}): Promise<number[]> {
  const r = await search(model, { search_domain: domain, search_field: ['id'], ...extra });
  assert.equal(r.is_success, true, JSON.stringify(r));
  return r.result.map((x: { id: number }) => x.id);
}

function assertFailure(r: any, code: string, phrase: string | RegExp): void {
  assert.equal(r.is_success, false, JSON.stringify(r));
  assert.equal(r.error.code, code, JSON.stringify(r));
  if (typeof phrase === 'string') assert.ok(r.messages.includes(phrase), r.messages);
  else assert.match(r.messages, phrase);
}

const partners = () => [ids.azure, ids.azureContact, ids.deco, ids.junior, ids.foreign, ids.shared];

describe('search_data: domains', () => {
  test('an empty or missing domain finds every active record the caller may see, in id order', async () => {
    assert.deepEqual(await found('res.partner', '[]'), partners());
    assert.deepEqual(await found('res.partner', undefined), partners());
    assert.deepEqual(await found('res.partner', []), partners());
  });

  test('the domain text callers send and the same domain as a JSON array find the same records', async () => {
    const text = "[('city', '=', 'Paris'), '|', ('credit_limit', '>', 100), ('ref', '=', 'A2')]";
    const json = [['city', '=', 'Paris'], '|', ['credit_limit', '>', 100], ['ref', '=', 'A2']];
    assert.deepEqual(await found('res.partner', text), [ids.azure, ids.azureContact]);
    assert.deepEqual(await found('res.partner', json), [ids.azure, ids.azureContact]);
  });

  test('a search answers with the records, the success message and no next_offset when all are returned', async () => {
    const r = await search('res.partner', { search_domain: "[('ref', '=', 'A1')]", search_field: ['name', 'ref'] });
    assert.deepEqual(r, { is_success: true, result: [{ id: ids.azure, name: 'Azure Interior', ref: 'A1' }], messages: 'Record search successfully' });
  });

  test('nothing is written by a search', async () => {
    const before = await snapshot();
    await search('res.partner', { search_domain: "[('name', 'ilike', 'a')]" });
    assert.deepEqual(await snapshot(), before);
  });
});
