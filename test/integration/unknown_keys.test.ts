import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useTestApi } from '../support/api';
import { snapshot, unique } from '../support/records';
import { assertFailure, createRecord, outcome } from '../support/rpc';

let partnerId: number;
const api = useTestApi(async () => {
  partnerId = await createRecord(api, 'res.partner', { name: 'Keys', ref: unique('K') });
});

test('search_domain and search_field beside payload are refused, not a search of every partner with every field', async () => {
  const out = await outcome(api, 'search_data', 'res.partner', { payload: {}, search_domain: [['id', '=', partnerId]], search_field: ['name'] });
  assertFailure(out, 'UNKNOWN_KEY', "Unknown key 'search_domain' in 'vals'");
  assert.match(out.messages, /'search_domain' belongs inside 'payload'/);
  assert.deepEqual(out.error.details, { key: 'search_domain', path: 'vals.search_domain', accepted: ['payload'], inside: 'payload' });
});

test('typos of vals keys are refused with the accepted keys and the closest one', async () => {
  const before = await snapshot();
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['update_data', { search_key: { id: partnerId }, payload: { city: 'X' }, mutli: true }, 'mutli', 'multi'],
    ['create_data', { payload: { name: 'Never' }, result_feild: ['name'] }, 'result_feild', 'result_field'],
    ['create_update_data', { search_key: { id: partnerId }, payload: { city: 'X' }, autocreate: {} }, 'autocreate', 'auto_create'],
    ['call_function', { search_key: { id: partnerId }, payload: { method: 'set_credit_limit', parameter: { limit: 1 } }, serch_key: {} }, 'serch_key', 'search_key'],
  ];
  for (const [route, vals, key, suggestion] of cases) {
    const out = await outcome(api, route, 'res.partner', vals);
    assertFailure(out, 'UNKNOWN_KEY', `Unknown key '${key}' in 'vals'`);
    assert.match(out.messages, new RegExp(`did you mean '${suggestion}'\\?$`), out.messages);
    assert.equal(out.error.details.suggestion, suggestion);
    assert.ok(out.error.details.accepted.includes(suggestion));
  }
  assert.deepEqual(await snapshot(), before, 'nothing written');
});

test('each route takes only its own vals keys, and lists them', async () => {
  const cases: [string, Record<string, unknown>, string, string[]][] = [
    ['create_data', { payload: { name: 'Never' }, search_key: { id: partnerId } }, 'search_key', ['payload', 'auto_create', 'result_field', 'dry_run']],
    ['create_data', { payload: { name: 'Never' }, multi: true }, 'multi', ['payload', 'auto_create', 'result_field', 'dry_run']],
    ['call_function', { search_key: { id: partnerId }, payload: { method: 'set_credit_limit', parameter: { limit: 1 } }, multi: true }, 'multi', ['payload', 'search_key', 'dry_run']],
    ['search_data', { payload: {}, result_field: ['name'] }, 'result_field', ['payload']],
    ['search_data', { payload: {}, dry_run: true }, 'dry_run', ['payload']],
    ['update_data', { search_key: { id: partnerId }, payload: {}, dryrun: true }, 'dryrun', ['payload', 'search_key', 'auto_create', 'result_field', 'multi', 'dry_run']],
  ];
  for (const [route, vals, key, accepted] of cases) {
    const out = await outcome(api, route, 'res.partner', vals);
    assertFailure(out, 'UNKNOWN_KEY', `Unknown key '${key}' in 'vals': ${route} reads ${accepted.map((k) => `'${k}'`).join(', ')}`);
    assert.deepEqual(out.error.details.accepted, accepted);
  }
});

test('a key of params other than model and vals is refused', async () => {
  const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Never' } }, context: { lang: 'th_TH' } });
  assertFailure(res, 'UNKNOWN_KEY', "Unknown key 'context' in 'params': create_data reads 'model', 'vals'");
  const typo = await api.call('/api/search_data', { model: 'res.partner', vals: { payload: {} }, val: {} });
  assertFailure(typo, 'UNKNOWN_KEY', "did you mean 'vals'?");
});

test("search_data's and call_function's payload keys are strict too, with a suggestion", async () => {
  const search = await outcome(api, 'search_data', 'res.partner', { payload: { search_domain: [], limt: 1 } });
  assertFailure(search, 'UNKNOWN_KEY', "Unknown key 'limt' in 'payload'");
  assert.match(search.messages, /did you mean 'limit'\?/);
  const call = await outcome(api, 'call_function', 'res.partner', { search_key: { id: partnerId }, payload: { method: 'set_credit_limit', parameters: { limit: 1 } } });
  assertFailure(call, 'UNKNOWN_KEY', "did you mean 'parameter'?");
});

test('a key far from every accepted one gets no suggestion', async () => {
  const out = await outcome(api, 'create_data', 'res.partner', { payload: { name: 'Never' }, name: 'Beside payload' });
  assertFailure(out, 'UNKNOWN_KEY', "Unknown key 'name' in 'vals'");
  assert.doesNotMatch(out.messages, /did you mean/);
  assert.equal(out.error.details.suggestion, undefined);
});
