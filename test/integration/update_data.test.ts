import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { readBack, snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';

const api = useTestApi();

const update = (model: string, vals: Record<string, unknown>) => outcome(api, 'update_data', model, vals);

describe('update_data: finding the record', () => {
  test('a scalar search_key means =, and the result echoes it with the id', async () => {
    const ref = unique('U');
    const id = await createRecord(api, 'res.partner', { name: 'Before', ref });
    const out = await update('res.partner', { search_key: { ref }, payload: { name: 'After', phone: '555' }, result_field: ['name'] });
    assert.equal(out.is_success, true, JSON.stringify(out));
    assert.equal(out.messages, 'Record updated successfully');
    assert.deepEqual(out.result, { id, ref, name: 'After' });
    const stored = await readBack('res.partner', id);
    assert.deepEqual([stored?.name, stored?.phone], ['After', '555']);
  });

  test('a list means in; several matches need multi, which returns every id', async () => {
    const [a, b] = [unique('M'), unique('M')];
    const ids = [await createRecord(api, 'res.partner', { name: 'A', ref: a }), await createRecord(api, 'res.partner', { name: 'B', ref: b })];
    const refused = await update('res.partner', { search_key: { ref: [a, b] }, payload: { city: 'Paris' } });
    assertFailure(refused, 'AMBIGUOUS', 'matched more than 1 record');
    assertFailure(await update('res.partner', { search_key: { ref: [a, b] }, multi: 'yes', payload: {} }), 'INVALID_VALUE', "'multi' must be true or false");
    const out = await update('res.partner', { search_key: { ref: [a, b] }, multi: true, payload: { city: 'Paris' }, result_field: ['city'] });
    assert.deepEqual(out.result, { id: ids, ref: [a, b], city: ['Paris', 'Paris'] });
  });

  test('a dotted search_key follows a many2one: the orders of the partner with this ref', async () => {
    const ref = unique('D');
    const partnerId = await createRecord(api, 'res.partner', { name: 'Dotted', ref });
    const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId, client_order_ref: 'one' });
    const out = await update('sale.order', { search_key: { 'partner_id.ref': ref }, payload: { note: 'seen' } });
    assert.deepEqual(out.result, { id: orderId, 'partner_id.ref': ref });
    assert.equal((await readBack('sale.order', orderId))?.note, 'seen');
  });

  test('several keys must all match', async () => {
    const email = `${unique()}@example.com`;
    await createRecord(api, 'res.partner', { name: 'Same mail 1', email });
    const id = await createRecord(api, 'res.partner', { name: 'Same mail 2', email });
    const out = await update('res.partner', { search_key: { email, name: 'Same mail 2' }, payload: { city: 'Rome' } });
    assert.equal(out.result.id, id);
  });

  test("a missing or empty search_key says Parameter 'search_key' in 'vals' not found!", async () => {
    for (const vals of [{ payload: { name: 'x' } }, { search_key: {}, payload: { name: 'x' } }, { search_key: 'ref', payload: {} }]) {
      assertFailure(await update('res.partner', vals), 'SEARCH_KEY_MISSING', "Parameter 'search_key' in 'vals' not found!");
    }
  });

  test('no match is NOT_FOUND, an unindexed or unknown key is refused, and nothing is written', async () => {
    const before = await snapshot();
    assertFailure(await update('res.partner', { search_key: { ref: 'nobody-here' }, payload: { name: 'x' } }), 'NOT_FOUND', 'found no match');
    assertFailure(await update('res.partner', { search_key: { phone: '1' }, payload: { name: 'x' } }), 'NOT_INDEXED', 'not indexed');
    assertFailure(await update('res.partner', { search_key: { nope: '1' }, payload: { name: 'x' } }), 'UNKNOWN_FIELD', "'nope'");
    assertFailure(await update('res.partner', { search_key: { 'city.name': '1' }, payload: {} }), 'INVALID_VALUE', 'not a many2one');
    assert.deepEqual(await snapshot(), before);
  });

  test('archived records are not found unless the search_key names active', async () => {
    const ref = unique('ARC');
    const id = await createRecord(api, 'res.partner', { name: 'Archived', ref, active: false });
    assertFailure(await update('res.partner', { search_key: { ref }, payload: { name: 'x' } }), 'NOT_FOUND');
    const out = await update('res.partner', { search_key: { ref, active: false }, payload: { active: true } });
    assert.equal(out.result.id, id);
    assert.equal((await update('res.partner', { search_key: { ref }, payload: { name: 'Back' } })).result.id, id);
  });

  test('an update may not clear a required field', async () => {
    const partnerId = await createRecord(api, 'res.partner', { name: 'P' });
    const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId });
    assertFailure(await update('sale.order', { search_key: { id: orderId }, payload: { partner_id: null } }), 'REQUIRED');
  });
});

describe('update_data: relations of a stored record', () => {
  test('many2many add links more, replace sets exactly these, replace [] clears', async () => {
    const [t1, t2, t3] = [unique('t'), unique('t'), unique('t')];
    const tagIds = [];
    for (const name of [t1, t2, t3]) tagIds.push(await createRecord(api, 'res.partner.category', { name }));
    const id = await createRecord(api, 'res.partner', { name: 'Tagged', category_id: [{ name: t1 }] });
    const tags = async () => ((await readBack('res.partner', id))?.category_id as number[]).sort((a, b) => a - b);
    await ok(api, 'update_data', 'res.partner', { search_key: { id }, payload: { category_id: { mode: 'add', records: [{ name: t2 }, { name: t1 }] } } });
    assert.deepEqual(await tags(), [tagIds[0], tagIds[1]]);
    await ok(api, 'update_data', 'res.partner', { search_key: { id }, payload: { category_id: { mode: 'replace', records: [{ name: t3 }] } } });
    assert.deepEqual(await tags(), [tagIds[2]]);
    await ok(api, 'update_data', 'res.partner', { search_key: { id }, payload: { category_id: { mode: 'replace', records: [] } } });
    assert.deepEqual(await tags(), []);
  });

  test('one2many replace deletes the old lines, add appends, a key left out keeps them; the total follows', async () => {
    const code = unique('P');
    await createRecord(api, 'product.product', { name: 'Thing', default_code: code });
    const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
    const line = (qty: number) => ({ product_id: { default_code: code }, product_uom_qty: qty, price_unit: 10 });
    const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId, order_line: [line(1), line(2)] });
    const oldLines = (await readBack('sale.order', orderId))?.order_line as number[];

    await ok(api, 'update_data', 'sale.order', { search_key: { id: orderId }, payload: { order_line: [line(5)] } });
    let order = await readBack('sale.order', orderId);
    assert.equal((order?.order_line as number[]).length, 1);
    for (const id of oldLines) assert.equal(await readBack('sale.order.line', id), undefined, 'old line deleted');
    assert.equal(order?.amount_total, 50);

    await ok(api, 'update_data', 'sale.order', { search_key: { id: orderId }, payload: { order_line: { mode: 'add', records: [line(1), line(1)] } } });
    order = await readBack('sale.order', orderId);
    assert.equal((order?.order_line as number[]).length, 3);
    assert.equal(order?.amount_total, 70);

    await ok(api, 'update_data', 'sale.order', { search_key: { id: orderId }, payload: { note: 'lines kept' } });
    order = await readBack('sale.order', orderId);
    assert.deepEqual([(order?.order_line as number[]).length, order?.amount_total, order?.note], [3, 70, 'lines kept']);

    await ok(api, 'update_data', 'sale.order', { search_key: { id: orderId }, payload: { order_line: { mode: 'replace', records: [] } } });
    order = await readBack('sale.order', orderId);
    assert.deepEqual([order?.order_line, order?.amount_total], [[], 0]);
  });

  test('replacing lines deletes their own lines too', async () => {
    const top = await createRecord(api, 'res.partner', { name: 'Top', child_ids: [{ name: 'Mid', child_ids: [{ name: 'Leaf' }] }] });
    const [mid] = (await readBack('res.partner', top))?.child_ids as number[];
    const [leaf] = (await readBack('res.partner', mid!))?.child_ids as number[];
    await ok(api, 'update_data', 'res.partner', { search_key: { id: top }, payload: { child_ids: [{ name: 'New mid' }] } });
    assert.equal(await readBack('res.partner', mid!), undefined);
    assert.equal(await readBack('res.partner', leaf!), undefined);
  });

  test('a replaced line may hand its unique value to the line that replaces it', async () => {
    const ref = unique('KEEP');
    const top = await createRecord(api, 'res.partner', { name: 'Top', child_ids: [{ name: 'Contact', ref }] });
    await ok(api, 'update_data', 'res.partner', { search_key: { id: top }, payload: { child_ids: [{ name: 'Contact again', ref }] } });
    const [child] = (await readBack('res.partner', top))?.child_ids as number[];
    assert.equal((await readBack('res.partner', child!))?.ref, ref);
    const dup = await update('res.partner', { search_key: { id: top }, payload: { child_ids: [{ name: 'One', ref: 'SAME' }, { name: 'Two', ref: 'SAME' }] } });
    assertFailure(dup, 'DUPLICATE', "'ref': 'SAME' already exists");
  });

  test('changing a line through its own model keeps the order total right', async () => {
    const code = unique('P');
    await createRecord(api, 'product.product', { name: 'Thing', default_code: code });
    const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
    const orderId = await createRecord(api, 'sale.order', { partner_id: partnerId, order_line: [{ product_id: { default_code: code }, product_uom_qty: 2, price_unit: 3 }] });
    const [lineId] = (await readBack('sale.order', orderId))?.order_line as number[];
    await ok(api, 'update_data', 'sale.order.line', { search_key: { id: lineId }, payload: { product_uom_qty: 10 } });
    assert.equal((await readBack('sale.order', orderId))?.amount_total, 30);
    await ok(api, 'create_data', 'sale.order.line', { payload: { order_id: orderId, product_id: { default_code: code }, price_unit: 0.5 } });
    const order = await readBack('sale.order', orderId);
    assert.deepEqual([(order?.order_line as number[]).length, order?.amount_total], [2, 30.5]);
  });

  test('result_field renders the stored record after the update', async () => {
    const ref = unique('R');
    await createRecord(api, 'res.partner', { name: 'R', ref, credit_limit: 5 });
    const out = await update('res.partner', { search_key: { ref }, payload: { credit_limit: 7.5 }, result_field: ['credit_limit', 'name', 'company_id'] });
    assert.deepEqual(out.result, { id: out.result.id, ref, credit_limit: 7.5, name: 'R', company_id: [1, 'My Company'] });
  });
});
