import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { useTestApi } from '../support/api';
import { allLogs, latestLog } from '../support/logs';
import { counters, readBack, snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome, type Vals } from '../support/rpc';
import { getConfig } from '../../shared/config';
import { s3 } from '../../shared/files';

let partnerId: number;
let productCode: string;
const api = useTestApi(async () => {
  partnerId = await createRecord(api, 'res.partner', { name: 'Customer', ref: unique('C') });
  productCode = unique('P');
  await createRecord(api, 'product.product', { name: 'Desk', default_code: productCode, list_price: 10 });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Attachment bytes in this file's bucket. */
async function files(): Promise<string[]> {
  const res = await s3.send(new ListObjectsV2Command({ Bucket: getConfig().filesBucket, Prefix: 'attachments/' }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}

/** Everything a write could leave behind: records, index entries, guards, counters, attachment bytes. */
async function everything() {
  return { records: await snapshot(), counters: await counters(), files: await files() };
}

/** Runs a dry run of the call, checks that it left everything as it was, and returns its outcome. */
async function dryRun(route: string, model: string, vals: Vals): Promise<any> {
  const before = await everything();
  const out = await outcome(api, route, model, { ...vals, dry_run: true });
  assert.deepEqual(await everything(), before, 'a dry run writes nothing, reserves nothing, uploads nothing');
  return out;
}

/** A dry run that passed its checks: the message and `result.dry_run`. */
function assertWould(out: any): any {
  assert.equal(out.is_success, true, JSON.stringify(out));
  assert.equal(out.messages, 'Dry run: nothing written');
  assert.equal(out.result.dry_run, true);
  return out.result.would;
}

/** The failure of a call, without what differs between two calls (the request id). */
const failure = (out: any) => ({ is_success: out.is_success, messages: out.messages, error: out.error });

describe('dry run of create_data', () => {
  test('an order with lines, an auto-created partner and attachments counts what it would write, and the next real create gets the next ids', async () => {
    const previous = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: partnerId }, result_field: ['name'] });
    const ref = unique('NEW');
    const tag = unique('tag');
    await createRecord(api, 'res.partner.category', { name: tag });
    const vals = {
      payload: {
        partner_id: { ref },
        attachment_ids: [{ name: 'order.pdf', datas: b64('%PDF-1.4') }],
        order_line: [
          { product_id: { default_code: productCode }, product_uom_qty: 2, attachment_ids: [{ name: 'spec.txt', datas: b64('spec') }] },
          { product_id: { default_code: productCode }, product_uom_qty: 3 },
        ],
      },
      auto_create: { partner_id: { name: 'New customer', category_id: [{ name: tag }] } },
      result_field: ['name'],
    };
    const would = assertWould(await dryRun('create_data', 'sale.order', vals));
    assert.deepEqual(would.create, { 'res.partner': 1, 'sale.order': 1, 'sale.order.line': 2, 'ir.attachment': 2 });
    assert.deepEqual(would.update, {});
    assert.deepEqual(would.delete, {});
    assert.equal(would.auto_create.length, 1);
    const [auto] = would.auto_create;
    assert.equal(auto.model, 'res.partner');
    assert.deepEqual(
      { ...auto.values, category_id: auto.values.category_id.length },
      { id: auto.values.id, name: 'New customer', ref, company_id: 1, category_id: 1, is_company: false, active: true },
    );

    const real = await ok(api, 'create_data', 'sale.order', vals);
    assert.equal(real.id, previous.id + 1, 'the dry run consumed no order id');
    assert.equal(real.name, `S${String(Number(previous.name.slice(1)) + 1).padStart(5, '0')}`, 'nor a sequence number');
    const partner = await ok(api, 'update_data', 'res.partner', { search_key: { ref }, payload: {} });
    assert.equal(partner.id, auto.values.id, 'the id the dry run showed is the one the real call gave');
  });

  test('a failing lookup fails as the real call does, with the same message, and nothing is kept', async () => {
    const vals = {
      payload: { partner_id: { ref: unique('NEW') }, order_line: [{ product_id: { default_code: 'NO-SUCH-PRODUCT' } }] },
      auto_create: { partner_id: { name: 'Would be kept' } },
    };
    const dry = await dryRun('create_data', 'sale.order', vals);
    assertFailure(dry, 'NOT_FOUND', "'product_id': 'NO-SUCH-PRODUCT' found no match.");
    const before = await snapshot();
    const real = await outcome(api, 'create_data', 'sale.order', vals);
    assert.deepEqual(failure(dry), failure(real));
    assert.deepEqual(await snapshot(), before);
  });

  test('with rollback_except off, the records a failing request auto-creates are not kept by its dry run', async () => {
    await api.setParams({ rollback_except: 'false' });
    try {
      const ref = unique('KEPT');
      const vals = {
        payload: { partner_id: { ref }, order_line: [{ product_id: { default_code: 'NO-SUCH-PRODUCT' } }] },
        auto_create: { partner_id: { name: 'Kept by the real call only' } },
      };
      const dry = await dryRun('create_data', 'sale.order', vals);
      const real = await outcome(api, 'create_data', 'sale.order', vals);
      assert.deepEqual(failure(dry), failure(real));
      assert.equal((await ok(api, 'update_data', 'res.partner', { search_key: { ref }, payload: {}, result_field: ['name'] })).name, 'Kept by the real call only');
    } finally {
      await api.setParams({ rollback_except: 'true' });
    }
  });

  test('a unique value already taken is the DUPLICATE of the real call', async () => {
    const ref = unique('DUP');
    await createRecord(api, 'res.partner', { name: 'First', ref });
    const vals = { payload: { name: 'Second', ref } };
    const dry = await dryRun('create_data', 'res.partner', vals);
    assertFailure(dry, 'DUPLICATE', `'ref': '${ref}' already exists in 'res.partner'.`);
    assert.deepEqual(failure(dry), failure(await outcome(api, 'create_data', 'res.partner', vals)));
  });

  test('bad input fails before anything is read, as in the real call', async () => {
    const vals = { payload: { name: 5 } };
    assert.deepEqual(failure(await dryRun('create_data', 'res.partner', vals)), failure(await outcome(api, 'create_data', 'res.partner', vals)));
    assertFailure(await outcome(api, 'create_data', 'res.partner', { payload: { name: 'x' }, dry_run: 'yes' }), 'INVALID_VALUE', "'dry_run' must be true or false");
  });

  test('dry_run false (or null) is a real call', async () => {
    const out = await ok(api, 'create_data', 'res.partner', { payload: { name: 'Real' }, dry_run: false });
    assert.equal((await readBack('res.partner', out.id))?.name, 'Real');
    assert.ok((await ok(api, 'create_data', 'res.partner', { payload: { name: 'Real' }, dry_run: null })).id > out.id);
  });
});

describe('dry run of update_data', () => {
  test('replacing the lines of an order counts the deletes, and its attachments stay, records and bytes', async () => {
    const order = await ok(api, 'create_data', 'sale.order', {
      payload: {
        partner_id: partnerId,
        order_line: [
          { product_id: { default_code: productCode }, attachment_ids: [{ name: 'a.txt', datas: b64('a') }] },
          { product_id: { default_code: productCode } },
        ],
      },
    });
    const vals = {
      search_key: { id: order.id },
      payload: { note: 'changed', order_line: [{ product_id: { default_code: productCode }, product_uom_qty: 5, price_unit: 2 }] },
    };
    const would = assertWould(await dryRun('update_data', 'sale.order', vals));
    assert.deepEqual(would, {
      create: { 'sale.order.line': 1 },
      update: { 'sale.order': 1 },
      delete: { 'sale.order.line': 2, 'ir.attachment': 1 },
      auto_create: [],
    });
    await ok(api, 'update_data', 'sale.order', vals);
    assert.equal((await readBack('sale.order', order.id))?.amount_total, 10);
  });

  test('multi counts every record it would change', async () => {
    const email = `${unique()}@example.com`;
    for (let i = 0; i < 3; i++) await createRecord(api, 'res.partner', { name: `Same ${i}`, email });
    const would = assertWould(await dryRun('update_data', 'res.partner', { search_key: { email }, payload: { city: 'Paris' }, multi: true }));
    assert.deepEqual(would.update, { 'res.partner': 3 });
  });

  test('renaming to a unique value another record holds is the DUPLICATE of the real call; to a free one, an update', async () => {
    const [taken, mine] = [unique('R'), unique('R')];
    await createRecord(api, 'res.partner', { name: 'Holder', ref: taken });
    await createRecord(api, 'res.partner', { name: 'Mine', ref: mine });
    const vals = { search_key: { ref: mine }, payload: { ref: taken } };
    const dry = await dryRun('update_data', 'res.partner', vals);
    assertFailure(dry, 'DUPLICATE');
    assert.deepEqual(failure(dry), failure(await outcome(api, 'update_data', 'res.partner', vals)));
    const would = assertWould(await dryRun('update_data', 'res.partner', { search_key: { ref: mine }, payload: { ref: unique('R') } }));
    assert.deepEqual(would.update, { 'res.partner': 1 });
  });

  test('a search_key that finds nothing is NOT_FOUND, as in the real call', async () => {
    const vals = { search_key: { ref: unique('NONE') }, payload: { city: 'Paris' } };
    const dry = await dryRun('update_data', 'res.partner', vals);
    assertFailure(dry, 'NOT_FOUND');
    assert.deepEqual(failure(dry), failure(await outcome(api, 'update_data', 'res.partner', vals)));
  });
});

describe('dry run of create_update_data', () => {
  test('no match: it would create (its search_key claim is not written); one match: it would update', async () => {
    const email = `${unique()}@example.com`;
    const vals = { search_key: { email }, payload: { name: 'Upserted' } };
    assert.deepEqual(assertWould(await dryRun('create_update_data', 'res.partner', vals)).create, { 'res.partner': 1 });
    const created = await ok(api, 'create_update_data', 'res.partner', vals);
    assert.equal(created.created, true, 'the claim of the dry run did not stand in the way');
    const would = assertWould(await dryRun('create_update_data', 'res.partner', { ...vals, payload: { name: 'Renamed' } }));
    assert.deepEqual([would.create, would.update], [{}, { 'res.partner': 1 }]);
  });
});

describe('dry run of call_function', () => {
  const move = async () => {
    const id = await createRecord(api, 'account.move', {
      partner_id: partnerId,
      invoice_date: '2031-05-01',
      invoice_line_ids: [{ product_id: { default_code: productCode }, quantity: 1, price_unit: 100 }],
    });
    return id;
  };

  test("the method runs, its writes are counted, and the number it shows is the one the real call draws", async () => {
    const id = await move();
    const vals = { search_key: { id }, payload: { method: 'action_post' } };
    const would = assertWould(await dryRun('call_function', 'account.move', vals));
    assert.deepEqual(would.update, { 'account.move': 1 });
    assert.equal(would.method.name, 'action_post');
    assert.equal((await readBack('account.move', id))?.state, 'draft');
    const real = await ok(api, 'call_function', 'account.move', vals);
    assert.deepEqual(would.method.result, real);
    assert.match(real[0].name, /^INV\/2031\/\d{4}$/);
  });

  test("the method's own checks fail as in the real call", async () => {
    const id = await move();
    await ok(api, 'call_function', 'account.move', { search_key: { id }, payload: { method: 'action_post' } });
    const vals = { search_key: { id }, payload: { method: 'action_post' } };
    const dry = await dryRun('call_function', 'account.move', vals);
    assertFailure(dry, 'METHOD_FAILED', 'Only draft entries can be posted');
    assert.deepEqual(failure(dry), failure(await outcome(api, 'call_function', 'account.move', vals)));
  });

  test('several numbers drawn in one dry run are consecutive', async () => {
    const ids = [await move(), await move()];
    const would = assertWould(await dryRun('call_function', 'account.move', { search_key: { id: ids }, payload: { method: 'action_post' } }));
    const [a, b] = would.method.result.map((m: { name: string }) => Number(m.name.slice(-4)));
    assert.equal(b, a + 1);
  });
});

describe('dry runs in the API log', () => {
  test("are logged with state dry_run, whether they pass or fail, naming no record; a listing by state finds them", async () => {
    await dryRun('create_data', 'res.partner', { payload: { name: 'Logged' } });
    const passed = await latestLog();
    assert.deepEqual([passed.state, passed.error_code, passed.res_ids, passed.http_status], ['dry_run', null, [], 200]);
    await dryRun('create_data', 'res.partner', { payload: { name: 5 } });
    const failed = await latestLog();
    assert.deepEqual([failed.state, failed.error_code, failed.res_ids, failed.rolled_back], ['dry_run', 'INVALID_VALUE', [], undefined]);
    const listed = await allLogs({ state: 'dry_run' });
    assert.ok(listed.length >= 2 && listed.every((l) => l.state === 'dry_run'));
    assert.deepEqual(listed.slice(0, 2).map((l) => l.log_id), [failed.log_id, passed.log_id]);
    assert.ok(!(await allLogs({ state: 'failed' })).some((l) => l.log_id === failed.log_id));
  });
});
