/**
 * search_data against Odoo's own domain rules where they are easy to get wrong: related names
 * found among archived records, empty like patterns, datetimes compared with a day.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { createRecord, ok } from '../support/rpc';
import { foundIds, type Ids } from '../support/search-data';

const ids: Ids = {};
const api = useTestApi(async () => {
  const make = (model: string, payload: Record<string, unknown>) => createRecord(api, model, payload);
  // Archived once the records pointing to them exist: a write links no archived record.
  ids.gone = await make('res.partner', { name: 'Gone Holding', city: 'Paris' });
  ids.live = await make('res.partner', { name: 'Live Holding', city: 'Lyon' });
  ids.goneChild = await make('res.partner', { name: 'Gone child', parent_id: ids.gone, city: '' });
  ids.liveChild = await make('res.partner', { name: 'Live child', parent_id: ids.live });
  ids.orphan = await make('res.partner', { name: 'Orphan', city: 'Nice' });
  ids.goneTag = await make('res.partner.category', { name: 'Gone tag' });
  ids.tagged = await make('res.partner', { name: 'Tagged', category_id: [{ id: ids.goneTag }] });
  const product = await make('product.product', { name: 'Thing' });
  const order = async (ref: string, partner: number, date_order: string) =>
    make('sale.order', { partner_id: partner, client_order_ref: ref, date_order, order_line: [{ product_id: product }] });
  ids.goneOrder = await order('T-gone', ids.gone, '2026-02-28 23:59:59');
  ids.midnight = await order('T-midnight', ids.live, '2026-03-01 00:00:00');
  ids.noon = await order('T-noon', ids.live, '2026-03-01 12:00:00');
  ids.lastSecond = await order('T-last', ids.live, '2026-03-01 23:59:59');
  ids.nextDay = await order('T-next', ids.live, '2026-03-02 00:00:00');
  await ok(api, 'update_data', 'res.partner', { search_key: { id: ids.gone }, payload: { active: false } });
  await ok(api, 'update_data', 'res.partner.category', { search_key: { id: ids.goneTag }, payload: { active: false } });
});

const partners = (domain: unknown) => foundIds(api, 'res.partner', domain);
const activePartners = () => [ids.live!, ids.goneChild!, ids.liveChild!, ids.orphan!, ids.tagged!];
const orders = (domain: string) => foundIds(api, 'sale.order', `[('client_order_ref', '=like', 'T-%'), ${domain.slice(1, -1)}]`);

describe('search_data: a many2one compared with text', () => {
  test('finds related records by name, archived ones included', async () => {
    assert.deepEqual(await partners("[('parent_id', 'ilike', 'gone')]"), [ids.goneChild]);
    assert.deepEqual(await partners("[('parent_id', '=', 'Gone Holding')]"), [ids.goneChild]);
    assert.deepEqual(await partners("[('parent_id', 'in', ['Gone Holding', 'Live Holding'])]"), [ids.goneChild, ids.liveChild]);
    assert.deepEqual(await foundIds(api, 'sale.order', "[('partner_id', 'ilike', 'gone')]"), [ids.goneOrder]);
  });

  test('its negation leaves out the records related to an archived match, and keeps those without one', async () => {
    assert.deepEqual(await partners("[('parent_id', 'not ilike', 'gone')]"), [ids.live, ids.liveChild, ids.orphan, ids.tagged]);
    assert.deepEqual(await partners("[('parent_id', '!=', 'Gone Holding')]"), [ids.live, ids.liveChild, ids.orphan, ids.tagged]);
  });

  test('with an empty pattern: ilike is any related record, archived or not; not ilike none', async () => {
    assert.deepEqual(await partners("[('parent_id', 'ilike', '')]"), [ids.goneChild, ids.liveChild]);
    assert.deepEqual(await partners("[('parent_id', 'not ilike', '')]"), [ids.live, ids.orphan, ids.tagged]);
  });

  test('an x2many compared with text leaves archived related records out, as Odoo does', async () => {
    assert.deepEqual(await partners("[('category_id', 'ilike', 'gone')]"), []);
    assert.deepEqual(await partners("[('category_id', 'ilike', '')]"), [ids.tagged], 'an empty pattern: it holds any record');
  });
});

describe('search_data: like with an empty pattern', () => {
  test("('city', 'ilike', '') matches every record, empty values included, as like '' does", async () => {
    assert.deepEqual(await partners("[('city', 'ilike', '')]"), activePartners());
    assert.deepEqual(await partners("[('city', 'like', '')]"), activePartners());
    assert.deepEqual(await partners("[('city', 'ilike', False)]"), activePartners());
  });

  test("not ilike '' and not like '' match no record", async () => {
    assert.deepEqual(await partners("[('city', 'not ilike', '')]"), []);
    assert.deepEqual(await partners("[('city', 'not like', '')]"), []);
    assert.deepEqual(await partners("['!', ('city', 'ilike', '')]"), []);
  });

  test("=like '' matches the empty values, an empty text included", async () => {
    assert.deepEqual(await partners("[('city', '=like', '')]"), [ids.goneChild, ids.liveChild, ids.tagged]);
  });
});

describe('search_data: a datetime compared with a day', () => {
  test('> and <= take the whole day (its last second), the other operators its midnight', async () => {
    assert.deepEqual(await orders("[('date_order', '>', '2026-03-01')]"), [ids.nextDay]);
    assert.deepEqual(await orders("[('date_order', '<=', '2026-03-01')]"), [ids.goneOrder, ids.midnight, ids.noon, ids.lastSecond]);
    assert.deepEqual(await orders("[('date_order', '>=', '2026-03-01')]"), [ids.midnight, ids.noon, ids.lastSecond, ids.nextDay]);
    assert.deepEqual(await orders("[('date_order', '<', '2026-03-01')]"), [ids.goneOrder]);
    assert.deepEqual(await orders("[('date_order', '=', '2026-03-01')]"), [ids.midnight]);
  });

  test('between a day and itself is the whole day; the negation of > is <=', async () => {
    assert.deepEqual(await orders("[('date_order', '>=', '2026-03-01'), ('date_order', '<=', '2026-03-01')]"), [ids.midnight, ids.noon, ids.lastSecond]);
    assert.deepEqual(await orders("['!', ('date_order', '>', '2026-03-01')]"), [ids.goneOrder, ids.midnight, ids.noon, ids.lastSecond]);
  });

  test('a datetime given with its time is compared as given', async () => {
    assert.deepEqual(await orders("[('date_order', '>', '2026-03-01 12:00:00')]"), [ids.lastSecond, ids.nextDay]);
    assert.deepEqual(await orders("[('date_order', '<=', '2026-03-01 00:00:00')]"), [ids.goneOrder, ids.midnight]);
  });
});
