import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { assertFailure, createRecord } from '../support/rpc';
import { foundIds, searchOutcome, seedSearchData, type Ids } from '../support/search-data';

let ids: Ids;
const tags: number[] = [];
const api = useTestApi(async () => {
  ids = await seedSearchData(api);
  for (let i = 0; i < 25; i++) tags.push(await createRecord(api, 'res.partner.category', { name: `page-${String(i).padStart(2, '0')}`, color: i % 3 }));
});

const search = (model: string, payload: Record<string, unknown>) => searchOutcome(api, model, payload);
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('search_data: fields', () => {
  test('without search_field every field but binary ones is returned, rendered as Odoo renders values', async () => {
    const r = await search('res.partner', { search_domain: "[('ref', '=', 'A1')]" });
    const [azure] = r.result;
    assert.match(azure.create_date, DATETIME);
    assert.match(azure.write_date, DATETIME);
    assert.deepEqual({ ...azure, create_date: 'x', write_date: 'x' }, {
      id: ids.azure, display_name: 'Azure Interior', create_date: 'x', write_date: 'x',
      name: 'Azure Interior', email: 'info@azure.example', ref: 'A1', phone: false, function: false, street: false,
      city: 'Paris', is_company: true, company_id: [1, 'My Company'], parent_id: false, child_ids: [ids.azureContact],
      category_id: [ids.vip], credit_limit: 1000, active: true,
    });
    const [order] = (await search('sale.order', { search_domain: `[('id', '=', ${ids.order2})]`, search_field: ['partner_id', 'date_order', 'state', 'amount_total'] })).result;
    assert.deepEqual(order, { id: ids.order2, partner_id: [ids.deco, 'Deco Addict'], date_order: '2026-03-05 08:30:00', state: 'sale', amount_total: 100 });
  });

  test('field{sub, ...} expands a relation into objects with their id, nested four levels deep', async () => {
    const [{ order_line: lines }] = (await search('sale.order', { search_domain: `[('id', '=', ${ids.order1})]`, search_field: ['order_line'] })).result;
    const r = await search('sale.order', {
      search_domain: `[('id', '=', ${ids.order1})]`,
      search_field: ['order_line{product_id{name}, order_id{partner_id{category_id{name}}}}'],
    });
    const order = [{ id: ids.order1, partner_id: [{ id: ids.azure, category_id: [{ id: ids.vip, name: 'VIP' }] }] }];
    assert.deepEqual(r.result, [
      {
        id: ids.order1,
        order_line: [
          { id: lines[0], product_id: [{ id: ids.desk, name: 'Desk' }], order_id: order },
          { id: lines[1], product_id: [{ id: ids.chair, name: 'Chair' }], order_id: order },
        ],
      },
    ]);
  });

  test('an expanded empty many2one is an empty list, and {} expands into every field', async () => {
    const r = await search('res.partner', { search_domain: "[('ref', 'in', ['A1', 'A2'])]", search_field: ['parent_id{name}'] });
    assert.deepEqual(r.result, [{ id: ids.azure, parent_id: [] }, { id: ids.azureContact, parent_id: [{ id: ids.azure, name: 'Azure Interior' }] }]);
    const [deco] = (await search('res.partner', { search_domain: "[('ref', '=', 'D1')]", search_field: ['category_id{}'] })).result;
    assert.deepEqual(deco.category_id.map((c: { id: number; name: string; active: boolean }) => [c.id, c.name, c.active]), [[ids.vip, 'VIP', true], [ids.b2b, 'B2B', true]]);
  });

  test('one2many and many2many values come in id order', async () => {
    const [deco] = (await search('res.partner', { search_domain: "[('ref', '=', 'D1')]", search_field: ['category_id'] })).result;
    assert.deepEqual(deco.category_id, [ids.vip, ids.b2b].sort((a, b) => a! - b!));
  });

  test('the contents of an attachment are returned, base64, only when datas is asked for by name', async () => {
    const datas = Buffer.from('hello, attachment').toString('base64');
    const partner = await createRecord(api, 'res.partner', { name: 'With file', attachment_ids: [{ name: 'note.txt', datas }] });
    const domain = `[('res_model', '=', 'res.partner'), ('res_id', '=', ${partner})]`;
    const [plain] = (await search('ir.attachment', { search_domain: domain })).result;
    assert.equal('datas' in plain, false);
    assert.equal(plain.mimetype, 'text/plain');
    const [full] = (await search('ir.attachment', { search_domain: domain, search_field: ['name', 'datas'] })).result;
    assert.deepEqual(full, { id: plain.id, name: 'note.txt', datas });
  });

  test('an unknown field in search_field is UNKNOWN_FIELD, at any level', async () => {
    assertFailure(await search('res.partner', { search_field: ['nmae'] }), 'UNKNOWN_FIELD', "Field 'nmae' does not exist on model 'res.partner'");
    assertFailure(await search('sale.order', { search_field: ['order_line{product_id{nmae}}'] }), 'UNKNOWN_FIELD', "Field 'nmae' does not exist on model 'product.product'");
  });

  test('expanding a field that is not a relation, or an unbalanced brace, is INVALID_VALUE', async () => {
    assertFailure(await search('res.partner', { search_field: ['name{x}'] }), 'INVALID_VALUE', "'name' is a char field; only many2one, one2many and many2many fields expand");
    assertFailure(await search('res.partner', { search_field: ['parent_id{name'] }), 'INVALID_VALUE', "expected '}' to close 'parent_id{'");
    assertFailure(await search('res.partner', { search_field: 'name}' }), 'INVALID_VALUE', "unexpected '}'");
    assertFailure(await search('res.partner', { search_field: [1] }), 'INVALID_VALUE', "'search_field' must be a list of field names");
  });
});

describe('search_data: order and paging', () => {
  // The seeded partners all have a ref (a partner made by another test has none).
  const partners = (order: string) => foundIds(api, 'res.partner', "[('ref', '!=', False)]", { order });

  test('order takes several keys with asc and desc; records that tie come in id order', async () => {
    assert.deepEqual(await partners('city asc, name'), [ids.deco, ids.azure, ids.azureContact, ids.foreign, ids.shared, ids.junior]);
    assert.deepEqual(await partners('credit_limit'), [ids.junior, ids.azureContact, ids.deco, ids.azure, ids.foreign, ids.shared]);
    assert.deepEqual(await partners('is_company DESC, id'), [ids.azure, ids.deco, ids.azureContact, ids.junior, ids.foreign, ids.shared]);
    assert.deepEqual(await partners('id desc'), [ids.shared, ids.foreign, ids.junior, ids.deco, ids.azureContact, ids.azure]);
  });

  test('text orders by character code, as DynamoDB orders keys, from an index or in memory', async () => {
    const byName = [ids.azure, ids.azureContact, ids.deco, ids.foreign, ids.shared, ids.junior];
    assert.deepEqual(await partners('name'), byName);
    assert.deepEqual(await partners('name desc'), [...byName].reverse());
    assert.deepEqual(await foundIds(api, 'res.partner', "[('city', '!=', 'Lyon'), ('ref', '!=', False)]", { order: 'display_name' }), byName.filter((id) => id !== ids.deco));
  });

  test('ordering by a many2one sorts by the related record name, not by its id', async () => {
    const aardvark = await createRecord(api, 'res.partner', { name: 'Aardvark' });
    const late = await createRecord(api, 'sale.order', { partner_id: aardvark });
    assert.deepEqual(await foundIds(api, 'sale.order', [], { order: 'partner_id' }), [late, ids.order1, ids.order2]);
    assert.deepEqual(await foundIds(api, 'sale.order', [], { order: 'partner_id desc' }), [ids.order2, ids.order1, late]);
    const domain = `[('partner_id', 'in', [${ids.azure}, ${aardvark}])]`;
    assert.deepEqual(await foundIds(api, 'sale.order', domain, { order: 'partner_id' }), [late, ids.order1]);
  });

  test('limit and offset page through the records; next_offset is given while more match', async () => {
    const domain = "[('name', '=like', 'page-%')]";
    const first = await search('res.partner.category', { search_domain: domain, search_field: ['name'], order: 'name', limit: 10 });
    assert.deepEqual(first.result.map((t: { id: number }) => t.id), tags.slice(0, 10));
    assert.equal(first.next_offset, 10);
    assert.equal('total' in first, false);
    const second = await search('res.partner.category', { search_domain: domain, order: 'name', limit: 10, offset: first.next_offset });
    assert.deepEqual(second.result.map((t: { id: number }) => t.id), tags.slice(10, 20));
    assert.equal(second.next_offset, 20);
    const last = await search('res.partner.category', { search_domain: domain, order: 'name', limit: 10, offset: 20 });
    assert.deepEqual(last.result.map((t: { id: number }) => t.id), tags.slice(20));
    assert.equal('next_offset' in last, false);
    // A page that ends exactly at the last match: nothing follows it.
    const exact = await search('res.partner.category', { search_domain: domain, order: 'name', limit: 5, offset: 20 });
    assert.deepEqual(exact.result.map((t: { id: number }) => t.id), tags.slice(20));
    assert.equal('next_offset' in exact, false);
    const sorted = await search('res.partner.category', { search_domain: domain, order: 'color, name', limit: 5, offset: 20, count: true });
    assert.deepEqual([sorted.result.length, sorted.total, 'next_offset' in sorted], [5, 25, false], 'sorted in memory too');
  });

  test('count: true adds the total of matching records beside the page', async () => {
    const r = await search('res.partner.category', { search_domain: "[('name', '=like', 'page-%')]", limit: 5, offset: 5, count: true, order: 'name desc' });
    assert.equal(r.total, 25);
    assert.equal(r.next_offset, 10);
    assert.deepEqual(r.result.map((t: { id: number }) => t.id), tags.slice(15, 20).reverse());
    const filtered = await search('res.partner.category', { search_domain: "[('name', '=like', 'page-%'), ('color', '=', 0)]", limit: 2, count: true });
    assert.deepEqual([filtered.total, filtered.result.length, filtered.next_offset], [9, 2, 2]);
  });

  test('without limit, more matches than search_max_limit is TOO_MANY, and so is a limit above it', async () => {
    await api.setParams({ search_max_limit: '20' });
    try {
      const domain = "[('name', '=like', 'page-%')]";
      assertFailure(await search('res.partner.category', { search_domain: domain }), 'TOO_MANY', 'More than 20 records match');
      assertFailure(await search('res.partner.category', { search_domain: domain, limit: 21 }), 'TOO_MANY', "'limit' 21 is above search_max_limit (20)");
      const r = await search('res.partner.category', { search_domain: domain, limit: 20 });
      assert.deepEqual([r.result.length, r.next_offset], [20, 20]);
      assert.equal((await search('res.partner.category', { search_domain: domain, offset: 10 })).result.length, 15);
      // As many matches as search_max_limit is not too many.
      await api.setParams({ search_max_limit: '25' });
      const all = await search('res.partner.category', { search_domain: domain });
      assert.deepEqual([all.is_success, all.result.length, 'next_offset' in all], [true, 25, false], JSON.stringify(all).slice(0, 200));
    } finally {
      await api.setParams({ search_max_limit: '1000' });
    }
  });

  test('an order naming an unknown field, or with a stray word or character, is ORDER', async () => {
    const fails = async (order: unknown, phrase: string) => assertFailure(await search('res.partner', { order }), 'ORDER', phrase);
    await fails('nmae', "unknown field 'nmae' on model 'res.partner'");
    await fails('name sideways', "'name sideways' is not a field name followed by asc or desc");
    await fails('name,', 'an empty key (a stray comma)');
    await fails('name; drop', "'name; drop' is not a field name");
    await fails('child_ids', "cannot be ordered by the one2many field 'child_ids'");
    await fails(['name'], 'expected a string');
  });

  test('limit, offset, count and the payload keys are checked', async () => {
    assertFailure(await search('res.partner', { limit: -1 }), 'INVALID_VALUE', "'limit' must be a whole number");
    assertFailure(await search('res.partner', { offset: '10' }), 'INVALID_VALUE', "'offset' must be a whole number");
    assertFailure(await search('res.partner', { count: 'yes' }), 'INVALID_VALUE', "'count' must be true or false");
    assertFailure(await search('res.partner', { serch_domain: '[]' }), 'UNKNOWN_KEY', "Unknown key 'serch_domain' in 'payload'");
    assertFailure(await search('res.nothing', {}), 'UNKNOWN_MODEL', "Model 'res.nothing' does not exist");
    const all = await search('res.partner.category', { search_domain: "[('name', '=like', 'page-%')]", limit: 0, search_field: ['id'] });
    assert.equal(all.result.length, 25, 'limit 0 means no limit, as in Odoo');
  });
});

describe('search_data: answer size', () => {
  test('an answer larger than a Lambda response may hold is LIMIT_EXCEEDED, and a smaller page is answered', async () => {
    const street = 'x'.repeat(350_000);
    for (let i = 0; i < 18; i++) await createRecord(api, 'res.partner', { name: `Big ${i}`, street, function: 'big' });
    const domain = "[('function', '=', 'big')]";
    assertFailure(await search('res.partner', { search_domain: domain }), 'LIMIT_EXCEEDED', "more than a response may hold; ask for fewer records ('limit')");
    const page = await search('res.partner', { search_domain: domain, limit: 5, search_field: ['street'] });
    assert.deepEqual([page.result.length, page.next_offset, page.result[0].street.length], [5, 5, 350_000]);
  });
});
