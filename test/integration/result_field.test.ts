import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';
import { watchCalls } from '../support/sdk-calls';

let partnerId: number;
let productCode: string;
const api = useTestApi(async () => {
  partnerId = await createRecord(api, 'res.partner', { name: 'Result customer', ref: unique('RC') });
  productCode = unique('RP');
  await createRecord(api, 'product.product', { name: 'Result product', default_code: productCode });
});

const line = (qty: number, price: number) => ({ product_id: { default_code: productCode }, product_uom_qty: qty, price_unit: price });
const order = (lines: unknown[]) => createRecord(api, 'sale.order', { partner_id: partnerId, client_order_ref: unique('O'), order_line: lines });
const search = async (model: string, id: number, fields: string[]) =>
  (await ok(api, 'search_data', model, { payload: { search_domain: [['id', '=', id]], search_field: fields } }))[0];

describe('result_field shows the record after the write', () => {
  test('update_data adding a line answers the new total and both line ids, as search_data does right after', async () => {
    const id = await order([line(1, 10)]);
    const out = await ok(api, 'update_data', 'sale.order', {
      search_key: { id },
      payload: { order_line: { mode: 'add', records: [line(2, 50)] } },
      result_field: ['amount_total', 'order_line'],
    });
    const after = await search('sale.order', id, ['amount_total', 'order_line']);
    assert.equal(out.amount_total, 110);
    assert.equal(out.order_line.length, 2);
    assert.deepEqual(out, after);
  });

  test('create_update_data on its update branch answers lines replaced and the sum recomputed', async () => {
    const ref = unique('UPR');
    const id = await createRecord(api, 'sale.order', { partner_id: partnerId, client_order_ref: ref, order_line: [line(1, 10), line(1, 20)] });
    const out = await ok(api, 'create_update_data', 'sale.order', {
      search_key: { client_order_ref: ref },
      payload: { order_line: [line(3, 7)] },
      result_field: ['amount_total', 'order_line'],
    });
    assert.equal(out.created, false);
    const { created: _, ...rest } = out;
    assert.deepEqual(rest, { ...(await search('sale.order', id, ['amount_total', 'order_line'])), client_order_ref: ref });
    assert.equal(out.amount_total, 21);
    assert.equal(out.order_line.length, 1);
  });

  test('many2many links and a line changed through its own model show their values after the write', async () => {
    const tag = unique('tag');
    const tagId = await createRecord(api, 'res.partner.category', { name: tag });
    const contact = await createRecord(api, 'res.partner', { name: 'Tagged later' });
    const tagged = await ok(api, 'update_data', 'res.partner', { search_key: { id: contact }, payload: { category_id: { mode: 'add', records: [{ name: tag }] } }, result_field: ['category_id'] });
    assert.deepEqual(tagged.category_id, [tagId]);
    const orderId = await order([line(1, 10)]);
    const [lineId] = (await search('sale.order', orderId, ['order_line'])).order_line;
    const changed = await ok(api, 'update_data', 'sale.order.line', { search_key: { id: lineId }, payload: { product_uom_qty: 4 }, result_field: ['price_subtotal', 'order_id{amount_total}'] });
    assert.deepEqual(changed, { id: lineId, price_subtotal: 40, order_id: [{ id: orderId, amount_total: 40 }] });
  });

  test('the values after the write cost no read of the record: the same rounds as without result_field', async () => {
    const id = await order([line(1, 10)]);
    const vals = (result_field?: string[]) => ({ search_key: { id }, payload: { order_line: { mode: 'add', records: [line(1, 1)] } }, ...(result_field ? { result_field } : {}) });
    const plain = await watchCalls(() => api.call('/api/update_data', { model: 'sale.order', vals: vals() }), { withoutIdDraws: true });
    const withFields = await watchCalls(() => api.call('/api/update_data', { model: 'sale.order', vals: vals(['amount_total', 'order_line', 'state']) }), { withoutIdDraws: true });
    assert.equal(withFields.result.body.result.result.amount_total, 12);
    assert.equal(withFields.rounds, plain.rounds);
    assert.equal(withFields.calls.length, plain.calls.length);
  });
});

describe('result_field expands relations as search_data does', () => {
  test('"order_id{amount_total}" on a new line, "partner_id{name, ref}" and "order_line{price_subtotal}" on an order', async () => {
    const orderId = await order([line(1, 10)]);
    const created = await ok(api, 'create_data', 'sale.order.line', {
      payload: { order_id: orderId, ...line(2, 5) },
      result_field: ['order_id{amount_total}'],
    });
    assert.deepEqual(created.order_id, [{ id: orderId, amount_total: 20 }]);
    const updated = await ok(api, 'update_data', 'sale.order', {
      search_key: { id: orderId },
      payload: { note: 'expanded' },
      result_field: ['partner_id{name, ref}', 'order_line{price_subtotal}', 'note'],
    });
    const searched = await search('sale.order', orderId, ['partner_id{name, ref}', 'order_line{price_subtotal}', 'note']);
    assert.deepEqual(updated, searched);
    assert.equal(updated.partner_id[0].name, 'Result customer');
  });

  test('an unknown field inside an expansion, or a malformed one, fails before anything is written', async () => {
    const before = await snapshot();
    const create = (result_field: unknown) => outcome(api, 'create_data', 'res.partner', { payload: { name: 'Never' }, result_field });
    assertFailure(await create(['parent_id{nope}']), 'UNKNOWN_FIELD', "'nope'");
    assertFailure(await create(['parent_id{name']), 'INVALID_VALUE', 'result_field:');
    assertFailure(await create(['name{x}']), 'INVALID_VALUE', 'only many2one, one2many and many2many fields expand');
    assert.deepEqual(await snapshot(), before);
  });

  test('a key limited to some models expands no other through result_field', async () => {
    const key = await api.createKey({ companyId: 1, models: ['res.partner'] });
    const before = await snapshot();
    assertFailure(
      await outcome(api, 'create_data', 'res.partner', { payload: { name: 'Limited' }, result_field: ['category_id{name}'] }, key),
      'FORBIDDEN',
      'res.partner.category',
    );
    assert.deepEqual(await snapshot(), before);
  });
});

describe('update_data answers the ids it updated', () => {
  test('a search_key of ids of which one exists answers that id, an integer', async () => {
    const ref = unique('ID');
    const id = await createRecord(api, 'res.partner', { name: 'Only one', ref });
    const out = await ok(api, 'update_data', 'res.partner', { search_key: { id: [id, 99999999, 88888888] }, payload: { city: 'Lyon' } });
    assert.deepEqual(out, { id });
  });

  test('with multi, "id" lists the ids updated, not the ids sent', async () => {
    const ids = [await createRecord(api, 'res.partner', { name: 'Multi 1' }), await createRecord(api, 'res.partner', { name: 'Multi 2' })];
    const out = await ok(api, 'update_data', 'res.partner', { search_key: { id: [...ids, 77777777] }, multi: true, payload: { city: 'Nice' }, result_field: ['city'] });
    assert.deepEqual(out, { id: ids, city: ['Nice', 'Nice'] });
  });

  test('other keys of the search_key are echoed as sent', async () => {
    const ref = unique('ID');
    const id = await createRecord(api, 'res.partner', { name: 'Echo', ref });
    const out = await ok(api, 'create_update_data', 'res.partner', { search_key: { ref, id: [id, 66666666] }, payload: { city: 'Oslo' } });
    assert.deepEqual(out, { id, ref, created: false });
  });
});
