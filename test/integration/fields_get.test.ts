import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { useTestApi } from '../support/api';
import { allLogs } from '../support/logs';
import { assertFailure } from '../support/rpc';
import { watchCalls } from '../support/sdk-calls';
import { catalogue, type FieldDef, type Model } from '../../shared/catalogue';

const api = useTestApi();

const fieldsGet = (params: Record<string, unknown>, key?: string) => api.call('/api/fields_get', params, key ? { key } : {});

/** What the catalogue says of a field, in fields_get's words. */
function expected(model: Model, name: string, f: FieldDef) {
  const relation = f.type === 'many2one' || f.type === 'one2many' || f.type === 'many2many' ? f.comodel : undefined;
  return {
    type: f.type,
    required: f.required === true,
    readonly: f.readonly === true,
    index: name === 'id' || model.indexed.includes(name),
    unique: name === 'id' || f.unique === true,
    relation,
    relation_field: f.type === 'one2many' ? f.inverse : undefined,
    selection: f.type === 'selection' ? f.selection.map(([k, l]) => [k, l]) : undefined,
  };
}

describe('fields_get', () => {
  for (const model of catalogue.models.values()) {
    test(`${model.name}: every field as the catalogue declares it, in the shape of Odoo's fields_get, and its methods`, async () => {
      const res = await fieldsGet({ model: model.name });
      assert.equal(res.status, 200);
      const out = res.body.result;
      assert.equal(out.is_success, true, JSON.stringify(out));
      assert.equal(out.messages, `Fields of '${model.name}' described successfully`);
      assert.deepEqual(Object.keys(out.result), Object.keys(model.fields));
      for (const [name, f] of Object.entries(model.fields)) {
        const got = out.result[name];
        const { type, required, readonly, index, unique, relation, relation_field, selection } = got;
        assert.deepEqual({ type, required, readonly, index, unique, relation, relation_field, selection }, expected(model, name, f), `${model.name}.${name}`);
        assert.equal(got.name, name);
        assert.equal(typeof got.string, 'string');
        if (f.label) assert.equal(got.string, f.label);
      }
      assert.deepEqual(Object.keys(out.methods), Object.keys(model.methods));
      for (const [name, def] of Object.entries(model.methods)) {
        assert.equal(out.methods[name].description, def.doc);
        assert.equal(out.methods[name].multi, def.multi);
      }
    });
  }

  test("Odoo's labels for fields without one, selections as pairs, digits as Odoo gives them", async () => {
    const order = (await fieldsGet({ model: 'sale.order' })).body.result.result;
    assert.equal(order.note.string, 'Note');
    assert.deepEqual(order.state.selection, [['draft', 'Quotation'], ['sale', 'Sales order'], ['cancel', 'Cancelled']]);
    assert.deepEqual(order.amount_total.digits, [16, 2]);
    assert.deepEqual([order.order_line.relation, order.order_line.relation_field], ['sale.order.line', 'order_id']);
    assert.deepEqual([order.display_name.store, order.order_line.sortable, order.name.sortable], [false, false, true]);
  });

  test("a method's parameters are the JSON Schema of the schema call_function checks them with", async () => {
    const { parameters } = (await fieldsGet({ model: 'res.partner' })).body.result.methods.set_credit_limit;
    const valid = new Ajv2020().compile(parameters);
    assert.equal(valid({ limit: 5, note: 'ok' }), true);
    for (const wrong of [{}, { limit: -1 }, { limit: 'lots' }, { limit: 5, extra: 1 }]) assert.equal(valid(wrong), false, JSON.stringify(wrong));
  });

  test('allfields and attributes narrow the answer as the arguments of Odoo\'s fields_get do', async () => {
    const out = (await fieldsGet({ model: 'res.partner', vals: { allfields: ['ref', 'parent_id'], attributes: ['type', 'relation'] } })).body.result;
    assert.deepEqual(out.result, { ref: { type: 'char' }, parent_id: { type: 'many2one', relation: 'res.partner' } });
    assertFailure((await fieldsGet({ model: 'res.partner', vals: { allfields: ['nope'] } })).body.result, 'UNKNOWN_FIELD', "Field 'nope' does not exist");
    assertFailure((await fieldsGet({ model: 'res.partner', vals: { attributes: ['colour'] } })).body.result, 'INVALID_VALUE', "'colour' is not an attribute");
    assertFailure((await fieldsGet({ model: 'res.partner', vals: { fields: [] } })).body.result, 'INVALID_VALUE', "Unknown key 'fields'");
    assertFailure((await fieldsGet({ model: 'res.partnr' })).body.result, 'UNKNOWN_MODEL');
  });

  test('without a model, it lists the models', async () => {
    const out = (await fieldsGet({})).body.result;
    assert.equal(out.is_success, true);
    assert.deepEqual(out.result, [...catalogue.models.values()].map((m) => ({ model: m.name, name: m.description })));
  });

  test('a key limited to some models sees only those; a key limited to some routes may still describe the API', async () => {
    const limited = await api.createKey({ companyId: 1, models: ['res.partner', 'sale.order'], routes: ['search_data'] });
    assert.deepEqual((await fieldsGet({}, limited)).body.result.result.map((m: { model: string }) => m.model), ['res.partner', 'sale.order']);
    assert.equal((await fieldsGet({ model: 'sale.order' }, limited)).body.result.is_success, true);
    assertFailure((await fieldsGet({ model: 'product.product' }, limited)).body.result, 'FORBIDDEN', "Model 'product.product' is not allowed");
  });

  test('it needs credentials, reads no record and writes no API log', async () => {
    const anonymous = await api.call('/api/fields_get', {}, { key: null });
    assert.deepEqual([anonymous.status, anonymous.body.error.data.code], [401, 'UNAUTHENTICATED']);
    assert.equal((await api.post('/api/fields_get', '{', { authorization: `Bearer ${api.key}` })).status, 400);
    const { calls } = await watchCalls(() => fieldsGet({ model: 'sale.order' }), { includeLogs: true });
    assert.deepEqual(calls, []);
    assert.deepEqual(await allLogs(), []);
  });
});
