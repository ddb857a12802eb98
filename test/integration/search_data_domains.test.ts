import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { snapshot } from '../support/records';
import { assertFailure } from '../support/rpc';
import { foundIds, searchOutcome, seedSearchData, visiblePartners, type Ids } from '../support/search-data';

let ids: Ids;
const api = useTestApi(async () => {
  ids = await seedSearchData(api);
});

const partners = (domain: unknown, extra?: Record<string, unknown>) => foundIds(api, 'res.partner', domain, extra);
const orders = (domain: unknown) => foundIds(api, 'sale.order', domain);

describe('search_data domains: the whole domain', () => {
  test('an empty or missing domain finds every active record the caller may see, in id order', async () => {
    assert.deepEqual(await partners('[]'), visiblePartners(ids));
    assert.deepEqual(await partners(undefined), visiblePartners(ids));
    assert.deepEqual(await partners([]), visiblePartners(ids));
  });

  test('the domain text callers send and the same domain as a JSON array find the same records', async () => {
    const text = "[('city', '=', 'Paris'), '|', ('credit_limit', '>', 100), ('ref', '=', 'A2')]";
    const json = [['city', '=', 'Paris'], '|', ['credit_limit', '>', 100], ['ref', '=', 'A2']];
    assert.deepEqual(await partners(text), [ids.azure, ids.azureContact]);
    assert.deepEqual(await partners(json), [ids.azure, ids.azureContact]);
  });

  test('a search answers with the records and the success message, without next_offset when all are returned', async () => {
    const r = await searchOutcome(api, 'res.partner', { search_domain: "[('ref', '=', 'A1')]", search_field: ['name', 'ref'] });
    assert.deepEqual(r, { is_success: true, result: [{ id: ids.azure, name: 'Azure Interior', ref: 'A1' }], messages: 'Record search successfully' });
  });

  test('a search writes nothing', async () => {
    const before = await snapshot();
    await searchOutcome(api, 'res.partner', { search_domain: "[('name', 'ilike', 'a')]" });
    assert.deepEqual(await snapshot(), before);
  });
});

describe('search_data domains: operators', () => {
  test('= finds equal values; False finds empty ones', async () => {
    assert.deepEqual(await partners("[('city', '=', 'Paris')]"), [ids.azure, ids.azureContact, ids.foreign]);
    assert.deepEqual(await partners("[('is_company', '=', True)]"), [ids.azure, ids.deco]);
    assert.deepEqual(await partners("[('is_company', '=', False)]"), [ids.azureContact, ids.junior, ids.foreign, ids.shared]);
    assert.deepEqual(await partners(`[('parent_id', '=', ${ids.azure})]`), [ids.azureContact]);
    assert.deepEqual(await partners("[('parent_id', '=', False)]"), [ids.azure, ids.deco, ids.foreign, ids.shared]);
    assert.deepEqual(await partners(`[('id', '=', ${ids.deco})]`), [ids.deco]);
  });

  test('!= also matches empty values', async () => {
    assert.deepEqual(await partners("[('city', '!=', 'Paris')]"), [ids.deco, ids.junior, ids.shared]);
    assert.deepEqual(await partners("[('parent_id', '!=', False)]"), [ids.azureContact, ids.junior]);
    assert.deepEqual(await partners("[('ref', '<>', 'A1')]"), visiblePartners(ids).filter((id) => id !== ids.azure));
  });

  test('> >= < <= compare numbers, datetimes and text; empty values never match', async () => {
    assert.deepEqual(await partners("[('credit_limit', '>', 50)]"), [ids.azure, ids.deco]);
    assert.deepEqual(await partners("[('credit_limit', '>=', 50)]"), [ids.azure, ids.azureContact, ids.deco]);
    assert.deepEqual(await partners("[('credit_limit', '<', 50)]"), [ids.junior]);
    assert.deepEqual(await partners("[('credit_limit', '<=', 50)]"), [ids.azureContact, ids.junior]);
    assert.deepEqual(await orders("[('date_order', '>=', '2026-03-02')]"), [ids.order2]);
    assert.deepEqual(await orders("[('date_order', '<', '2026-03-05 08:30:00')]"), [ids.order1]);
    // name is indexed: these are ranges of its index entries
    assert.deepEqual(await partners("[('name', '<', 'B')]"), [ids.azure, ids.azureContact]);
    assert.deepEqual(await partners("[('name', '>=', 'Deco'), ('name', '<', 'G')]"), [ids.deco, ids.foreign]);
    assert.deepEqual(await partners("[('name', '>=', 'A')]"), visiblePartners(ids), 'still in id order, not in name order');
    assert.deepEqual(await partners("[('name', '=like', '%')]"), visiblePartners(ids));
  });

  test('=? with False or None is no condition; with a value it is =', async () => {
    assert.deepEqual(await partners("[('city', '=?', False)]"), visiblePartners(ids));
    assert.deepEqual(await partners("[('city', '=?', None)]"), visiblePartners(ids));
    assert.deepEqual(await partners("[('city', '=?', 'Lyon')]"), [ids.deco]);
  });

  test('in and not in take lists or tuples; not in also matches empty values; False in the list matches empty values', async () => {
    assert.deepEqual(await partners("[('ref', 'in', ['A1', 'D1'])]"), [ids.azure, ids.deco]);
    assert.deepEqual(await partners("[('ref', 'in', ('A2',))]"), [ids.azureContact]);
    assert.deepEqual(await partners("[('ref', 'in', [])]"), []);
    assert.deepEqual(await partners("[('city', 'not in', ['Paris'])]"), [ids.deco, ids.junior, ids.shared]);
    assert.deepEqual(await partners("[('city', 'in', ['Lyon', False])]"), [ids.deco, ids.junior, ids.shared]);
    assert.deepEqual(await partners("[('city', 'not in', ['Lyon', False])]"), [ids.azure, ids.azureContact, ids.foreign]);
    assert.deepEqual(await partners(`[('id', 'in', [${ids.deco}, ${ids.azure}, 99999])]`), [ids.azure, ids.deco]);
  });

  test('like and ilike match a substring, case-sensitive or not; not like and not ilike also match empty values', async () => {
    assert.deepEqual(await partners("[('name', 'like', 'Azure')]"), [ids.azure, ids.azureContact]);
    assert.deepEqual(await partners("[('name', 'like', 'azure')]"), []);
    assert.deepEqual(await partners("[('name', 'ilike', 'AZURE')]"), [ids.azure, ids.azureContact]);
    assert.deepEqual(await partners("[('name', 'not ilike', 'azure')]"), [ids.deco, ids.junior, ids.foreign, ids.shared]);
    assert.deepEqual(await partners("[('city', 'not like', 'Par')]"), [ids.deco, ids.junior, ids.shared]);
    assert.deepEqual(await partners("[('email', 'ilike', 'AZURE.example')]"), [ids.azure]);
  });

  test('=like and =ilike take the pattern as written: % any text, _ one character', async () => {
    assert.deepEqual(await partners("[('name', '=like', 'Azure%')]"), [ids.azure, ids.azureContact]);
    assert.deepEqual(await partners("[('name', '=like', 'azure%')]"), []);
    assert.deepEqual(await partners("[('name', '=ilike', 'azure%')]"), [ids.azure, ids.azureContact]);
    assert.deepEqual(await partners("[('ref', '=like', '_1')]"), [ids.azure, ids.deco, ids.foreign, ids.shared]);
    assert.deepEqual(await partners("[('name', '=like', 'Deco Addict')]"), [ids.deco]);
    assert.deepEqual(await partners("[('name', '=like', 'deco\\\\_junior%')]"), [ids.junior]);
    assert.deepEqual(await partners("[('city', '=ilike', '%ARIS')]"), [ids.azure, ids.azureContact, ids.foreign]);
  });

  test('| and ! are prefix operators and terms side by side are joined by an implicit &', async () => {
    assert.deepEqual(await partners("['|', ('ref', '=', 'A1'), ('ref', '=', 'D1')]"), [ids.azure, ids.deco]);
    assert.deepEqual(await partners("['!', ('city', '=', 'Paris')]"), [ids.deco, ids.junior, ids.shared]);
    assert.deepEqual(await partners("['&', ('city', '=', 'Paris'), '!', ('is_company', '=', True)]"), [ids.azureContact, ids.foreign]);
    assert.deepEqual(await partners("['|', '&', ('city', '=', 'Paris'), ('is_company', '=', True), ('ref', '=', 'D2')]"), [ids.azure, ids.junior]);
    assert.deepEqual(await partners("[('city', '=', 'Paris'), '|', ('ref', '=', 'A1'), ('ref', '=', 'F1')]"), [ids.azure, ids.foreign]);
    assert.deepEqual(await partners("['!', ('name', '=like', 'Azure%')]"), [ids.deco, ids.junior, ids.foreign, ids.shared]);
    assert.deepEqual(await partners("['!', '|', ('city', '=', 'Paris'), ('city', '=', 'Lyon')]"), [ids.junior, ids.shared]);
    assert.deepEqual(await partners("[(1, '=', 1), ('ref', '=', 'A1')]"), [ids.azure]);
    assert.deepEqual(await partners("['|', (0, '=', 1), ('ref', '=', 'A1')]"), [ids.azure]);
  });
});

describe('search_data domains: relations', () => {
  test('a dotted path goes through a many2one', async () => {
    assert.deepEqual(await orders("[('partner_id.ref', '=', 'A1')]"), [ids.order1]);
    assert.deepEqual(await orders("[('partner_id.city', 'ilike', 'lyon')]"), [ids.order2]);
    assert.deepEqual(await foundIds(api, 'sale.order.line', "[('order_id.partner_id.ref', '=', 'D1')]").then((l) => l.length), 1);
  });

  test('a dotted path goes through a one2many: the records whose lines match', async () => {
    assert.deepEqual(await orders("[('order_line.product_id.default_code', '=', 'DESK')]"), [ids.order1]);
    assert.deepEqual(await orders("[('order_line.product_id.default_code', '=', 'CHAIR')]"), [ids.order1, ids.order2]);
    assert.deepEqual(await orders("[('order_line.product_uom_qty', '>=', 5)]"), [ids.order2]);
    assert.deepEqual(await partners("[('child_ids.ref', '=', 'A2')]"), [ids.azure]);
  });

  test('a dotted path goes through a many2many', async () => {
    assert.deepEqual(await partners("[('category_id.name', '=', 'B2B')]"), [ids.deco]);
    assert.deepEqual(await partners("[('category_id.name', 'in', ['VIP', 'B2B'])]"), [ids.azure, ids.deco]);
  });

  test('a relation compared with text compares the related record name', async () => {
    assert.deepEqual(await orders("[('partner_id', '=', 'Azure Interior')]"), [ids.order1]);
    assert.deepEqual(await orders("[('partner_id', 'ilike', 'deco')]"), [ids.order2]);
    assert.deepEqual(await orders("[('partner_id', '!=', 'Azure Interior')]"), [ids.order2]);
    assert.deepEqual(await partners("[('category_id', '=', 'B2B')]"), [ids.deco]);
  });

  test('an x2many compared with ids holds one of them; with False it is empty', async () => {
    assert.deepEqual(await partners(`[('category_id', 'in', [${ids.b2b}])]`), [ids.deco]);
    assert.deepEqual(await partners(`[('category_id', '=', ${ids.vip})]`), [ids.azure, ids.deco]);
    assert.deepEqual(await partners("[('category_id', '=', False)]"), [ids.azureContact, ids.junior, ids.foreign, ids.shared]);
    assert.deepEqual(await partners(`[('category_id', 'not in', [${ids.b2b}])]`), visiblePartners(ids).filter((id) => id !== ids.deco));
    assert.deepEqual(await partners(`[('child_ids', '=', ${ids.junior})]`), [ids.azureContact]);
    assert.deepEqual(await partners("[('child_ids', '!=', False)]"), [ids.azure, ids.azureContact]);
  });

  test('child_of finds the records and everything below them along parent_id; parent_of everything above', async () => {
    assert.deepEqual(await partners(`[('id', 'child_of', ${ids.azure})]`), [ids.azure, ids.azureContact, ids.junior]);
    assert.deepEqual(await partners(`[('id', 'child_of', [${ids.deco}, ${ids.azureContact}])]`), [ids.azureContact, ids.deco, ids.junior]);
    assert.deepEqual(await partners(`[('id', 'parent_of', ${ids.junior})]`), [ids.azure, ids.azureContact, ids.junior]);
    assert.deepEqual(await partners("[('id', 'child_of', 'Azure Interior')]"), [ids.azure, ids.azureContact, ids.junior]);
    assert.deepEqual(await partners("[('id', 'child_of', 'Azure')]"), [], 'a name stands for the records of exactly that name');
    assert.deepEqual(await orders(`[('partner_id', 'child_of', ${ids.azure})]`), [ids.order1]);
  });

  test('child_of and parent_of on a many2one to the same model mean the records of the tree, the given ones included', async () => {
    assert.deepEqual(await partners(`[('parent_id', 'child_of', ${ids.azure})]`), [ids.azure, ids.azureContact, ids.junior]);
    assert.deepEqual(await partners(`[('parent_id', 'child_of', ${ids.deco})]`), [ids.deco], 'a record without children is its own tree');
    assert.deepEqual(await partners(`[('parent_id', 'parent_of', ${ids.junior})]`), [ids.azure, ids.azureContact, ids.junior]);
    assert.deepEqual(await partners("[('parent_id', 'child_of', 'Azure contact')]"), [ids.azureContact, ids.junior]);
    assert.deepEqual(await partners(`['!', ('parent_id', 'child_of', ${ids.azureContact})]`), [ids.azure, ids.deco, ids.foreign, ids.shared]);
  });
});

describe('search_data domains: what a caller sees', () => {
  test('archived records are left out unless the domain names active', async () => {
    assert.deepEqual(await partners("[('ref', '=', 'O1')]"), []);
    assert.deepEqual(await partners(`[('id', '=', ${ids.old})]`), []);
    assert.deepEqual(await partners("[('active', '=', False)]"), [ids.old]);
    assert.deepEqual(await partners("[('active', 'in', [True, False]), ('city', '=', 'Paris')]"), [ids.azure, ids.azureContact, ids.old, ids.foreign]);
  });

  test('a caller sees the records of its allowed companies and shared ones, by any condition', async () => {
    const key = await api.createKey({ companyId: 1, allowedCompanyIds: [1] });
    const otherKey = await api.createKey({ companyId: ids.company2!, allowedCompanyIds: [ids.company2!] });
    assert.deepEqual(await foundIds(api, 'res.partner', [], {}, key), visiblePartners(ids).filter((id) => id !== ids.foreign));
    assert.deepEqual(await foundIds(api, 'res.partner', "[('ref', '=', 'F1')]", {}, key), []);
    assert.deepEqual(await foundIds(api, 'res.partner', `[('id', '=', ${ids.foreign})]`, {}, key), []);
    assert.deepEqual(await foundIds(api, 'res.partner', "[('city', '=', 'Paris')]", {}, otherKey), [ids.foreign]);
    assert.deepEqual(await foundIds(api, 'res.partner', [], {}, otherKey), [ids.foreign, ids.shared]);
    assert.deepEqual(await foundIds(api, 'sale.order', "[('partner_id.ref', '=', 'A1')]", {}, otherKey), []);
  });

  test('a key limited to some models reads no other one, through a path or an expansion either', async () => {
    const key = await api.createKey({ companyId: 1, allowedCompanyIds: 'all', models: ['sale.order'] });
    const orders = await searchOutcome(api, 'sale.order', { search_field: ['partner_id'], order: 'id' }, key);
    assert.deepEqual(orders.result.map((o: { partner_id: unknown }) => o.partner_id), [[ids.azure, 'Azure Interior'], [ids.deco, 'Deco Addict']]);
    assertFailure(await searchOutcome(api, 'res.partner', {}, key), 'FORBIDDEN', "Model 'res.partner' is not allowed for this caller");
    assertFailure(await searchOutcome(api, 'sale.order', { search_field: ['partner_id{email}'] }, key), 'FORBIDDEN', "Model 'res.partner'");
    assertFailure(await searchOutcome(api, 'sale.order', { search_domain: "[('partner_id.email', '=', 'x')]" }, key), 'FORBIDDEN', "Model 'res.partner'");
    assertFailure(await searchOutcome(api, 'sale.order', { search_domain: "[('partner_id', 'ilike', 'azure')]" }, key), 'FORBIDDEN', "Model 'res.partner'");
  });

  test('a key limited to some models may not order by a many2one to another one (that sorts by its names)', async () => {
    const key = await api.createKey({ companyId: 1, allowedCompanyIds: 'all', models: ['sale.order'] });
    assertFailure(await searchOutcome(api, 'sale.order', { order: 'partner_id' }, key), 'FORBIDDEN', "Model 'res.partner' is not allowed for this caller");
    assertFailure(await searchOutcome(api, 'sale.order', { order: 'date_order desc, partner_id desc', limit: 1 }, key), 'FORBIDDEN', "Model 'res.partner'");
    const byDate = await searchOutcome(api, 'sale.order', { order: 'date_order desc', search_field: ['id'] }, key);
    assert.deepEqual(byDate.result.map((o: { id: number }) => o.id), [ids.order2, ids.order1]);
  });

  test('models named in ignore_checkcompany_model are not scoped by company', async () => {
    const key = await api.createKey({ companyId: 1, allowedCompanyIds: [1] });
    await api.setParams({ ignore_checkcompany_model: '["res.partner"]' });
    try {
      assert.deepEqual(await foundIds(api, 'res.partner', "[('city', '=', 'Paris')]", {}, key), [ids.azure, ids.azureContact, ids.foreign]);
    } finally {
      await api.setParams({ ignore_checkcompany_model: '[]' });
    }
  });
});

describe('search_data domains: failures say what and where', () => {
  const fails = async (domain: unknown, code: string, phrase: string | RegExp) =>
    assertFailure(await searchOutcome(api, 'res.partner', { search_domain: domain }), code, phrase);

  test('an unknown field is DOMAIN, with its position in the text or its place in the JSON array', async () => {
    await fails("[('city', '=', 'Paris'), ('nmae', '=', 'x')]", 'DOMAIN', "unknown field 'nmae' on model 'res.partner' at position 26");
    await fails([['nmae', '=', 'x']], 'DOMAIN', "unknown field 'nmae' on model 'res.partner' at search_domain[0][0]");
    await fails("[('partner_id.nmae', '=', 1)]", 'DOMAIN', "unknown field 'partner_id'");
    await fails("[('parent_id.nmae', '=', 1)]", 'DOMAIN', "unknown field 'nmae' on model 'res.partner' at position 2");
    await fails("[('name.first', '=', 1)]", 'DOMAIN', "'name' of 'res.partner' is not a relation");
  });

  test('an unknown operator is DOMAIN and lists the operators', async () => {
    await fails("[('name', '~', 'x')]", 'DOMAIN', "unknown operator '~' (one of '=', '!='");
    await fails([['name', 'contains', 'x']], 'DOMAIN', "unknown operator 'contains'");
  });

  test('text that is not a domain is DOMAIN with its position, and is never evaluated', async () => {
    await fails("[('name', '=', 'x') ('city', '=', 1)]", 'DOMAIN', "expected ',' or ']', found '(' at position 20");
    await fails("[('name', '=', 'x' 5)]", 'DOMAIN', "expected ',' or ')', found '5' at position 19");
    await fails("[('name', '=', __import__('os').system('true'))]", 'DOMAIN', "unknown name '__import__'");
    await fails("[('name', '=', 'x')", 'DOMAIN', "expected ',' or ']', found end of text at position 19");
    await fails("[('name', '=', 'x')] + []", 'DOMAIN', "unexpected '+' after the domain");
    await fails("['|', ('name', '=', 'x')]", 'DOMAIN', "'|' has too few terms after it (2 needed) at position 1");
    await fails("[('name', '=')]", 'DOMAIN', "a term has 3 parts ('field', 'operator', value), this one has 2");
    await fails({ name: 'x' }, 'DOMAIN', 'expected a list of terms');
  });

  test('a value of the wrong type for its field is DOMAIN', async () => {
    await fails("[('credit_limit', '>', 'abc')]", 'DOMAIN', "invalid value for 'credit_limit': \"abc\" (expected a number)");
    await fails("[('is_company', '=', 'yes')]", 'DOMAIN', "invalid value for 'is_company'");
    await fails("[('parent_id', 'child_of', 1.5)]", 'DOMAIN', "'child_of' needs record ids or names");
    await fails("[('name', '>', False)]", 'DOMAIN', "'>' needs a value to compare with");
  });

  test('a child_of walk deeper than 64 generations is LIMIT_EXCEEDED; a shallower one is answered', async () => {
    // A chain of 80 partners, 16 generations per create_data call (nested child_ids).
    const chain = (from: number, to: number): Record<string, unknown> => ({
      name: `gen ${from}`, ref: `gen-${from}`, ...(from < to ? { child_ids: [chain(from + 1, to)] } : {}),
    });
    let root = 0;
    for (let start = 0; start < 80; start += 16) {
      const payload = { ...chain(start, start + 15), ...(start > 0 ? { parent_id: { ref: `gen-${start - 1}` } } : {}) };
      const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload } });
      assert.equal(res.body.result.is_success, true, JSON.stringify(res.body));
      if (start === 0) root = res.body.result.result.id;
    }
    await fails(`[('id', 'child_of', ${root})]`, 'LIMIT_EXCEEDED', "'child_of' goes more than 64 generations deep in 'res.partner'");
    const [gen20] = await partners("[('ref', '=', 'gen-20')]");
    assert.equal((await partners(`[('id', 'child_of', ${gen20})]`)).length, 60);
    assert.equal((await partners("[('id', 'parent_of', 'gen 40')]")).length, 41);
  });

  test('a domain larger than the limits is LIMIT_EXCEEDED', async () => {
    const terms = Array.from({ length: 1001 }, () => "('name', '=', 'x')").join(', ');
    await fails(`[${terms}]`, 'LIMIT_EXCEEDED', 'more than 1000 terms and operators');
    await fails([['id', 'in', Array.from({ length: 10_001 }, (_, i) => i + 1)]], 'LIMIT_EXCEEDED', 'more than 10000 values');
  });
});
