/**
 * One data set for the search_data tests, created through create_data: partners in a small
 * hierarchy (Azure Interior > Azure contact > deco_junior), tags, products, two orders, an
 * archived partner, one of a second company and a shared one.
 */
import assert from 'node:assert/strict';
import type { TestApi } from './api';
import { createRecord, outcome } from './rpc';

export type Ids = Record<string, number>;

export async function seedSearchData(api: TestApi): Promise<Ids> {
  const ids: Ids = {};
  const make = (model: string, payload: Record<string, unknown>) => createRecord(api, model, payload);
  ids.company2 = await make('res.company', { name: 'Second Company' });
  ids.vip = await make('res.partner.category', { name: 'VIP' });
  ids.b2b = await make('res.partner.category', { name: 'B2B' });
  ids.azure = await make('res.partner', {
    name: 'Azure Interior', ref: 'A1', email: 'info@azure.example', city: 'Paris', is_company: true, credit_limit: 1000,
    category_id: [{ id: ids.vip }],
  });
  ids.azureContact = await make('res.partner', { name: 'Azure contact', ref: 'A2', city: 'Paris', parent_id: ids.azure, credit_limit: 50 });
  ids.deco = await make('res.partner', {
    name: 'Deco Addict', ref: 'D1', city: 'Lyon', credit_limit: 500, is_company: true, category_id: [{ id: ids.vip }, { id: ids.b2b }],
  });
  ids.junior = await make('res.partner', { name: 'deco_junior 100%', ref: 'D2', parent_id: ids.azureContact, credit_limit: 0 });
  ids.old = await make('res.partner', { name: 'Old Partner', ref: 'O1', city: 'Paris', active: false });
  ids.foreign = await make('res.partner', { name: 'Foreign Partner', ref: 'F1', city: 'Paris', company_id: ids.company2 });
  ids.shared = await make('res.partner', { name: 'Shared Partner', ref: 'S1', company_id: false });
  ids.desk = await make('product.product', { name: 'Desk', default_code: 'DESK', list_price: 100 });
  ids.chair = await make('product.product', { name: 'Chair', default_code: 'CHAIR', list_price: 20 });
  ids.order1 = await make('sale.order', {
    partner_id: ids.azure, client_order_ref: 'PO-1', date_order: '2026-03-01 10:00:00',
    order_line: [{ product_id: ids.desk, product_uom_qty: 2, price_unit: 100 }, { product_id: ids.chair, product_uom_qty: 1, price_unit: 20 }],
  });
  ids.order2 = await make('sale.order', {
    partner_id: ids.deco, client_order_ref: 'PO-2', date_order: '2026-03-05 08:30:00', state: 'sale',
    order_line: [{ product_id: ids.chair, product_uom_qty: 5, price_unit: 20 }],
  });
  return ids;
}

/** The active partners the development key sees (every company), in id order. */
export const visiblePartners = (ids: Ids): number[] => [ids.azure!, ids.azureContact!, ids.deco!, ids.junior!, ids.foreign!, ids.shared!];

/** search_data's outcome object (`result` of the JSON-RPC answer). */
export const searchOutcome = (api: TestApi, model: string, payload: Record<string, unknown>, key?: string): Promise<any> =>
  outcome(api, 'search_data', model, { payload }, key);

/** Ids found, in the order returned. */
export async function foundIds(api: TestApi, model: string, domain: unknown, extra: Record<string, unknown> = {}, key?: string): Promise<number[]> {
  const r = await searchOutcome(api, model, { search_domain: domain, search_field: ['id'], ...extra }, key);
  assert.equal(r.is_success, true, JSON.stringify(r));
  return r.result.map((x: { id: number }) => x.id);
}
