import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { useTestApi } from '../support/api';
import { readBack, snapshot, unique } from '../support/records';
import { assertFailure, createRecord, ok, outcome } from '../support/rpc';
import { getFile } from '../../shared/files';
import { catalogue, type StoredValues } from '../../shared/catalogue';
import { readRecords } from '../../shared/store';

const api = useTestApi();

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0xff, 0xfe]);

/** The attachments listed on a record, with their stored values. */
async function attachmentsOf(model: string, id: number): Promise<(StoredValues & { id: number })[]> {
  const owner = (await readRecords(catalogue.get(model)!, [id])).get(id);
  assert.ok(owner, `${model},${id} exists`);
  return Promise.all(owner.attachments.map(async (aid) => ({ ...(await readBack('ir.attachment', aid))!, id: aid })));
}

test('attachments at the top and in lines are stored in S3 and linked to exactly the record of their level', async () => {
  const code = unique('P');
  await createRecord(api, 'product.product', { name: 'Thing', default_code: code });
  const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
  const out = await ok(api, 'create_data', 'sale.order', {
    payload: {
      partner_id: partnerId,
      attachment_ids: [{ name: 'order.pdf', datas: b64(pdf) }],
      order_line: [
        { product_id: { default_code: code }, attachment_ids: [{ name: 'spec.txt', datas: b64('line one'), mimetype: 'text/x-spec' }] },
        { product_id: { default_code: code } },
        { product_id: { default_code: code }, attachment_ids: [{ name: 'photo', datas: b64('line three') }] },
      ],
    },
    result_field: ['order_line'],
  });
  const [top] = await attachmentsOf('sale.order', out.id);
  assert.deepEqual(
    [top?.name, top?.mimetype, top?.file_size, top?.checksum, top?.res_model, top?.res_id, top?.company_id],
    ['order.pdf', 'application/pdf', pdf.length, createHash('sha256').update(pdf).digest('hex'), 'sale.order', out.id, 1],
  );
  assert.deepEqual(await getFile(top?.datas as string), pdf);
  const [l1, l2, l3] = out.order_line as number[];
  const first = await attachmentsOf('sale.order.line', l1!);
  assert.deepEqual(first.map((a) => [a.name, a.mimetype, a.res_model, a.res_id]), [['spec.txt', 'text/x-spec', 'sale.order.line', l1]]);
  assert.equal((await getFile(first[0]!.datas as string)).toString(), 'line one');
  assert.deepEqual(await attachmentsOf('sale.order.line', l2!), []);
  const third = await attachmentsOf('sale.order.line', l3!);
  assert.deepEqual(third.map((a) => [a.name, a.mimetype, a.res_id]), [['photo', 'application/octet-stream', l3]]);
});

test("a replaced line's attachment is gone, record and bytes", async () => {
  const code = unique('P');
  await createRecord(api, 'product.product', { name: 'Thing', default_code: code });
  const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
  const orderId = await createRecord(api, 'sale.order', {
    partner_id: partnerId,
    order_line: [{ product_id: { default_code: code }, attachment_ids: [{ name: 'old.txt', datas: b64('old bytes') }] }],
  });
  const [lineId] = (await readBack('sale.order', orderId))?.order_line as number[];
  const [old] = await attachmentsOf('sale.order.line', lineId!);
  await ok(api, 'update_data', 'sale.order', {
    search_key: { id: orderId },
    payload: { order_line: [{ product_id: { default_code: code }, attachment_ids: [{ name: 'new.txt', datas: b64('new bytes') }] }], attachment_ids: [{ name: 'added.txt', datas: b64('added') }] },
  });
  assert.equal(await readBack('ir.attachment', old!.id), undefined);
  await assert.rejects(getFile(old!.datas as string), (e: Error) => e.name === 'NoSuchKey');
  const [newLine] = (await readBack('sale.order', orderId))?.order_line as number[];
  const [fresh] = await attachmentsOf('sale.order.line', newLine!);
  assert.equal((await getFile(fresh!.datas as string)).toString(), 'new bytes');
  const onOrder = await attachmentsOf('sale.order', orderId);
  assert.deepEqual(onOrder.map((a) => a.name), ['added.txt'], 'an update adds attachments to the record');
});

test('invalid base64, or a missing name or datas, is refused before anything is written', async () => {
  const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
  const before = await snapshot();
  for (const attachment of [{ name: 'a.pdf', datas: 'this is not base64!' }, { datas: b64('x') }, { name: 'a.pdf' }, { name: 'a.pdf', datas: 'QUJD=' }]) {
    const out = await outcome(api, 'create_data', 'sale.order', { payload: { partner_id: partnerId, attachment_ids: [attachment] } });
    assertFailure(out, 'INVALID_ATTACHMENT');
  }
  assert.deepEqual(await snapshot(), before);
});

test('a file up to the body limit uploads: 4.3 MB of bytes, 5.7 MB of base64', async () => {
  const bytes = Buffer.alloc(4_300_000, 7);
  bytes.write('%PDF-1.4', 0);
  const id = await createRecord(api, 'res.partner', { name: unique('big'), attachment_ids: [{ name: 'big.pdf', datas: bytes.toString('base64') }] });
  const [stored] = await attachmentsOf('res.partner', id);
  assert.equal(stored?.file_size, bytes.length);
  assert.equal(stored?.checksum, createHash('sha256').update(bytes).digest('hex'));
  assert.ok((await getFile(String(stored?.datas))).equals(bytes));
});

test('a mimetype S3 cannot carry, or a name longer than its index holds, is refused before anything is written', async () => {
  const partnerId = await createRecord(api, 'res.partner', { name: unique('p') });
  const before = await snapshot();
  const cases: [Record<string, unknown>, string][] = [
    [{ name: 'a.pdf', datas: b64('x'), mimetype: 'application/pdf\r\nX-Injected: 1' }, "'mimetype' must be text of at most 255 printable ASCII characters"],
    [{ name: 'a.pdf', datas: b64('x'), mimetype: 'text/plain\u0000' }, "'mimetype'"],
    [{ name: 'a.pdf', datas: b64('x'), mimetype: 'applicatión/pdf' }, "'mimetype'"],
    [{ name: 'a.pdf', datas: b64('x'), mimetype: `text/${'x'.repeat(300)}` }, "'mimetype'"],
    [{ name: 'n'.repeat(5000), datas: b64('x') }, "'name' is longer than the 1000 bytes an indexed field holds"],
    [{ name: 'n'.repeat(1001), datas: b64('x') }, "'name' is longer than the 1000 bytes"],
    [{ name: 'é'.repeat(501), datas: b64('x') }, "'name' is longer than the 1000 bytes"],
  ];
  for (const [attachment, phrase] of cases) {
    const out = await outcome(api, 'update_data', 'res.partner', { search_key: { id: partnerId }, payload: { attachment_ids: [attachment] } });
    assertFailure(out, 'INVALID_ATTACHMENT', phrase);
  }
  assert.deepEqual(await snapshot(), before);
  const longest = await ok(api, 'update_data', 'res.partner', {
    search_key: { id: partnerId },
    payload: { attachment_ids: [{ name: 'n'.repeat(1000), datas: b64('x'), mimetype: 'text/plain; charset=utf-8' }] },
  });
  assert.equal(longest.id, partnerId);
  const [stored] = await attachmentsOf('res.partner', partnerId);
  assert.deepEqual([stored?.name, stored?.mimetype], ['n'.repeat(1000), 'text/plain; charset=utf-8']);
});
