import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { indexedIds, readBack, snapshot, unique } from '../support/records';
import { watchCalls } from '../support/sdk-calls';
import { assertFailure, createRecord, outcome } from '../support/rpc';

const api = useTestApi();

const upsert = (model: string, vals: Record<string, unknown>) => outcome(api, 'create_update_data', model, vals);

test('no match creates the record with the search_key merged in; the next call updates it', async () => {
  const ref = unique('UP');
  const first = await upsert('res.partner', { search_key: { ref }, payload: { name: 'New' }, result_field: ['ref', 'name'] });
  assert.equal(first.is_success, true, JSON.stringify(first));
  assert.equal(first.messages, 'Record created successfully');
  assert.equal(first.result.created, true);
  assert.deepEqual([first.result.ref, first.result.name], [ref, 'New']);
  const second = await upsert('res.partner', { search_key: { ref }, payload: { name: 'Renamed' } });
  assert.equal(second.messages, 'Record updated successfully');
  assert.deepEqual(second.result, { id: first.result.id, ref, created: false });
  assert.equal((await readBack('res.partner', first.result.id))?.name, 'Renamed');
});

test('a dotted search_key is merged as a lookup of the related record', async () => {
  const ref = unique('DP');
  const partnerId = await createRecord(api, 'res.partner', { name: 'Customer', ref });
  const clientRef = unique('PO');
  const out = await upsert('sale.order', { search_key: { 'partner_id.ref': ref, client_order_ref: clientRef }, payload: { note: 'first' } });
  assert.equal(out.result.created, true, JSON.stringify(out));
  const order = await readBack('sale.order', out.result.id);
  assert.deepEqual([order?.partner_id, order?.client_order_ref], [partnerId, clientRef]);
  const again = await upsert('sale.order', { search_key: { 'partner_id.ref': ref, client_order_ref: clientRef }, payload: { note: 'second' } });
  assert.deepEqual([again.result.id, again.result.created], [out.result.id, false]);
});

test('the create branch checks required fields; the update branch does not need them', async () => {
  const clientRef = unique('PO');
  assertFailure(await upsert('sale.order', { search_key: { client_order_ref: clientRef }, payload: { note: 'x' } }), 'REQUIRED', "'partner_id'");
});

for (const [what, key] of [
  ['a unique field (ref)', 'ref'],
  ['a field that is not unique (email)', 'email'],
] as const) {
  test(`20 concurrent identical calls keyed by ${what} create exactly one record, and all succeed`, async () => {
    const value = key === 'email' ? `${unique()}@example.com` : unique('RACE');
    const calls = Array.from({ length: 20 }, () => upsert('res.partner', { search_key: { [key]: value }, payload: { name: 'Racer', city: 'Lyon' } }));
    const outs = await Promise.all(calls);
    for (const out of outs) assert.equal(out.is_success, true, JSON.stringify(out));
    assert.equal(outs.filter((o) => o.result.created === true).length, 1);
    const ids = new Set(outs.map((o) => o.result.id));
    assert.equal(ids.size, 1);
    assert.deepEqual(await indexedIds('res.partner', key, value), [...ids]);
  });
}

test('a payload value that contradicts the search_key is refused before anything is read or written, so that repeating a call converges', async () => {
  const ref = unique('K');
  const before = await snapshot();
  const { calls, result: refused } = await watchCalls(() => upsert('res.partner', { search_key: { ref }, payload: { name: 'Keyed', ref: 'SOMETHING-ELSE' } }));
  assertFailure(refused, 'INVALID_VALUE', `'ref' in the payload ("SOMETHING-ELSE") disagrees with search_key 'ref' ("${ref}")`);
  assert.match(refused.messages, /use update_data/);
  assert.equal(calls.length, 0, 'nothing read');
  assert.deepEqual(await snapshot(), before, 'nothing written');
  // The same value, or none, is fine; three identical calls make one record.
  const ids = new Set<number>();
  for (const payload of [{ name: 'Keyed', ref }, { name: 'Keyed' }, { name: 'Keyed', ref }]) {
    const out = await upsert('res.partner', { search_key: { ref }, payload });
    assert.equal(out.is_success, true, JSON.stringify(out));
    ids.add(out.result.id as number);
  }
  assert.equal(ids.size, 1);
});

test('a many2one fixed by the search_key may be given in the payload only in the same form and value', async () => {
  const partner = await createRecord(api, 'res.partner', { name: unique('owner'), ref: unique('O') });
  const other = await createRecord(api, 'res.partner', { name: unique('other') });
  const ref = (await readBack('res.partner', partner))!.ref as string;
  const vals = (payload: Record<string, unknown>, key: Record<string, unknown>) => ({ search_key: { client_order_ref: unique('C'), ...key }, payload });
  assertFailure(await upsert('sale.order', vals({ partner_id: other }, { partner_id: partner })), 'INVALID_VALUE', `'partner_id' in the payload ({"id":${other}})`);
  assertFailure(await upsert('sale.order', vals({ partner_id: partner }, { 'partner_id.ref': ref })), 'INVALID_VALUE', "disagrees with search_key 'partner_id.ref'");
  for (const [payload, key] of [
    [{ partner_id: partner }, { partner_id: partner }],
    [{ partner_id: { ref } }, { 'partner_id.ref': ref }],
    [{}, { partner_id: partner }],
  ] as const) {
    const out = await upsert('sale.order', vals(payload, key));
    assert.equal(out.is_success, true, JSON.stringify(out));
  }
});
