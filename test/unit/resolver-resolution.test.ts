/**
 * The resolution's round protocol, driven by fake round results (test/support/resolution.ts): what
 * each round asks, and what the rounds make of the answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from '../../shared/auth/principal';
import { buildCatalogue, demoModels } from '../../shared/catalogue';
import { many2one } from '../../shared/catalogue/fields';
import { WebhookError } from '../../shared/envelope';
import { MAX_LINES, MAX_ROUNDS, resolveRounds } from '../../shared/resolver';
import { sequenceCounter } from '../../shared/store';
import { state } from '../support/plan';
import { PRINCIPAL, asked, created, creating, failsWith, fakeStore, newResolution, read, type Held } from '../support/resolution';

test('one round asks every lookup with the ids and sequence numbers, and resolves everything', async () => {
  const store = fakeStore([
    { model: 'res.partner', id: 7, company: 1, values: { ref: 'C1' } },
    { model: 'product.product', id: 8, company: null, values: { default_code: 'P1' } },
    { model: 'product.product', id: 9, company: 1, values: { default_code: 'P2' } },
  ]);
  const { res, root } = creating('sale.order', {
    partner_id: { ref: 'C1' },
    order_line: [{ product_id: { default_code: 'P1' } }, { product_id: { default_code: 'P2' } }, { product_id: { default_code: 'P1' } }],
  });
  await resolveRounds(res, store);
  assert.equal(store.rounds.length, 1);
  assert.deepEqual(asked(store.rounds[0]), {
    lookups: ['res.partner|ref|c1: C1', 'product.product|default_code|c1: P1, P2'],
    ids: { 'sale.order': 1, 'sale.order.line': 3 },
    sequences: { [sequenceCounter('sale.order', 1)]: 1 },
  });
  assert.equal(root.id, 100);
  const records = created(res);
  assert.deepEqual(
    records['sale.order']?.map((r) => [r.id, r.partner_id, r.name, r.company_id]),
    [[100, 7, 'S00001', 1]],
  );
  assert.deepEqual(
    records['sale.order.line']?.map((r) => [r.id, r.order_id, r.product_id, r.company_id]),
    [
      [101, 100, 8, 1],
      [102, 100, 9, 1],
      [103, 100, 8, 1],
    ],
  );
});

test('a stored record asks no id and draws no sequence number', async () => {
  const store = fakeStore([{ model: 'res.partner', id: 7, company: 1, values: { ref: 'C1' } }]);
  const res = newResolution();
  const order = state('sale.order', 40, { name: 'S00009', partner_id: 3, company_id: 1 });
  res.add(read('sale.order', { partner_id: { ref: 'C1' } }, 'update'), { existing: order });
  await resolveRounds(res, store);
  assert.deepEqual(asked(store.rounds[0]), { lookups: ['res.partner|ref|c1: C1'], ids: {}, sequences: {} });
  assert.equal(store.rounds.length, 1);
});

test('the ids of attachments are reserved in the round of the lookups, for new and stored records alike', async () => {
  const store = fakeStore([{ model: 'res.partner', id: 5, company: 1, values: { ref: 'HQ' } }]);
  const file = (name: string) => ({ name, datas: Buffer.from(name).toString('base64') });
  const res = newResolution();
  const fresh = res.add(read('res.partner', { name: 'x', parent_id: { ref: 'HQ' }, attachment_ids: [file('a.txt'), file('b.txt')] }));
  const existing = state('res.partner', 9, { company_id: 1 });
  const stored = res.add(read('res.partner', { attachment_ids: [file('c.txt')] }, 'update'), { existing });
  await resolveRounds(res, store);
  assert.equal(store.rounds.length, 1);
  assert.deepEqual(asked(store.rounds[0]), { lookups: ['res.partner|ref|c1: HQ'], ids: { 'res.partner': 1, 'ir.attachment': 3 }, sequences: {} });
  assert.deepEqual([fresh.id, fresh.attachmentIds, stored.id, stored.attachmentIds], [100, [101, 102], 9, [103]]);
});

test('a company named by lookup needs a second round for the lookups it scopes and the sequence it draws', async () => {
  const store = fakeStore([
    { model: 'res.company', id: 2, values: { name: 'Two' } },
    { model: 'res.partner', id: 7, company: 2, values: { ref: 'C1' } },
    { model: 'res.partner', id: 8, company: 1, values: { ref: 'C1' } },
  ]);
  const { res } = creating('sale.order', { company_id: { name: 'Two' }, partner_id: { ref: 'C1' } });
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r)),
    [
      { lookups: ['res.company|name|any: Two'], ids: { 'sale.order': 1 }, sequences: {} },
      { lookups: ['res.partner|ref|c2: C1'], ids: {}, sequences: { [sequenceCounter('sale.order', 2)]: 1 } },
    ],
  );
  assert.deepEqual(
    created(res)['sale.order']?.map((r) => [r.partner_id, r.company_id, r.name]),
    [[7, 2, 'S00001']],
  );
});

test('a company given by id scopes the first round, and is looked up too: it must exist', async () => {
  const store = fakeStore([{ model: 'res.partner', id: 7, company: 2, values: { ref: 'C1' } }]);
  const { res } = creating('sale.order', { company_id: 2, partner_id: { ref: 'C1' } });
  await assert.rejects(resolveRounds(res, store), failsWith('NOT_FOUND', { field: 'company_id', values: [2] }));
  assert.equal(store.rounds.length, 1);
  assert.deepEqual(asked(store.rounds[0]).lookups, ['res.company|id|any: 2', 'res.partner|ref|c2: C1']);
});

test('a company the caller may not use is refused as soon as the lookup names it', async () => {
  const store = fakeStore([{ model: 'res.company', id: 3, values: { name: 'Three' } }]);
  const { res } = creating('sale.order', { company_id: { name: 'Three' }, partner_id: { ref: 'C1' } });
  await assert.rejects(resolveRounds(res, store), failsWith('FORBIDDEN', { company_id: 3 }));
});

test('an auto-created record takes an id reserved beside the lookup, and its own lookups take the next round', async () => {
  const store = fakeStore([{ model: 'res.partner', id: 5, company: 1, values: { ref: 'HQ' } }]);
  const { res } = creating(
    'sale.order',
    { partner_id: { ref: 'NEW' } },
    { autoCreate: { partner_id: { name: 'New customer', parent_id: { ref: 'HQ' } } } },
  );
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r)),
    [
      { lookups: ['res.partner|ref|c1: NEW'], ids: { 'sale.order': 1, 'res.partner': 1 }, sequences: { [sequenceCounter('sale.order', 1)]: 1 } },
      { lookups: ['res.partner|ref|c1: HQ'], ids: {}, sequences: {} },
    ],
  );
  const records = created(res);
  assert.deepEqual(
    records['res.partner']?.map((r) => [r.id, r.name, r.ref, r.parent_id, r.company_id]),
    [[101, 'New customer', 'NEW', 5, 1]],
  );
  assert.equal(records['sale.order']?.[0]?.partner_id, 101);
  assert.deepEqual(
    res.pending.filter((p) => p.autoCreated).map((p) => p.id),
    [101],
  );
});

test('an auto-created record is made in the company of the lookup that asked for it', async () => {
  const store = fakeStore([{ model: 'res.company', id: 2, values: { name: 'Two' } }]);
  const { res } = creating('sale.order', { company_id: { name: 'Two' }, partner_id: { ref: 'NEW' } }, { autoCreate: { partner_id: { name: 'N' } } });
  await resolveRounds(res, store);
  assert.deepEqual(
    created(res)['res.partner']?.map((r) => [r.ref, r.company_id]),
    [['NEW', 2]],
  );
});

test('a company auto-created by the request is its record\'s company, and scopes the record\'s lookups in the next round', async () => {
  const every: Principal = { ...PRINCIPAL, allowedCompanyIds: 'all' };
  const partnerIn = (held: Held[], autoCreate: Record<string, unknown> = {}) => {
    const store = fakeStore(held);
    const { res } = creating(
      'res.partner',
      { name: 'x', company_id: { name: 'NewCo' }, parent_id: { ref: 'HQ' } },
      { principal: every, autoCreate: { company_id: {}, ...autoCreate } },
    );
    return { store, res };
  };
  // A shared HQ is visible from the new company (ids: the partner 100, the company 101).
  const shared = partnerIn([{ model: 'res.partner', id: 5, company: null, values: { ref: 'HQ' } }]);
  await resolveRounds(shared.res, shared.store);
  assert.deepEqual(
    shared.store.rounds.map((r) => asked(r)),
    [
      { lookups: ['res.company|name|any: NewCo'], ids: { 'res.partner': 1, 'res.company': 1 }, sequences: {} },
      { lookups: ['res.partner|ref|c101: HQ'], ids: {}, sequences: {} },
    ],
  );
  const records = created(shared.res);
  assert.deepEqual(records['res.company']?.map((r) => [r.id, r.name]), [[101, 'NewCo']]);
  assert.deepEqual(records['res.partner']?.map((r) => [r.id, r.company_id, r.parent_id]), [[100, 101, 5]]);

  // The caller's company is not searched: HQ of company 1 is not found from the new company.
  const elsewhere = partnerIn([{ model: 'res.partner', id: 5, company: 1, values: { ref: 'HQ' } }]);
  await assert.rejects(resolveRounds(elsewhere.res, elsewhere.store), failsWith('NOT_FOUND', { field: 'parent_id', values: ['HQ'] }));

  // ... and a record auto-created for that lookup is made in the new company.
  const made = partnerIn([], { parent_id: { name: 'Head office' } });
  await resolveRounds(made.res, made.store);
  assert.deepEqual(
    created(made.res)['res.partner']?.map((r) => [r.name, r.company_id]),
    [
      ['x', 101],
      ['Head office', 101],
    ],
  );

  // An order draws its number from the new company's sequence, in the round after.
  const order = creating('sale.order', { partner_id: 7, company_id: { name: 'NewCo' } }, { principal: every, autoCreate: { company_id: {} } });
  const orders = fakeStore([{ model: 'res.partner', id: 7, company: null }]);
  await resolveRounds(order.res, orders);
  assert.deepEqual(
    orders.rounds.map((r) => asked(r).sequences),
    [{}, { [sequenceCounter('sale.order', 101)]: 1 }],
  );
  assert.deepEqual(
    created(order.res)['sale.order']?.map((r) => [r.company_id, r.name]),
    [[101, 'S00001']],
  );

  // A caller not allowed every company may not create one.
  const limited = creating('res.partner', { name: 'x', company_id: { name: 'NewCo' } }, { autoCreate: { company_id: {} } });
  await assert.rejects(resolveRounds(limited.res, fakeStore()), failsWith('FORBIDDEN'));
});

test('a missing value asked by several lines makes one record; a value found wastes only a spare id', async () => {
  const found = fakeStore([
    { model: 'res.partner', id: 7, company: 1 },
    { model: 'product.product', id: 8, company: 1, values: { default_code: 'OLD' } },
  ]);
  const { res } = creating(
    'sale.order',
    {
      partner_id: 7,
      order_line: [{ product_id: { default_code: 'G' } }, { product_id: { default_code: 'OLD' } }, { product_id: { default_code: 'G' } }],
    },
    { autoCreate: { product_id: { name: 'Gadget' } } },
  );
  await resolveRounds(res, found);
  assert.equal(found.rounds.length, 1);
  assert.deepEqual(asked(found.rounds[0]).lookups, ['res.partner|id|c1: 7', 'product.product|default_code|c1: G, OLD']);
  // One id per value that might be missing (G and OLD), reserved before knowing which are.
  assert.equal(asked(found.rounds[0]).ids['product.product'], 2);
  const records = created(res);
  assert.deepEqual(
    records['product.product']?.map((r) => [r.id, r.name, r.default_code]),
    [[104, 'Gadget', 'G']],
  );
  assert.deepEqual(
    records['sale.order.line']?.map((r) => r.product_id),
    [104, 8, 104],
  );
});

test('a record auto-created beside one drawing from the same sequence draws in the next round, never a number not reserved', async () => {
  // An order may name the order it comes from: auto-created, it draws a name from the same sequence.
  const withOrigin = buildCatalogue(
    demoModels.map((m) => (m.name === 'sale.order' ? { ...m, fields: { ...m.fields, origin_id: many2one('sale.order', { index: true }) } } : m)),
  );
  const store = fakeStore([{ model: 'res.partner', id: 7, company: 1 }]);
  const { res } = creating(
    'sale.order',
    { partner_id: 7, origin_id: { client_order_ref: 'PO-1' } },
    { catalogue: withOrigin, autoCreate: { origin_id: { partner_id: 7 } } },
  );
  await resolveRounds(res, store);
  const counter = sequenceCounter('sale.order', 1);
  assert.deepEqual(
    store.rounds.map((r) => asked(r).sequences),
    [{ [counter]: 1 }, { [counter]: 1 }],
  );
  assert.deepEqual(
    created(res, withOrigin)['sale.order']?.map((r) => [r.client_order_ref, r.name]),
    [
      [null, 'S00001'],
      ['PO-1', 'S00002'],
    ],
  );
});

test('a value that matches nothing fails as NOT_FOUND, naming every missing value of the field', async () => {
  const store = fakeStore([{ model: 'res.partner.category', id: 3, values: { name: 'B' } }]);
  const { res } = creating('res.partner', { name: 'x', category_id: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] });
  await assert.rejects(
    resolveRounds(res, store),
    failsWith('NOT_FOUND', { field: 'category_id', values: ['A', 'C'], model: 'res.partner.category', lookup_field: 'name' }),
  );
});

test('a value that matches several visible records fails as AMBIGUOUS; archived and other companies’ records are not counted', async () => {
  const held: Held[] = [
    { model: 'res.partner', id: 1, company: 1, values: { name: 'Bob' } },
    { model: 'res.partner', id: 2, company: null, values: { name: 'Bob' } },
    { model: 'res.partner', id: 3, company: 2, values: { name: 'Bob' } },
    { model: 'res.partner', id: 4, company: 1, active: false, values: { name: 'Bob' } },
  ];
  const { res } = creating('sale.order', { partner_id: { name: 'Bob' } });
  await assert.rejects(resolveRounds(res, fakeStore(held)), failsWith('AMBIGUOUS', { field: 'partner_id', value: 'Bob', count: 2 }));

  const one = creating('sale.order', { partner_id: { name: 'Bob' } }, { principal: { ...PRINCIPAL, companyId: 2 } });
  await resolveRounds(one.res, fakeStore(held.filter((h) => h.id !== 2)));
  assert.equal(created(one.res)['sale.order']?.[0]?.partner_id, 3);
});

test('the round that fails is finished first: its afterRound runs before the failure is reported', async () => {
  const store = fakeStore();
  const { res } = creating('sale.order', { partner_id: { ref: 'NONE' } });
  const calls: string[] = [];
  await assert.rejects(
    resolveRounds(res, {
      answer: async (needs) => {
        calls.push('answer');
        return store.answer(needs);
      },
      afterRound: async () => {
        calls.push('afterRound');
      },
    }),
    failsWith('NOT_FOUND'),
  );
  assert.deepEqual(calls, ['answer', 'afterRound']);
});

test('nothing is asked twice: a value once per batch, a reference in one round, a finished resolution asks nothing', async () => {
  const store = fakeStore([
    { model: 'res.company', id: 2, values: { name: 'Two' } },
    { model: 'res.partner', id: 7, company: 2, values: { ref: 'C1' } },
    { model: 'res.partner.category', id: 3, values: { name: 'A' } },
  ]);
  const { res } = creating('res.partner', {
    name: 'x',
    company_id: { name: 'Two' },
    parent_id: { ref: 'C1' },
    category_id: [{ name: 'A' }, { name: 'A' }],
    child_ids: [{ name: 'c', category_id: [{ name: 'A' }] }],
  });
  await resolveRounds(res, store);
  const lookups = store.rounds.flatMap((r) => asked(r).lookups ?? []);
  assert.deepEqual(lookups, ['res.company|name|any: Two', 'res.partner.category|name|any: A', 'res.partner|ref|c2: C1']);
  assert.equal(res.needs(), null);
  assert.throws(() => res.accept({ lookups: new Map(), ids: new Map(), sequences: new Map() }), /accept\(\) without needs\(\)/);
});

test('needs() and accept() alternate, and an answer must carry every value asked', async () => {
  const { res } = creating('sale.order', { partner_id: { ref: 'C1' } });
  const needs = res.needs();
  assert.deepEqual(asked(needs ?? undefined).lookups, ['res.partner|ref|c1: C1']);
  assert.throws(() => res.needs(), /needs\(\) again before accept\(\)/);
  const unanswered = { lookups: new Map([[needs!.lookups[0]!.key, new Map()]]), ids: new Map(), sequences: new Map() };
  // A value left out of the answer is the store's mistake, not a NOT_FOUND.
  assert.throws(() => res.accept(unanswered), (e) => !(e instanceof WebhookError) && /lacks res\.partner\|ref\|c1 C1/.test(String(e)));
});

test('a payload may have MAX_LINES lines; the lines of auto-created records count towards it', async () => {
  const lines = Array.from({ length: MAX_LINES }, (_, i) => ({ name: `c${i}` }));
  const full = creating('res.partner', { name: 'x', child_ids: lines });
  await resolveRounds(full.res, fakeStore());
  assert.equal(full.res.pending.length, MAX_LINES + 1);

  const over = creating(
    'res.partner',
    { name: 'x', parent_id: { ref: 'NEW' }, child_ids: lines },
    { autoCreate: { parent_id: { name: 'Parent', child_ids: [{ name: 'one line too many' }] } } },
  );
  await assert.rejects(
    resolveRounds(over.res, fakeStore()),
    failsWith('LIMIT_EXCEEDED', { limit: MAX_LINES }, `More than ${MAX_LINES} lines in one request, auto-created records' lines included`),
  );
});

test(`auto-created records may depend on each other ${MAX_ROUNDS} rounds deep, not deeper`, async () => {
  /** Partners L1..Ln, each auto-created with the next as its parent. */
  const chain = (n: number) =>
    creating(
      'res.partner',
      { name: 'x', parent_id: { ref: 'L1' } },
      {
        autoCreate: {
          parent_id: Array.from({ length: n }, (_, i) => ({
            name: `L${i + 1}`,
            ref: `L${i + 1}`,
            ...(i + 1 < n ? { parent_id: { ref: `L${i + 2}` } } : {}),
          })),
        },
      },
    );
  const deepest = chain(MAX_ROUNDS);
  const store = fakeStore();
  await resolveRounds(deepest.res, store);
  assert.equal(store.rounds.length, MAX_ROUNDS);
  assert.equal(created(deepest.res)['res.partner']?.length, MAX_ROUNDS + 1);
  await assert.rejects(resolveRounds(chain(MAX_ROUNDS + 1).res, fakeStore()), failsWith('LIMIT_EXCEEDED'));
});
