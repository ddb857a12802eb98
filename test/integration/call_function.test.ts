import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { readBack, snapshot, unique } from '../support/records';
import { assertFailure, createRecord, outcome } from '../support/rpc';

let partnerId: number;
let productId: number;
const api = useTestApi(async () => {
  partnerId = await createRecord(api, 'res.partner', { name: 'Customer', ref: unique('C') });
  productId = await createRecord(api, 'product.product', { name: 'Thing' });
});

const call = (model: string, search_key: unknown, payload: unknown) => outcome(api, 'call_function', model, { search_key, payload });
const move = (values: Record<string, unknown> = {}) =>
  createRecord(api, 'account.move', { partner_id: partnerId, invoice_line_ids: [{ product_id: productId, quantity: 1, price_unit: 100 }], ...values });

describe('call_function: which methods can be called', () => {
  test('a registered method runs and answers its return value with the exact message', async () => {
    const out = await call('res.partner', { id: partnerId }, { method: 'set_credit_limit', parameter: { limit: 500, note: 'ok' } });
    assert.equal(out.is_success, true, JSON.stringify(out));
    assert.equal(out.messages, "Function 'set_credit_limit' called successfully");
    assert.deepEqual(out.result, { credit_limit: 500, note: 'ok', lang: null });
    assert.equal((await readBack('res.partner', partnerId))?.credit_limit, 500);
  });

  test('the context reaches the method, and optional parameters may be left out', async () => {
    const out = await call('res.partner', { id: partnerId }, { method: 'set_credit_limit', parameter: { limit: 10 }, context: { lang: 'th_TH' } });
    assert.deepEqual(out.result, { credit_limit: 10, note: null, lang: 'th_TH' });
  });

  const refusals: [string, string][] = [
    ['_write', 'private'],
    ['name', 'field'],
    ['unlink', 'unregistered'],
    ['constructor', 'unregistered'],
    ['toString', 'unregistered'],
  ];
  for (const [method, reason] of refusals) {
    test(`'${method}' is refused (${reason}) with METHOD_NOT_FOUND and nothing runs`, async () => {
      const before = await snapshot();
      const out = await call('res.partner', { id: partnerId }, { method, parameter: {} });
      assertFailure(out, 'METHOD_NOT_FOUND');
      assert.equal(out.error.details.reason, reason);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('parameters are checked against the method schema', async () => {
    const cases: [unknown, string][] = [
      [{}, "'limit' is required"],
      [{ limit: 'lots' }, "'limit' must be a number"],
      [{ limit: -5 }, "'limit' must be >= 0"],
      [{ limit: 5, extra: 1 }, "unknown parameter 'extra'"],
      ['limit=5', 'must be an object of named parameters'],
    ];
    for (const [parameter, phrase] of cases) {
      assertFailure(await call('res.partner', { id: partnerId }, { method: 'set_credit_limit', parameter }), 'INVALID_PARAMETER', phrase);
    }
  });

  test('numbers no field can hold are refused as parameters, as they are as payload values, and nothing is written', async () => {
    const ref = unique('N');
    const id = await createRecord(api, 'res.partner', { name: 'Limits', ref, credit_limit: 5 });
    const before = await snapshot();
    // 9007199254740993 is past 2^53: JSON.parse reads it as 9007199254740992, which no field takes either.
    for (const limit of ['9007199254740993', '1e300', '5e-324']) {
      const body = `{"params": {"model": "res.partner", "vals": {"search_key": {"id": ${id}}, "payload": {"method": "set_credit_limit", "parameter": {"limit": ${limit}}}}}}`;
      const res = await api.post('/api/call_function', body, { authorization: `Bearer ${api.key}` });
      assertFailure(res, 'INVALID_PARAMETER', "'limit' must be a whole number up to 2^53 or a number between");
      assert.equal(res.body.result.error.details.path, 'parameter.limit');
      const asPayload = `{"params": {"model": "res.partner", "vals": {"search_key": {"id": ${id}}, "payload": {"credit_limit": ${limit}}}}}`;
      assertFailure(await api.post('/api/update_data', asPayload, { authorization: `Bearer ${api.key}` }), 'INVALID_VALUE', "'credit_limit'");
    }
    assert.deepEqual(await snapshot(), before);
    const kept = await call('res.partner', { ref }, { method: 'set_credit_limit', parameter: { limit: 1e15, note: 'largest' } });
    assert.equal(kept.is_success, true, JSON.stringify(kept));
    assert.equal((await readBack('res.partner', id))?.credit_limit, 1e15);
  });

  test('a payload without method, or with an unknown key, is refused', async () => {
    assertFailure(await call('res.partner', { id: partnerId }, { parameter: {} }), 'INVALID_VALUE', "'method'");
    assertFailure(await call('res.partner', { id: partnerId }, { method: 'set_credit_limit', params: {} }), 'UNKNOWN_KEY', "Unknown key 'params' in 'payload'");
  });

  test('no record is NOT_FOUND; several go only to a method that accepts several', async () => {
    assertFailure(await call('res.partner', { ref: 'nobody' }, { method: 'set_credit_limit', parameter: { limit: 1 } }), 'NOT_FOUND');
    const name = unique('twin');
    const a = await createRecord(api, 'res.partner', { name });
    const b = await createRecord(api, 'res.partner', { name });
    assertFailure(await call('res.partner', { name }, { method: 'set_credit_limit', parameter: { limit: 1 } }), 'AMBIGUOUS', 'matched more than 1 record');
    const orders = [await createRecord(api, 'sale.order', { partner_id: a }), await createRecord(api, 'sale.order', { partner_id: b })];
    const out = await call('sale.order', { id: orders }, { method: 'action_confirm' });
    assert.deepEqual(out.result, { confirmed: orders });
  });
});

describe('call_function: the demo methods', () => {
  test('action_post numbers moves INV/<year>/<sequence> per company and year of the invoice date', async () => {
    const year = new Date().getUTCFullYear();
    const [m1, m2, m3] = [await move(), await move(), await move({ invoice_date: '2019-06-30' })];
    const first = await call('account.move', { id: m1 }, { method: 'action_post' });
    assert.deepEqual(first.result, [{ id: m1, name: `INV/${year}/0001` }]);
    const both = await call('account.move', { id: [m2, m3] }, { method: 'action_post' });
    assert.deepEqual(both.result, [
      { id: m2, name: `INV/${year}/0002` },
      { id: m3, name: 'INV/2019/0001' },
    ]);
    const posted = await readBack('account.move', m1);
    assert.deepEqual([posted?.state, posted?.invoice_date], ['posted', new Date().toISOString().slice(0, 10)]);
  });

  test('action_post refuses a move without lines, and one that is not a draft', async () => {
    const empty = await createRecord(api, 'account.move', { partner_id: partnerId });
    assertFailure(await call('account.move', { id: empty }, { method: 'action_post' }), 'METHOD_FAILED', 'without lines');
    const m = await move();
    await call('account.move', { id: m }, { method: 'action_post' });
    assertFailure(await call('account.move', { id: m }, { method: 'action_post' }), 'METHOD_FAILED', 'Only draft entries can be posted');
  });

  test('button_draft and button_cancel move entries between states', async () => {
    const m = await move();
    await call('account.move', { id: m }, { method: 'action_post' });
    assertFailure(await call('account.move', { id: m }, { method: 'button_cancel' }), 'METHOD_FAILED', 'reset');
    assert.equal((await call('account.move', { id: m }, { method: 'button_draft' })).result, true);
    assert.equal((await readBack('account.move', m))?.state, 'draft');
    assertFailure(await call('account.move', { id: m }, { method: 'button_draft' }), 'METHOD_FAILED', 'already a draft');
    await call('account.move', { id: m }, { method: 'button_cancel' });
    assert.equal((await readBack('account.move', m))?.state, 'cancel');
  });

  test('action_confirm confirms quotations and action_cancel cancels orders', async () => {
    const order = await createRecord(api, 'sale.order', { partner_id: partnerId });
    await call('sale.order', { id: order }, { method: 'action_confirm' });
    assert.equal((await readBack('sale.order', order))?.state, 'sale');
    assertFailure(await call('sale.order', { id: order }, { method: 'action_confirm' }), 'METHOD_FAILED', 'not quotations');
    await call('sale.order', { id: order }, { method: 'action_cancel' });
    assert.equal((await readBack('sale.order', order))?.state, 'cancel');
  });

  test('concurrent posts of one move give it one number, and the others are refused', async () => {
    const m = await move();
    const outs = await Promise.all(Array.from({ length: 5 }, () => call('account.move', { id: m }, { method: 'action_post' })));
    assert.equal(outs.filter((o) => o.is_success).length, 1, JSON.stringify(outs));
    for (const o of outs.filter((x) => !x.is_success)) assert.equal(o.error.code, 'METHOD_FAILED');
  });
});
