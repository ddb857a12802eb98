import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api';
import { readBack, unique } from '../support/records';
import { assertFailure, createRecord, outcome } from '../support/rpc';
import { queryAll } from '../../shared/store';
import { getConfig } from '../../shared/config';
import { indexPartition, indexValuePrefix } from '../../shared/store/keys';

let api: TestApi;
before(async () => {
  api = await startTestApi();
});
after(() => api.stop());

const upsert = (model: string, vals: Record<string, unknown>) => outcome(api, 'create_update_data', model, vals);

/** Ids of partners holding `value` in an indexed field, straight from the index. */
async function idsWith(field: string, value: string): Promise<number[]> {
  const items = await queryAll({
    TableName: getConfig().recordsTable,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': indexPartition('res.partner', field), ':p': indexValuePrefix(value) },
    ConsistentRead: true,
  });
  return items.filter((i) => i.v === value).map((i) => Number(i.id));
}

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
    assert.deepEqual(await idsWith(key, value), [...ids]);
  });
}

test("on create, the search_key's values win over the payload's, so that the next call finds the record", async () => {
  const ref = unique('K');
  const first = await upsert('res.partner', { search_key: { ref }, payload: { name: 'Keyed', ref: 'SOMETHING-ELSE' }, result_field: ['ref'] });
  assert.deepEqual([first.result.created, first.result.ref], [true, ref]);
  const again = await upsert('res.partner', { search_key: { ref }, payload: { name: 'Keyed' } });
  assert.deepEqual([again.result.id, again.result.created], [first.result.id, false]);
});
