/**
 * `vals.auto_create`: how it is checked (readAutoCreate), and which of its entries makes the record
 * for a missing value (pickTemplate), seen directly and in the records a request builds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessFor } from '../../shared/auth/access';
import { catalogue } from '../../shared/catalogue';
import { WebhookError } from '../../shared/envelope';
import { WritePlan } from '../../shared/plan';
import { pickTemplate } from '../../shared/resolver/auto-create';
import { Resolution, planRecords, readAutoCreate, readPayload } from '../../shared/resolver';
import { NOW } from '../support/plan';
import { resolveFrom } from '../support/resolve';

const refused = (code: string, message: string, path: string) => (e: unknown) => {
  assert.ok(e instanceof WebhookError, String(e));
  assert.deepEqual([e.code, e.message, e.details.path], [code, message, path]);
  return true;
};

test('no auto_create is an empty one; a valid one is kept as given', () => {
  assert.deepEqual(readAutoCreate(undefined, catalogue), {});
  assert.deepEqual(readAutoCreate(null, catalogue), {});
  // Any many2one or many2many of the catalogue, on the record or its lines; an object or a list of objects.
  const given = {
    partner_id: { name: 'New customer' },
    product_id: [{ default_code: 'G', name: 'Gadget' }, { name: 'Other' }],
    category_id: [],
    company_id: {},
  };
  assert.equal(readAutoCreate(given, catalogue), given);
  assert.deepEqual(readAutoCreate({}, catalogue), {});
});

test('auto_create that is not an object keyed by field name is refused as INVALID_VALUE', () => {
  for (const raw of [[{ partner_id: {} }], 'partner_id', 3, false]) {
    assert.throws(() => readAutoCreate(raw, catalogue), refused('INVALID_VALUE', "'auto_create' must be an object keyed by field name", 'auto_create'), JSON.stringify(raw));
  }
});

test('auto_create naming a field that is not a many2one or many2many of any model is refused as UNKNOWN_FIELD', () => {
  for (const field of ['name', 'order_line', 'child_ids', 'datas', 'no_such_field']) {
    assert.throws(
      () => readAutoCreate({ partner_id: {}, [field]: {} }, catalogue),
      refused('UNKNOWN_FIELD', `'auto_create' names '${field}', which is not a many2one or many2many field`, `auto_create.${field}`),
    );
  }
});

test('an auto_create entry that is not an object or a list of objects is refused as INVALID_VALUE', () => {
  for (const spec of ['Gadget', null, 7, [{ name: 'Gadget' }, 'Other'], [null]]) {
    assert.throws(
      () => readAutoCreate({ partner_id: {}, product_id: spec }, catalogue),
      refused('INVALID_VALUE', "'auto_create.product_id' must be an object or a list of objects", 'auto_create.product_id'),
      JSON.stringify(spec),
    );
  }
});

test('the template of a missing value: an object serves every value; in a list, the entry naming it, else the first naming no value', () => {
  const one = { name: 'Gadget' };
  assert.equal(pickTemplate(one, 'default_code', 'A'), one);
  const list = [{ default_code: 'A', name: 'Alpha' }, { name: 'Any' }, { default_code: 'B', name: 'Beta' }, { name: 'Second template' }];
  assert.deepEqual(pickTemplate(list, 'default_code', 'B'), { default_code: 'B', name: 'Beta' });
  assert.deepEqual(pickTemplate(list, 'default_code', 'Z'), { name: 'Any' });
  assert.equal(pickTemplate([{ default_code: 'A', name: 'Alpha' }], 'default_code', 'Z'), null);
  assert.equal(pickTemplate([], 'default_code', 'Z'), null);
  // Anything else holds no template: there is nothing to create from.
  for (const spec of [undefined, null, 'Gadget', 3, [null, 'x', 4]]) assert.equal(pickTemplate(spec, 'default_code', 'Z'), null, JSON.stringify(spec));
  assert.deepEqual(pickTemplate([null, 'x', { name: 'Any' }], 'default_code', 'Z'), { name: 'Any' });
});

test('a request creates each missing value from its template, and fails for one no entry serves', async () => {
  const spec = [{ default_code: 'B', name: 'Beta' }, { name: 'Any', list_price: 2 }];
  const order = (codes: string[], autoCreate: unknown) => {
    const res = new Resolution({
      catalogue,
      access: accessFor({ name: 'test', id: 'key:test', companyId: 1, allowedCompanyIds: [1] }, []),
      autoCreate: readAutoCreate({ product_id: autoCreate }, catalogue),
    });
    res.add(readPayload(catalogue.get('sale.order')!, { partner_id: 7, order_line: codes.map((c) => ({ product_id: { default_code: c } })) }, { catalogue, mode: 'create' }));
    return res;
  };
  const res = order(['B', 'C'], spec);
  await resolveFrom(res, [{ model: 'res.partner', id: 7 }]);
  const plan = new WritePlan(catalogue, NOW);
  planRecords(res, res.pending, plan, catalogue, new Date(0));
  const products = plan.list().filter((op) => op.kind === 'create' && op.model.name === 'product.product');
  assert.deepEqual(
    products.map((op) => op.kind === 'create' && [op.values.default_code, op.values.name, op.values.list_price]),
    [
      ['B', 'Beta', null],
      ['C', 'Any', 2],
    ],
  );
  await assert.rejects(resolveFrom(order(['B', 'C'], [spec[0]]), [{ model: 'res.partner', id: 7 }]), (e) => {
    assert.ok(e instanceof WebhookError);
    assert.deepEqual([e.code, e.details.field, e.details.values], ['NOT_FOUND', 'product_id', ['C']]);
    return true;
  });
});
