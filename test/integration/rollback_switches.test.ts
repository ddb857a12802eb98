import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { useTestApi } from '../support/api';
import { injectFault, transactionPutting } from '../support/faults';
import { dynamoClient } from '../../shared/store';
import { snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';

const api = useTestApi();
let heal = () => {};
afterEach(() => heal());

/** Sets rollback_except, once the functions have read it. */
const rollbackExcept = (on: boolean): Promise<void> => api.setParams({ rollback_except: on ? 'true' : 'FALSE' });

test('with rollback_except off, an auto-created partner survives a later failure of the request', async () => {
  await rollbackExcept(false);
  const ref = unique('AUTO');
  const out = await outcome(api, 'create_data', 'sale.order', {
    payload: { partner_id: { ref }, order_line: [{ product_id: { default_code: 'NOT-A-PRODUCT' } }] },
    auto_create: { partner_id: { name: 'Kept partner' } },
  });
  assertFailure(out, 'NOT_FOUND', "'product_id': 'NOT-A-PRODUCT' found no match.");
  const found = await ok(api, 'update_data', 'res.partner', { search_key: { ref }, payload: {}, result_field: ['name'] });
  assert.equal(found.name, 'Kept partner');
});

test('with rollback_except off, the transactions of a large write that committed stay', async () => {
  await rollbackExcept(false);
  const code = unique('P');
  await createRecord(api, 'product.product', { name: 'Bulk', default_code: code });
  const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
  const before = (await snapshot()).length;
  heal = injectFault(dynamoClient, transactionPutting((item) => String(item.pk).startsWith('R#sale.order.line#') && item.product_uom_qty === 150), 'conflict');
  const order_line = Array.from({ length: 300 }, (_, i) => ({ product_id: { default_code: code }, product_uom_qty: i + 1 }));
  const out = await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: partnerId, order_line } });
  heal();
  assertFailure(out, 'CONFLICT', 'Part of the request was committed');
  assert.equal(out.error.details.committed, true);
  assert.ok((await snapshot()).length > before, 'the committed transactions were kept');
});

test('with rollback_except off, a failed write after an auto-create says that part of the request stayed', async () => {
  await rollbackExcept(false);
  const name = unique('SO-');
  await createRecord(api, 'sale.order', { name, partner_id: await createRecord(api, 'res.partner', { name: 'Any' }) });
  const ref = unique('AUTO');
  const out = await outcome(api, 'create_data', 'sale.order', { payload: { name, partner_id: { ref } }, auto_create: { partner_id: { name: 'Stays' } } });
  assertFailure(out, 'DUPLICATE', 'Part of the request was committed');
  assert.equal(out.error.details.committed, true);
  assert.equal((await ok(api, 'update_data', 'res.partner', { search_key: { ref }, payload: {}, result_field: ['name'] })).name, 'Stays');
});

test('with rollback_except on again, the same failures leave nothing', async () => {
  await rollbackExcept(true);
  const ref = unique('AUTO');
  const before = await snapshot();
  const out = await outcome(api, 'create_data', 'sale.order', {
    payload: { partner_id: { ref }, order_line: [{ product_id: { default_code: 'NOT-A-PRODUCT' } }] },
    auto_create: { partner_id: { name: 'Gone partner' } },
  });
  assertFailure(out, 'NOT_FOUND');
  assert.deepEqual(await snapshot(), before);
});
