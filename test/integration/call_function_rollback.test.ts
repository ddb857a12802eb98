import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { latestLog } from '../support/logs';
import { readBack } from '../support/records';
import { assertFailure, createRecord, outcome } from '../support/rpc';

let partnerId: number;
const api = useTestApi(async () => {
  partnerId = await createRecord(api, 'res.partner', { name: 'Customer' });
});

const setSwitch = (name: string, on: boolean): Promise<void> => api.setParams({ [name]: on ? 'true' : 'false' });

const call = (model: string, ids: number[], method: string) => outcome(api, 'call_function', model, { search_key: { id: ids }, payload: { method } });

/** A posted move and a draft one: button_draft resets the first, then raises on the second. */
async function postedAndDraft(): Promise<[number, number]> {
  const productId = await createRecord(api, 'product.product', { name: 'P' });
  const line = [{ product_id: productId, price_unit: 1 }];
  const posted = await createRecord(api, 'account.move', { partner_id: partnerId, invoice_line_ids: line });
  const draft = await createRecord(api, 'account.move', { partner_id: partnerId, invoice_line_ids: line });
  await call('account.move', [posted], 'action_post');
  return [posted, draft];
}

/** A quotation and a cancelled order: action_confirm confirms one and returns an unsuccessful outcome. */
async function draftAndCancelled(): Promise<[number, number]> {
  const draft = await createRecord(api, 'sale.order', { partner_id: partnerId });
  const cancelled = await createRecord(api, 'sale.order', { partner_id: partnerId });
  await call('sale.order', [cancelled], 'action_cancel');
  return [draft, cancelled];
}

test('a method that raises has its writes discarded while rollback_except is on', async () => {
  const [posted, draft] = await postedAndDraft();
  assertFailure(await call('account.move', [posted, draft], 'button_draft'), 'METHOD_FAILED', 'already a draft');
  assert.equal((await readBack('account.move', posted))?.state, 'posted');
});

test('an unsuccessful outcome has its writes discarded while rollback_state_failed is on', async () => {
  const [draft, cancelled] = await draftAndCancelled();
  const out = await call('sale.order', [draft, cancelled], 'action_confirm');
  assertFailure(out, 'METHOD_FAILED', 'were not confirmed');
  assert.deepEqual([out.error.details.confirmed, out.error.details.committed], [[draft], false]);
  assert.equal((await readBack('sale.order', draft))?.state, 'draft');
});

test('with rollback_state_failed off, the writes of an unsuccessful outcome stay', async () => {
  await setSwitch('rollback_state_failed', false);
  const [draft, cancelled] = await draftAndCancelled();
  const out = await call('sale.order', [draft, cancelled], 'action_confirm');
  assertFailure(out, 'METHOD_FAILED');
  assert.equal(out.error.details.committed, true);
  assert.equal((await readBack('sale.order', draft))?.state, 'sale');
  await setSwitch('rollback_state_failed', true);
});

test('with rollback_except off, an unsuccessful outcome discarded by rollback_state_failed is logged as rolled back', async () => {
  await setSwitch('rollback_except', false);
  const [draft, cancelled] = await draftAndCancelled();
  const out = await call('sale.order', [draft, cancelled], 'action_confirm');
  assertFailure(out, 'METHOD_FAILED');
  assert.equal((await readBack('sale.order', draft))?.state, 'draft');
  const log = await latestLog();
  assert.deepEqual([log.request_id, log.error_code, log.rolled_back], [out.request_id, 'METHOD_FAILED', true]);
  await setSwitch('rollback_except', true);
});

test('with rollback_except off, the writes a method made before raising stay', async () => {
  await setSwitch('rollback_except', false);
  const [posted, draft] = await postedAndDraft();
  assertFailure(await call('account.move', [posted, draft], 'button_draft'), 'METHOD_FAILED');
  assert.equal((await readBack('account.move', posted))?.state, 'draft');
  await setSwitch('rollback_except', true);
});
