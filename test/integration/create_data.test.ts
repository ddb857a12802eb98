import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { readBack, snapshot, unique } from '../support/records';
import { assertFailure, createData, createRecord } from '../support/rpc';

const api = useTestApi();

describe('create_data: an order with looked-up relations', () => {
  test('an order with lines, a partner by ref and products by default_code is created and reads back right', async () => {
    const ref = unique('C');
    const tag1 = unique('vip-');
    const tag2 = unique('b2b-');
    await createRecord(api, 'res.partner.category', { name: tag1 });
    await createRecord(api, 'res.partner.category', { name: tag2 });
    const partnerId = await createRecord(api, 'res.partner', { name: 'Azure Interior', ref, email: 'azure@example.com', category_id: { mode: 'add', records: [{ name: tag1 }, { name: tag2 }] } });
    const codes = [unique('P'), unique('P')];
    const productIds = [
      await createRecord(api, 'product.product', { name: 'Desk', default_code: codes[0], list_price: 100 }),
      await createRecord(api, 'product.product', { name: 'Chair', default_code: codes[1], list_price: 20 }),
    ];
    const res = await createData(api, 'sale.order', {
      payload: {
        partner_id: { ref },
        client_order_ref: 'PO-1',
        date_order: '2026-03-01T10:00:00+07:00',
        order_line: [
          { product_id: { default_code: codes[0] }, product_uom_qty: 2, price_unit: 99.5 },
          { product_id: { default_code: codes[1] }, product_uom_qty: 3, price_unit: 0.1, name: 'Chair, grey' },
        ],
      },
      result_field: ['name', 'partner_id', 'amount_total', 'order_line', 'state'],
    });
    assert.equal(res.body.result.is_success, true, JSON.stringify(res.body));
    assert.equal(res.body.result.messages, 'Record created successfully');
    const result = res.body.result.result;
    assert.match(result.name, /^S\d{5}$/);
    assert.deepEqual(result.partner_id, [partnerId, 'Azure Interior']);
    assert.equal(result.amount_total, 199.3);
    assert.equal(result.state, 'draft');
    assert.equal(result.order_line.length, 2);

    const order = await readBack('sale.order', result.id);
    assert.equal(order?.partner_id, partnerId);
    assert.equal(order?.company_id, 1);
    assert.equal(order?.date_order, '2026-03-01 03:00:00');
    assert.equal(order?.client_order_ref, 'PO-1');
    const lines = await Promise.all((order?.order_line as number[]).map((id) => readBack('sale.order.line', id)));
    assert.deepEqual(
      lines.map((l) => [l?.product_id, l?.product_uom_qty, l?.price_unit, l?.price_subtotal, l?.order_id, l?.company_id]),
      [
        [productIds[0], 2, 99.5, 199, result.id, 1],
        [productIds[1], 3, 0.1, 0.3, result.id, 1],
      ],
    );
    const partner = await readBack('res.partner', partnerId);
    assert.equal((partner?.category_id as number[]).length, 2);
  });

  test('defaults fill what the payload leaves out, and sequences number orders', async () => {
    const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
    const first = await createData(api, 'sale.order', { payload: { partner_id: partnerId }, result_field: ['name', 'state', 'date_order'] });
    const second = await createData(api, 'sale.order', { payload: { partner_id: { id: partnerId } }, result_field: ['name'] });
    const n1 = Number(first.body.result.result.name.slice(1));
    const n2 = Number(second.body.result.result.name.slice(1));
    assert.equal(n2, n1 + 1);
    assert.equal(first.body.result.result.state, 'draft');
    assert.match(first.body.result.result.date_order, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const product = await createData(api, 'product.product', { payload: { name: unique('prod') }, result_field: ['type', 'active', 'default_code'] });
    assert.deepEqual(
      { type: product.body.result.result.type, active: product.body.result.result.active, code: product.body.result.result.default_code },
      { type: 'consu', active: true, code: false },
    );
  });

  test('one2many lines nest to any depth and each level is linked to its parent', async () => {
    const res = await createData(api, 'res.partner', {
      payload: {
        name: 'Holding',
        is_company: true,
        child_ids: [{ name: 'Branch', child_ids: [{ name: 'Office', child_ids: [{ name: 'Desk clerk', function: 'Clerk' }] }] }],
      },
    });
    const top = res.body.result.result.id;
    const holding = await readBack('res.partner', top);
    const [branchId] = holding?.child_ids as number[];
    const branch = await readBack('res.partner', branchId!);
    assert.equal(branch?.parent_id, top);
    const [officeId] = branch?.child_ids as number[];
    const office = await readBack('res.partner', officeId!);
    const [clerkId] = office?.child_ids as number[];
    const clerk = await readBack('res.partner', clerkId!);
    assert.deepEqual([office?.parent_id, clerk?.parent_id, clerk?.function], [branchId, officeId, 'Clerk']);
  });

  test('many2many accepts replace with an empty list, ids and lookups', async () => {
    const tag = unique('tag-');
    const tagId = await createRecord(api, 'res.partner.category', { name: tag });
    const none = await createData(api, 'res.partner', { payload: { name: 'No tags', category_id: { mode: 'replace', records: [] } }, result_field: ['category_id'] });
    assert.deepEqual(none.body.result.result.category_id, []);
    const some = await createData(api, 'res.partner', { payload: { name: 'Tagged', category_id: [{ id: tagId }, tagId, { name: tag }] }, result_field: ['category_id'] });
    assert.deepEqual(some.body.result.result.category_id, [tagId]);
  });

  test('a many2one can be cleared with null or false', async () => {
    const res = await createData(api, 'res.partner', { payload: { name: 'Orphan', parent_id: null, email: false }, result_field: ['parent_id', 'email'] });
    assert.deepEqual([res.body.result.result.parent_id, res.body.result.result.email], [false, false]);
  });

  test('auto_create makes a missing related record with the lookup value, at any level', async () => {
    const code = unique('NEW-');
    const ref = unique('AC');
    const tag = unique('auto-');
    const res = await createData(api, 'sale.order', {
      payload: {
        partner_id: { ref },
        order_line: [
          { product_id: { default_code: code }, price_unit: 5 },
          { product_id: { default_code: code }, price_unit: 6 },
        ],
      },
      auto_create: {
        partner_id: { name: 'Auto partner', category_id: [{ name: tag }] },
        product_id: { name: 'Auto product', list_price: 5 },
        category_id: [{ color: 3 }],
      },
      result_field: ['partner_id', 'order_line', 'amount_total'],
    });
    assert.equal(res.body.result.is_success, true, JSON.stringify(res.body));
    const [partnerId, partnerName] = res.body.result.result.partner_id;
    assert.equal(partnerName, 'Auto partner');
    const partner = await readBack('res.partner', partnerId);
    assert.equal(partner?.ref, ref);
    const [tagId] = partner?.category_id as number[];
    assert.deepEqual(await readBack('res.partner.category', tagId!).then((t) => [t?.name, t?.color]), [tag, 3]);
    const lines = await Promise.all((res.body.result.result.order_line as number[]).map((id) => readBack('sale.order.line', id)));
    assert.equal(lines[0]?.product_id, lines[1]?.product_id, 'one product is created for one missing value');
    const product = await readBack('product.product', lines[0]?.product_id as number);
    assert.deepEqual([product?.default_code, product?.name, product?.company_id], [code, 'Auto product', 1]);
    // The next lookup of the same value finds the created record instead of creating another.
    const again = await createData(api, 'sale.order', { payload: { partner_id: { ref } }, result_field: ['partner_id'] });
    assert.equal(again.body.result.result.partner_id[0], partnerId);
  });

  test('result_field returns extra fields with the id, rendered as search_data renders them', async () => {
    const res = await createData(api, 'res.partner', {
      payload: { name: 'Rendered', credit_limit: 12.5, is_company: true },
      result_field: ['display_name', 'credit_limit', 'is_company', 'company_id', 'phone', 'child_ids', 'create_date'],
    });
    const r = res.body.result.result;
    assert.deepEqual(
      { display_name: r.display_name, credit_limit: r.credit_limit, is_company: r.is_company, company_id: r.company_id, phone: r.phone, child_ids: r.child_ids },
      { display_name: 'Rendered', credit_limit: 12.5, is_company: true, company_id: [1, 'My Company'], phone: false, child_ids: [] },
    );
    assert.match(r.create_date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  test('a company named by lookup scopes the record and its lookups', async () => {
    const ref = unique('CO');
    await createRecord(api, 'res.partner', { name: 'Client', ref });
    const res = await createData(api, 'sale.order', { payload: { company_id: { name: 'My Company' }, partner_id: { ref } }, result_field: ['company_id'] });
    assert.deepEqual(res.body.result.result.company_id, [1, 'My Company']);
    assertFailure(await createData(api, 'sale.order', { payload: { company_id: { name: 'No Such Co' }, partner_id: { ref } } }), 'NOT_FOUND', "'company_id': 'No Such Co' found no match.");
  });

  test('the JSON-RPC id is echoed', async () => {
    const res = await createData(api, 'res.partner', { payload: { name: 'Echo' } }, { id: 'abc-7' });
    assert.equal(res.body.id, 'abc-7');
    assert.equal(res.body.jsonrpc, '2.0');
  });
});

describe('create_data: failures are reported with their code and leave nothing behind', () => {
  const cases: [string, string, Record<string, unknown>, string, string | RegExp][] = [
    ['a lookup that finds nothing', 'sale.order', { payload: { partner_id: { ref: 'NOBODY-x' } } }, 'NOT_FOUND', "'partner_id': 'NOBODY-x' found no match."],
    ['a company that does not exist, by id', 'res.partner', { payload: { name: 'x', company_id: 424242 } }, 'NOT_FOUND', "'company_id': '424242' found no match."],
    ["an attachment's owner, set by hand", 'ir.attachment', { payload: { name: 'a.txt', res_model: 'res.partner', res_id: 1 } }, 'READONLY', "'res_model'"],
    ['file contents asked as a result field', 'ir.attachment', { payload: { name: 'a.txt' }, result_field: ['datas'] }, 'INVALID_VALUE', 'returned by search_data only'],
    ['a lookup by an empty unique value', 'sale.order', { payload: { partner_id: { ref: '' } } }, 'INVALID_VALUE', "Cannot look up 'partner_id' by an empty 'ref'"],
    ['a lookup by a field that is not indexed', 'sale.order', { payload: { partner_id: { phone: '555' } } }, 'NOT_INDEXED', /not indexed.*use one of: id, name, email, ref/],
    ['an unknown field', 'res.partner', { payload: { name: 'x', nmae: 'typo' } }, 'UNKNOWN_FIELD', "Field 'nmae' does not exist on model 'res.partner'"],
    ['an unknown lookup field', 'sale.order', { payload: { partner_id: { nope: 1 } } }, 'UNKNOWN_FIELD', "Field 'nope' does not exist"],
    ['a value of the wrong type', 'res.partner', { payload: { name: 'x', credit_limit: 'a lot' } }, 'INVALID_VALUE', "Invalid value for 'credit_limit'"],
    ['a date that does not exist', 'account.move', { payload: { invoice_date: '2026-02-30' } }, 'INVALID_VALUE', "Invalid value for 'invoice_date'"],
    ['a selection key that is not declared', 'product.product', { payload: { name: 'x', type: 'gadget' } }, 'INVALID_VALUE', "'consu', 'service', 'product'"],
    ['a missing required field', 'sale.order', { payload: { client_order_ref: 'x' } }, 'REQUIRED', "Field 'partner_id' of 'sale.order' is required"],
    ['a required field of a line', 'sale.order', { payload: { partner_id: 1, order_line: [{ price_unit: 1 }] } }, 'REQUIRED', "Field 'product_id' of 'sale.order.line' is required"],
    ['a computed field', 'sale.order', { payload: { partner_id: 1, amount_total: 5 } }, 'READONLY', "'amount_total'"],
    ['a bad many2many mode', 'res.partner', { payload: { name: 'x', category_id: { mode: 'merge', records: [] } } }, 'INVALID_MODE', "'mode' must be 'add' or 'replace'"],
    ['an unknown model', 'res.nothing', { payload: { name: 'x' } }, 'UNKNOWN_MODEL', "Model 'res.nothing' does not exist"],
    ['a payload that is not an object', 'res.partner', { payload: ['x'] }, 'INVALID_VALUE', "'payload'"],
    ['an unknown result_field', 'res.partner', { payload: { name: 'x' }, result_field: ['nope'] }, 'UNKNOWN_FIELD', "'nope'"],
    ['an auto_create of a field that is not relational', 'res.partner', { payload: { name: 'x' }, auto_create: { name: {} } }, 'UNKNOWN_FIELD', "'auto_create'"],
    ['an indexed value longer than an index holds', 'res.partner', { payload: { name: 'n'.repeat(1001) } }, 'INVALID_VALUE', 'longer than the 1000 bytes'],
    ['a number beyond what can be stored', 'res.partner', { payload: { name: 'x', credit_limit: 1e300 } }, 'INVALID_VALUE', "'credit_limit'"],
    ['a record larger than 400 KB', 'sale.order', { payload: { partner_id: 1, note: 'x'.repeat(450_000) } }, 'LIMIT_EXCEEDED', 'more than the 400 KB'],
  ];
  for (const [what, model, vals, code, phrase] of cases) {
    test(`${what}: ${code}`, async () => {
      const before = await snapshot();
      assertFailure(await createData(api, model, vals), code, phrase);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('a lookup matching several records is AMBIGUOUS and never rescued by auto_create', async () => {
    const name = unique('Twin ');
    await createRecord(api, 'res.partner', { name });
    await createRecord(api, 'res.partner', { name });
    const before = await snapshot();
    const res = await createData(api, 'sale.order', { payload: { partner_id: { name } }, auto_create: { partner_id: { email: 'x@example.com' } } });
    assertFailure(res, 'AMBIGUOUS', `'${name}' matched more than 1 record`);
    assert.deepEqual(await snapshot(), before);
  });

  test('a many2many failure names every value that did not match', async () => {
    const tag = unique('real-');
    await createRecord(api, 'res.partner.category', { name: tag });
    const res = await createData(api, 'res.partner', { payload: { name: 'x', category_id: { records: [{ name: tag }, { name: 'ghost-1' }, { name: 'ghost-2' }] } } });
    assertFailure(res, 'NOT_FOUND', "'category_id': 'ghost-1', 'ghost-2' found no match.");
  });

  test('a product looked up on the last of many lines fails the whole order', async () => {
    const code = unique('P');
    await createRecord(api, 'product.product', { name: 'Real', default_code: code });
    const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
    const lines = Array.from({ length: 30 }, () => ({ product_id: { default_code: code }, price_unit: 1 }));
    lines.push({ product_id: { default_code: 'MISSING-CODE' }, price_unit: 1 });
    const before = await snapshot();
    const res = await createData(api, 'sale.order', { payload: { partner_id: partnerId, order_line: lines } });
    assertFailure(res, 'NOT_FOUND', "'product_id': 'MISSING-CODE' found no match.");
    assert.equal(res.body.result.error.details.path, 'order_line[30].product_id');
    assert.deepEqual(await snapshot(), before);
  });

  test('archived records are not found by lookups, also by id', async () => {
    const code = unique('OLD');
    const id = await createRecord(api, 'product.product', { name: 'Old', default_code: code, active: false });
    const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
    for (const product_id of [{ default_code: code }, { id }, id]) {
      const res = await createData(api, 'sale.order', { payload: { partner_id: partnerId, order_line: [{ product_id }] } });
      assertFailure(res, 'NOT_FOUND', 'found no match.');
    }
  });

  test('a unique value taken in the company is DUPLICATE', async () => {
    const ref = unique('DUP');
    await createRecord(api, 'res.partner', { name: 'First', ref });
    const before = await snapshot();
    const res = await createData(api, 'res.partner', { payload: { name: 'Second', ref, child_ids: [{ name: 'child' }] } });
    assertFailure(res, 'DUPLICATE', `'ref': '${ref}' already exists in 'res.partner'`);
    assert.deepEqual(await snapshot(), before);
  });
});

describe('create_data: protocol errors', () => {
  const bodies: [string, string, number, string][] = [
    ['malformed JSON', '{"params": {"model": ', 400, 'PARSE_ERROR'],
    ['a body that is not an object', '[1, 2]', 400, 'INVALID_REQUEST'],
    ['missing params', '{"jsonrpc": "2.0", "id": 1}', 400, 'INVALID_REQUEST'],
    ['missing model', '{"params": {"vals": {"payload": {}}}}', 400, 'INVALID_REQUEST'],
    ['missing vals', '{"params": {"model": "res.partner"}}', 400, 'INVALID_REQUEST'],
    ['vals not an object', '{"params": {"model": "res.partner", "vals": "name=x"}}', 400, 'INVALID_REQUEST'],
    ['absurd nesting', `{"params": {"model": "res.partner", "vals": {"payload": {"name": ${'['.repeat(100000)}${']'.repeat(100000)}}}}}`, 400, 'NESTING_TOO_DEEP'],
    ['an empty body', '', 400, 'INVALID_REQUEST'],
  ];
  for (const [what, body, status, code] of bodies) {
    test(`${what}: HTTP ${status} ${code}, nothing written, and the server keeps serving`, async () => {
      const before = await snapshot();
      const res = await api.post('/api/create_data', body, { authorization: `Bearer ${api.key}` });
      assert.equal(res.status, status);
      assert.equal(res.body.jsonrpc, '2.0');
      assert.equal(res.body.error.data.code, code);
      assert.equal(typeof res.body.error.message, 'string');
      assert.ok(!JSON.stringify(res.body).includes('    at '), 'no stack trace');
      assert.deepEqual(await snapshot(), before);
      const ok = await createData(api, 'res.partner', { payload: { name: 'Still here' } });
      assert.equal(ok.body.result.is_success, true);
    });
  }

  test('a body over 6 MB is refused with 413', async () => {
    const res = await api.post('/api/create_data', JSON.stringify({ params: { model: 'res.partner', vals: { payload: { name: 'x'.repeat(6.5 * 1024 * 1024) } } } }), {
      authorization: `Bearer ${api.key}`,
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.data.code, 'BODY_TOO_LARGE');
  });

  test("an auto-created record's lines count toward the lines of the request", async () => {
    const before = await snapshot();
    const res = await createData(api, 'res.partner', {
      payload: { name: 'Big', parent_id: { ref: unique('NEW') }, child_ids: Array.from({ length: 4999 }, (_, i) => ({ name: `c${i}` })) },
      auto_create: { parent_id: { name: 'Parent', child_ids: [{ name: 'a' }, { name: 'b' }] } },
    });
    assertFailure(res, 'LIMIT_EXCEEDED', 'auto-created');
    assert.deepEqual(await snapshot(), before);
  });

  test('lines nested deeper than the limit are LIMIT_EXCEEDED, eight levels are fine', async () => {
    const nest = (depth: number): Record<string, unknown> => (depth === 0 ? { name: 'leaf' } : { name: `level ${depth}`, child_ids: [nest(depth - 1)] });
    const eight = await createData(api, 'res.partner', { payload: nest(8) });
    assert.equal(eight.body.result.is_success, true, JSON.stringify(eight.body));
    assertFailure(await createData(api, 'res.partner', { payload: nest(20) }), 'LIMIT_EXCEEDED', 'nested deeper');
  });

  test('a request without credentials is 401 with the original message', async () => {
    const res = await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: null });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, 'User not authenticated, use the "Authorization" header');
    assert.equal(res.body.error.data.code, 'UNAUTHENTICATED');
  });

  test('an unknown key is 401 Invalid apikey, by Bearer or x-api-key', async () => {
    const bearer = await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: 'whk_wrong' });
    const header = await createData(api, 'res.partner', { payload: { name: 'x' } }, { key: null, headers: { 'x-api-key': 'whk_wrong' } });
    for (const res of [bearer, header]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.error.message, 'Invalid apikey');
    }
    const good = await createData(api, 'res.partner', { payload: { name: 'by x-api-key' } }, { key: null, headers: { 'x-api-key': api.key } });
    assert.equal(good.body.result.is_success, true);
  });
});
