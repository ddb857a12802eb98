/**
 * planRecords: the records a resolved request writes. Payloads are read and resolved against a
 * store faked in memory (test/support/resolve.ts), then built into a write plan, whose ops are
 * what the store would write.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessFor } from '../../shared/auth/access';
import { catalogue, type StoredValues } from '../../shared/catalogue';
import { attachmentKey } from '../../shared/files';
import { WritePlan, type RecordOp, type RecordState } from '../../shared/plan';
import { Resolution, planRecords, readPayload, type Pending } from '../../shared/resolver';
import { NOW, state } from '../support/plan';
import { resolveFrom, type Stored } from '../support/resolve';

/** The request's clock, as planRecords gets it. */
const CLOCK = new Date('2026-03-04T05:06:07Z');

const STORED: Stored[] = [
  { model: 'res.partner', id: 5, company: 1, values: { ref: 'HQ' } },
  { model: 'res.partner', id: 7, company: null, values: { ref: 'C1' } },
  { model: 'product.product', id: 8, company: null, values: { default_code: 'P1' } },
  { model: 'res.partner.category', id: 9, values: { name: 'A' } },
  { model: 'res.partner.category', id: 12, values: { name: 'B' } },
  { model: 'res.partner.category', id: 30, values: { name: 'C' } },
  { model: 'res.company', id: 2, values: { name: 'Two' } },
];

interface Request {
  model: string;
  payload: Record<string, unknown>;
  /** The stored record an update changes. */
  existing?: RecordState;
  autoCreate?: Record<string, unknown>;
}

/** Reads and resolves each request into one resolution (as update_data does with several records). */
async function resolved(...requests: Request[]): Promise<Resolution> {
  const res = new Resolution({
    catalogue,
    access: accessFor({ name: 'test', id: 'key:test', companyId: 1, allowedCompanyIds: [1, 2] }, []),
    autoCreate: Object.assign({}, ...requests.map((r) => r.autoCreate ?? {})),
  });
  for (const { model, payload, existing } of requests) {
    const node = readPayload(catalogue.get(model)!, payload, { catalogue, mode: existing ? 'update' : 'create' });
    res.add(node, { existing: existing ?? null });
  }
  await resolveFrom(res, STORED);
  return res;
}

/** The plan built from `pending` (every record of the resolution unless told) and the bytes to upload. */
function build(res: Resolution, pending: readonly Pending[] = res.pending) {
  const plan = new WritePlan(catalogue, NOW);
  const blobs = planRecords(res, pending, plan, catalogue, CLOCK);
  return { ops: plan.list(), blobs };
}

/** The values of the record of `model` with `id` that the plan creates. */
function createdValues(ops: RecordOp[], model: string, id: number): StoredValues {
  const op = ops.find((o) => o.model.name === model && o.id === id);
  assert.equal(op?.kind, 'create', `${model},${id} is created`);
  return op.values;
}

const pick = (values: StoredValues, fields: string[]) => Object.fromEntries(fields.map((f) => [f, values[f]]));

test('a new record gets the defaults under its payload values, a computed default from the request clock, its sequence number and its company', async () => {
  const res = await resolved({ model: 'sale.order', payload: { partner_id: { ref: 'C1' }, state: 'sale', order_line: [{ product_id: 8 }] } });
  const { ops } = build(res);
  assert.deepEqual(ops.map((o) => [o.kind, o.model.name, o.id]), [
    ['create', 'sale.order', 100],
    ['create', 'sale.order.line', 101],
  ]);
  const order = createdValues(ops, 'sale.order', 100);
  assert.deepEqual(pick(order, ['name', 'partner_id', 'state', 'date_order', 'company_id', 'order_line']), {
    name: 'S00001',
    partner_id: 7,
    state: 'sale',
    date_order: '2026-03-04 05:06:07',
    company_id: 1,
    order_line: [101],
  });
  // A line: its own defaults, its order in the inverse field, the order's company.
  assert.deepEqual(pick(createdValues(ops, 'sale.order.line', 101), ['order_id', 'product_id', 'product_uom_qty', 'company_id']), {
    order_id: 100,
    product_id: 8,
    product_uom_qty: 1,
    company_id: 1,
  });
});

test('a field numbered by a sequence takes its number when the payload sends null or false for it, and keeps a name it is given', async () => {
  const res = await resolved(
    { model: 'sale.order', payload: { partner_id: 7, name: null } },
    { model: 'sale.order', payload: { partner_id: 7, name: false } },
    { model: 'sale.order', payload: { partner_id: 7, name: 'WEB-1' } },
  );
  const { ops } = build(res);
  assert.deepEqual(ops.map((o) => (o.kind === 'create' ? o.values.name : null)), ['S00001', 'S00002', 'WEB-1']);
});

test('the defaults a payload leaves alone are written, and a model without companies gets no company_id', async () => {
  const res = await resolved({ model: 'res.partner', payload: { name: 'Acme' } }, { model: 'res.partner.category', payload: { name: 'VIP' } });
  const { ops } = build(res);
  assert.deepEqual(pick(createdValues(ops, 'res.partner', 100), ['name', 'is_company', 'active', 'company_id', 'parent_id', 'category_id']), {
    name: 'Acme',
    is_company: false,
    active: true,
    company_id: 1,
    parent_id: null,
    category_id: [],
  });
  const tag = createdValues(ops, 'res.partner.category', 101);
  assert.deepEqual(pick(tag, ['name', 'color', 'active']), { name: 'VIP', color: null, active: true });
  assert.equal(Object.hasOwn(tag, 'company_id'), false);
});

test('a new record holds the ids its lookups found: a many2one, a cleared one, and a many2many once each, in id order', async () => {
  const res = await resolved({
    model: 'res.partner',
    payload: { name: 'x', parent_id: false, category_id: [{ name: 'B' }, { name: 'A' }, { name: 'B' }, 30] },
  });
  assert.deepEqual(pick(createdValues(build(res).ops, 'res.partner', 100), ['parent_id', 'category_id']), { parent_id: null, category_id: [9, 12, 30] });
});

test('a stored record gets the changes of its payload: values, lookups, its company, many2many added to or replaced', async () => {
  const existing = state('res.partner', 40, { name: 'Old', phone: '1', parent_id: 5, company_id: 1, category_id: [12] });
  const res = await resolved({
    model: 'res.partner',
    existing,
    payload: { name: 'New', parent_id: { ref: 'C1' }, company_id: { name: 'Two' }, category_id: { mode: 'add', records: [{ name: 'C' }, { name: 'A' }, { name: 'B' }] } },
  });
  const { ops, blobs } = build(res);
  // The old and the new parent are told (their child_ids); nothing else is written.
  assert.deepEqual(ops.map((o) => [o.kind, o.model.name, o.id]), [
    ['update', 'res.partner', 40],
    ['update', 'res.partner', 5],
    ['update', 'res.partner', 7],
  ]);
  const op = ops[0]!;
  assert.ok(op.kind === 'update');
  // `add` links only the ids not linked yet, and leaves the rest of the list alone.
  assert.deepEqual({ ...op.set, write_date: undefined }, { name: 'New', parent_id: 7, company_id: 2, write_date: undefined });
  assert.deepEqual(op.link, { category_id: [9, 30] });
  assert.deepEqual(op.unlink, {});
  assert.deepEqual(blobs, []);

  const replacing = await resolved({
    model: 'res.partner',
    existing,
    payload: { parent_id: null, category_id: [{ name: 'C' }, { name: 'B' }, { name: 'C' }] },
  });
  const replaced = build(replacing).ops[0]!;
  assert.ok(replaced.kind === 'update');
  assert.deepEqual({ ...replaced.set, write_date: undefined }, { parent_id: null, category_id: [12, 30], write_date: undefined });
  assert.deepEqual(replaced.link, {});
});

test('records written by an earlier transaction of the request are not planned again', async () => {
  const res = await resolved({ model: 'sale.order', payload: { partner_id: { ref: 'NEW' } }, autoCreate: { partner_id: { name: 'New customer' } } });
  const made = res.pending.find((p) => p.autoCreated)!;
  // Auto-created records committed first (rollback_except off): the family alone, then the rest.
  const first = build(res, res.familyOf(made)).ops;
  assert.deepEqual(first.map((o) => [o.kind, o.model.name, o.id]), [['create', 'res.partner', 101]]);
  assert.deepEqual(pick(createdValues(first, 'res.partner', 101), ['name', 'ref', 'company_id']), { name: 'New customer', ref: 'NEW', company_id: 1 });
  made.committed = true;
  const rest = build(res).ops;
  assert.deepEqual(rest.map((o) => [o.kind, o.model.name, o.id]), [['create', 'sale.order', 100]]);
  assert.equal(createdValues(rest, 'sale.order', 100).partner_id, 101);
});

test('each attachment becomes an ir.attachment of its record, in the record\'s company, with its bytes to upload', async () => {
  const file = (name: string, text: string, mimetype?: string) => ({ name, datas: Buffer.from(text).toString('base64'), ...(mimetype ? { mimetype } : {}) });
  const res = await resolved(
    { model: 'res.partner', payload: { name: 'x', company_id: { name: 'Two' }, attachment_ids: [file('a.txt', 'alpha'), file('b.bin', 'beta!', 'image/png')] } },
    { model: 'res.partner', existing: state('res.partner', 40, { name: 'Old', company_id: null }), payload: { attachment_ids: [file('c.csv', 'x,y')] } },
  );
  // Ids: the new partner 100, its attachments 101 and 102, the stored partner's 103.
  const { ops, blobs } = build(res);
  assert.deepEqual(blobs, [
    { key: attachmentKey(101), bytes: Buffer.from('alpha'), contentType: 'text/plain' },
    { key: attachmentKey(102), bytes: Buffer.from('beta!'), contentType: 'image/png' },
    { key: attachmentKey(103), bytes: Buffer.from('x,y'), contentType: 'text/csv' },
  ]);
  const attachment = (id: number) =>
    pick(createdValues(ops, 'ir.attachment', id), ['name', 'mimetype', 'file_size', 'checksum', 'res_model', 'res_id', 'company_id', 'datas']);
  assert.deepEqual(attachment(101), {
    name: 'a.txt',
    mimetype: 'text/plain',
    file_size: 5,
    checksum: '8ed3f6ad685b959ead7022518e1af76cd816f8e8ec7ccdda1ed4018e8f2223f8',
    res_model: 'res.partner',
    res_id: 100,
    company_id: 2,
    datas: attachmentKey(101),
  });
  assert.deepEqual(attachment(103), {
    name: 'c.csv',
    mimetype: 'text/csv',
    file_size: 3,
    checksum: '968e772cf168b7f17f3fbd00e6e1c8b4afb8db2f0c1548d9928f3c3d7a758a75',
    res_model: 'res.partner',
    res_id: 40,
    company_id: null,
    datas: attachmentKey(103),
  });
  const owner = ops.find((o) => o.model.name === 'res.partner' && o.id === 100);
  assert.ok(owner?.kind === 'create');
  assert.deepEqual(owner.attachments, [101, 102]);
});
