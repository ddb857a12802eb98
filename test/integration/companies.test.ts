import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { readBack, snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';
import { foundIds, searchOutcome } from '../support/search-data';

let co2: number;
const co2Name = unique('Second Co ');
let key1: string;
let key2: string;
let keyBoth: string;
/** A product, a partner and an order of each company, and a shared product and tag. */
const data = {} as Record<'p1' | 'p2' | 'shared' | 'c1' | 'c2' | 'o1' | 'o2', number> & Record<'code1' | 'code2' | 'codeShared' | 'ref1' | 'ref2', string>;

const api = useTestApi(async () => {
  co2 = await createRecord(api, 'res.company', { name: co2Name });
  key1 = await api.createKey({ companyId: 1, allowedCompanyIds: [1] });
  key2 = await api.createKey({ companyId: co2, allowedCompanyIds: [co2] });
  keyBoth = await api.createKey({ companyId: 1, allowedCompanyIds: [1, co2] });
  Object.assign(data, { code1: unique('A'), code2: unique('B'), codeShared: unique('S'), ref1: unique('R'), ref2: unique('R') });
  data.p1 = await createRecord(api, 'product.product', { name: 'Desk', default_code: data.code1 }, key1);
  data.p2 = await createRecord(api, 'product.product', { name: 'Desk', default_code: data.code2 }, key2);
  data.shared = await createRecord(api, 'product.product', { name: 'Shared', default_code: data.codeShared, company_id: false }, key1);
  data.c1 = await createRecord(api, 'res.partner', { name: 'Customer one', ref: data.ref1 }, key1);
  data.c2 = await createRecord(api, 'res.partner', { name: 'Customer two', ref: data.ref2 }, key2);
  data.o1 = await createRecord(api, 'sale.order', { partner_id: data.c1, order_line: [{ product_id: data.p1 }] }, key1);
  data.o2 = await createRecord(api, 'sale.order', { partner_id: data.c2, order_line: [{ product_id: data.p2 }] }, key2);
});

describe('companies: records of another company are not found', () => {
  test('a new record gets the caller\'s current company, its lines the record\'s', async () => {
    assert.equal((await readBack('product.product', data.p2))?.company_id, co2);
    const order = await readBack('sale.order', data.o2);
    assert.equal(order?.company_id, co2);
    const [line] = order?.order_line as number[];
    assert.equal((await readBack('sale.order.line', line!))?.company_id, co2);
    assert.equal((await readBack('product.product', data.shared))?.company_id, null, 'company_id false makes it shared');
  });

  test('lookups: by unique field, by name and by id, the other company\'s record found no match', async () => {
    for (const product_id of [{ default_code: data.code2 }, { id: data.p2 }, data.p2]) {
      const out = await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: data.c1, order_line: [{ product_id }] } }, key1);
      assertFailure(out, 'NOT_FOUND', 'found no match');
    }
    assertFailure(await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: { ref: data.ref2 } } }, key1), 'NOT_FOUND');
    // The same name exists in both companies: each caller finds its own, without ambiguity.
    const mine = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: data.c1, order_line: [{ product_id: { name: 'Desk' } }] }, result_field: ['order_line'] }, key1);
    const [line] = mine.order_line as number[];
    assert.equal((await readBack('sale.order.line', line!))?.product_id, data.p1);
  });

  test('shared records are visible to both companies', async () => {
    for (const [key, partner] of [
      [key1, data.c1],
      [key2, data.c2],
    ] as const) {
      const { id } = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: partner, order_line: [{ product_id: { default_code: data.codeShared } }] } }, key);
      const [line] = (await readBack('sale.order', id))?.order_line as number[];
      assert.equal((await readBack('sale.order.line', line!))?.product_id, data.shared, 'the line links the shared product');
    }
  });

  test('search_key: the other company\'s record found no match, also by id and through a dotted path', async () => {
    const before = await snapshot();
    for (const search_key of [{ id: data.o2 }, { 'partner_id.ref': data.ref2 }]) {
      assertFailure(await outcome(api, 'update_data', 'sale.order', { search_key, payload: { note: 'x' } }, key1), 'NOT_FOUND', 'found no match');
    }
    assertFailure(await outcome(api, 'call_function', 'sale.order', { search_key: { id: data.o2 }, payload: { method: 'action_cancel' } }, key1), 'NOT_FOUND');
    assertFailure(await outcome(api, 'call_function', 'res.partner', { search_key: { ref: data.ref2 }, payload: { method: 'set_credit_limit', parameter: { limit: 1 } } }, key1), 'NOT_FOUND');
    assert.deepEqual(await snapshot(), before);
    // Order numbers run per company: both companies have an S00001, and each caller reaches its own.
    const name = (await readBack('sale.order', data.o2))?.name;
    assert.equal((await ok(api, 'update_data', 'sale.order', { search_key: { name }, payload: {} }, key1)).id, data.o1);
    assert.equal((await ok(api, 'update_data', 'sale.order', { search_key: { name }, payload: {} }, key2)).id, data.o2);
  });

  test('an upsert does not reach into another company: it creates in its own', async () => {
    const out = await ok(api, 'create_update_data', 'res.partner', { search_key: { ref: data.ref2 }, payload: { name: 'Mine now' } }, key1);
    assert.equal(out.created, true);
    assert.notEqual(out.id, data.c2);
    assert.equal((await readBack('res.partner', data.c2))?.name, 'Customer two');
    assert.equal((await readBack('res.partner', out.id))?.company_id, 1);
  });

  test('a key allowed several companies sees them all in search_key, and uses the payload\'s company for lookups', async () => {
    await ok(api, 'update_data', 'sale.order', { search_key: { id: data.o2 }, payload: { note: 'seen by both' } }, keyBoth);
    const out = await ok(api, 'create_data', 'sale.order', { payload: { company_id: co2, partner_id: { ref: data.ref2 }, order_line: [{ product_id: { default_code: data.code2 } }] } }, keyBoth);
    assert.equal((await readBack('sale.order', out.id))?.company_id, co2);
  });

  test('AMBIGUOUS across companies says so and suggests company_id in the search_key before multi', async () => {
    // A company of its own, so that the other tests' companies keep the records they expect.
    const co3 = await createRecord(api, 'res.company', { name: unique('Third Co ') });
    const key3 = await api.createKey({ companyId: co3, allowedCompanyIds: [co3] });
    const keyBoth = await api.createKey({ companyId: 1, allowedCompanyIds: [1, co3] });
    const email = `${unique('both')}@example.com`;
    const inOne = await createRecord(api, 'res.partner', { name: 'Same mail', email }, key1);
    const inTwo = await createRecord(api, 'res.partner', { name: 'Same mail', email }, key3);
    const before = await snapshot();
    for (const search_key of [{ email }, { id: [inOne, inTwo] }]) {
      const out = await outcome(api, 'update_data', 'res.partner', { search_key, payload: { city: 'Both' } }, keyBoth);
      assertFailure(out, 'AMBIGUOUS', 'matched more than 1 record (2), in several companies');
      const company = out.messages.indexOf('add "company_id" to the search_key');
      const multi = out.messages.indexOf('"multi": true would change the records of every company');
      assert.ok(company > 0 && multi > company, out.messages);
      assert.deepEqual(out.error.details.companies, [1, co3]);
    }
    const call = await outcome(api, 'call_function', 'res.partner', { search_key: { email }, payload: { method: 'set_credit_limit', parameter: { limit: 1 } } }, keyBoth);
    assertFailure(call, 'AMBIGUOUS', /several companies .*add "company_id" to the search_key.*method 'set_credit_limit' takes one record/);
    assert.deepEqual(await snapshot(), before);
    const chosen = await ok(api, 'update_data', 'res.partner', { search_key: { email, company_id: co3 }, payload: { city: 'Two' } }, keyBoth);
    assert.equal(chosen.id, inTwo);
    // Matches within one company keep the plain hint.
    await createRecord(api, 'res.partner', { name: 'Same mail again', email }, key1);
    const plain = await outcome(api, 'update_data', 'res.partner', { search_key: { email }, payload: {} }, key1);
    assertFailure(plain, 'AMBIGUOUS', 'matched more than 1 record (2); send "multi": true to change them all');
  });

  test('writing a company the caller may not use is FORBIDDEN', async () => {
    const before = await snapshot();
    assertFailure(await outcome(api, 'create_data', 'res.partner', { payload: { name: 'x', company_id: co2 } }, key1), 'FORBIDDEN');
    assertFailure(await outcome(api, 'update_data', 'res.partner', { search_key: { id: data.c1 }, payload: { company_id: co2 } }, key1), 'FORBIDDEN');
    assertFailure(await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: data.c1, company_id: { id: co2 } } }, key1), 'FORBIDDEN');
    assert.deepEqual(await snapshot(), before);
  });

  test('the development key may use every company, also one created later', async () => {
    const later = await createRecord(api, 'res.company', { name: unique('Later Co ') });
    const id = await createRecord(api, 'res.partner', { name: 'In the later company', company_id: later });
    assert.equal((await readBack('res.partner', id))?.company_id, later);
  });
});

describe('companies: the ignore list', () => {
  test('a model named in ignore_checkcompany_model is found across companies; defaults still apply', async () => {
    await api.setParams({ ignore_checkcompany_model: '["product.product"]' });
    try {
      await ok(api, 'create_data', 'sale.order', { payload: { partner_id: data.c1, order_line: [{ product_id: { default_code: data.code2 } }] } }, key1);
      const id = await createRecord(api, 'product.product', { name: 'Still company 1' }, key1);
      assert.equal((await readBack('product.product', id))?.company_id, 1);
      // Only the models named: partners of company 2 stay out of reach.
      assertFailure(await outcome(api, 'update_data', 'res.partner', { search_key: { id: data.c2 }, payload: {} }, key1), 'NOT_FOUND');
    } finally {
      await api.setParams({ ignore_checkcompany_model: '[]' });
    }
  });

  test('an ignore list that is not a JSON list is ignored, not fatal', async () => {
    await api.setParams({ ignore_checkcompany_model: 'product.product' });
    try {
      assertFailure(await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: data.c1, order_line: [{ product_id: { default_code: data.code2 } }] } }, key1), 'NOT_FOUND');
    } finally {
      await api.setParams({ ignore_checkcompany_model: '[]' });
    }
  });
});

describe('companies: the companies themselves', () => {
  test('a key sees and changes only the companies it may use, and cannot create one', async () => {
    assertFailure(await outcome(api, 'update_data', 'res.company', { search_key: { id: co2 }, payload: { email: 'x@example.com' } }, key1), 'NOT_FOUND');
    assertFailure(await outcome(api, 'create_update_data', 'res.company', { search_key: { name: unique('Co ') }, payload: {} }, key1), 'FORBIDDEN');
    assertFailure(await outcome(api, 'create_data', 'res.company', { payload: { name: unique('Co ') } }, key1), 'FORBIDDEN');
    const mine = await ok(api, 'update_data', 'res.company', { search_key: { id: 1 }, payload: { email: 'one@example.com' } }, key1);
    assert.equal(mine.id, 1);
  });

  test('a company auto-created by the request owns the record, whose lookups search that company', async () => {
    const hqRef = unique('HQ');
    const hq = await createRecord(api, 'res.partner', { name: 'Shared head office', ref: hqRef, company_id: false });
    /** A partner whose company_id names a company that does not exist yet. */
    const inNewCo = (name: string, parent_id: unknown, autoCreate: Record<string, unknown> = {}) => ({
      payload: { name, company_id: { name: unique('New Co ') }, parent_id },
      auto_create: { company_id: {}, ...autoCreate },
    });

    // The development key may use every company: the company is created first, the partner in it.
    const made = await ok(api, 'create_data', 'res.partner', inNewCo('In a new company', { ref: hqRef }));
    const partner = await readBack('res.partner', made.id);
    assert.equal(typeof partner?.company_id, 'number');
    assert.match(String((await readBack('res.company', partner!.company_id as number))?.name), /^New Co /);
    assert.equal(partner?.parent_id, hq, 'a shared record is found from the new company');

    const before = await snapshot();
    // The caller's company is not searched: its partner is not found from the new company.
    assertFailure(await outcome(api, 'create_data', 'res.partner', inNewCo('x', { ref: data.ref1 })), 'NOT_FOUND', 'found no match');
    // A key allowed some companies only may not create one.
    assertFailure(await outcome(api, 'create_data', 'res.partner', inNewCo('x', { ref: hqRef }), keyBoth), 'FORBIDDEN', /may create a 'res.company' record/);
    assert.deepEqual(await snapshot(), before);

    // A record auto-created for the partner's lookup is made in the new company too.
    const both = await ok(api, 'create_data', 'res.partner', inNewCo('Child', { ref: unique('P') }, { parent_id: { name: 'New head office' } }));
    const child = await readBack('res.partner', both.id);
    assert.equal((await readBack('res.partner', child!.parent_id as number))?.company_id, child?.company_id);
    assert.notEqual(child?.company_id, 1);
  });

  test('search_data on res.company lists only the companies a key may use, by any condition', async () => {
    assert.deepEqual(await foundIds(api, 'res.company', [], {}, key1), [1]);
    assert.deepEqual(await foundIds(api, 'res.company', [], {}, key2), [co2]);
    assert.deepEqual(await foundIds(api, 'res.company', [['name', '=', co2Name]], {}, key1), []);
    assert.deepEqual(await foundIds(api, 'res.company', [['id', 'in', [1, co2]]], {}, key1), [1]);
    assert.deepEqual(await foundIds(api, 'res.company', [['email', '!=', 'x']], { order: 'name desc', count: true }, key1), [1]);
    assert.deepEqual(await foundIds(api, 'res.company', [['id', 'in', [1, co2]]], {}, keyBoth), [1, co2]);
  });

  test('a path or an expansion to res.company does not reveal a company the key may not use', async () => {
    // Partners of every company are visible once res.partner is exempt from company scoping.
    await api.setParams({ ignore_checkcompany_model: '["res.partner"]' });
    try {
      const domain = [['company_id.name', '=', co2Name]];
      assert.deepEqual(await foundIds(api, 'res.partner', domain, {}, keyBoth), [data.c2]);
      assert.deepEqual(await foundIds(api, 'res.partner', domain, {}, key1), []);
      assert.deepEqual(await foundIds(api, 'res.partner', [['company_id', 'ilike', co2Name]], {}, key1), []);
      const [c2] = (await searchOutcome(api, 'res.partner', { search_domain: [['id', '=', data.c2]], search_field: ['company_id{name}'] }, key1)).result;
      assert.deepEqual(c2, { id: data.c2, company_id: [] });
    } finally {
      await api.setParams({ ignore_checkcompany_model: '[]' });
    }
  });

  test('a record auto-created in a company its template names looks its own references up in that company', async () => {
    const ref = unique('NEW');
    const order = await ok(
      api,
      'create_data',
      'sale.order',
      { payload: { partner_id: { ref } }, auto_create: { partner_id: { name: 'Branch office', company_id: co2, parent_id: { ref: data.ref2 } } } },
      keyBoth,
    );
    const partner = await readBack('res.partner', (await readBack('sale.order', order.id))?.partner_id as number);
    assert.deepEqual([partner?.ref, partner?.company_id, partner?.parent_id], [ref, co2, data.c2], "its parent is the second company's customer");
  });
});
