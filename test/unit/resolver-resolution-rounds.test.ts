/**
 * What the rounds of a resolution reserve, and when a record made by auto_create is ready to be
 * written on its own (test/support/resolution.ts fakes the store).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCatalogue, demoModels } from '../../shared/catalogue';
import { many2many, many2one } from '../../shared/catalogue/fields';
import { resolveRounds, type Pending } from '../../shared/resolver';
import { sequenceCounter } from '../../shared/store';
import { asked, created, creating, fakeStore } from '../support/resolution';

/**
 * Orders with more references than the demo's: invoicing and shipping partners, tags, and the order
 * they come from; the customer is optional, so that an order may be auto-created from its reference.
 */
const models = buildCatalogue(
  demoModels.map((m) =>
    m.name === 'sale.order'
      ? {
          ...m,
          fields: {
            ...m.fields,
            partner_id: many2one('res.partner', { index: true, label: 'Customer' }),
            partner_invoice_id: many2one('res.partner', { index: true, label: 'Invoice address' }),
            partner_shipping_id: many2one('res.partner', { index: true, label: 'Delivery address' }),
            origin_id: many2one('sale.order', { index: true, label: 'Source order' }),
            tag_ids: many2many('res.partner.category', { label: 'Tags' }),
          },
        }
      : m,
  ),
);

const file = (name: string) => ({ name, datas: Buffer.from(name).toString('base64') });

/** A record's name, given or drawn. */
const nameOf = (p: Pending) => String(p.node.scalars.name ?? p.sequences.name);

test('a record without lookups takes its id in a round of ids alone', async () => {
  const store = fakeStore();
  const { res, root } = creating('res.partner', { name: 'x' });
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r)),
    [{ lookups: [], ids: { 'res.partner': 1 }, sequences: {} }],
  );
  assert.equal(root.id, 100);
});

test('ids reserved for values that were found serve the records auto-created in the next round', async () => {
  const held = [{ model: 'res.partner', id: 7, company: 1, values: { ref: 'C1' } }];
  // Round 1 reserves a partner id for C1, found: that spare id is the whole need of round 2.
  const one = fakeStore(held);
  const single = creating(
    'sale.order',
    { partner_id: { ref: 'C1' }, partner_shipping_id: { ref: 'SHIP' } },
    {
      catalogue: models,
      autoCreate: { partner_id: { name: 'Customer' }, partner_shipping_id: { name: 'Shipping', parent_id: { ref: 'HQ' } }, parent_id: { name: 'Head office' } },
    },
  );
  await resolveRounds(single.res, one);
  assert.deepEqual(
    one.rounds.map((r) => [asked(r).lookups, asked(r).ids]),
    [
      [['res.partner|ref|c1: C1, SHIP'], { 'sale.order': 1, 'res.partner': 2 }],
      [['res.partner|ref|c1: HQ'], {}],
    ],
  );
  assert.deepEqual(
    created(single.res, models)['res.partner']?.map((r) => [r.id, r.name, r.parent_id]),
    [
      [101, 'Shipping', 102],
      [102, 'Head office', null],
    ],
  );

  // Two values may be missing in round 2 and one id is spare: it asks for one more.
  const two = fakeStore(held);
  const double = creating(
    'sale.order',
    { partner_id: { ref: 'C1' }, partner_invoice_id: { ref: 'INV' }, partner_shipping_id: { ref: 'SHIP' } },
    {
      catalogue: models,
      autoCreate: {
        partner_id: { name: 'Customer' },
        partner_invoice_id: { name: 'Invoicing', parent_id: { ref: 'HQ1' } },
        partner_shipping_id: { name: 'Shipping', parent_id: { ref: 'HQ2' } },
        parent_id: { name: 'Head office' },
      },
    },
  );
  await resolveRounds(double.res, two);
  assert.deepEqual(
    two.rounds.map((r) => asked(r).ids),
    [{ 'sale.order': 1, 'res.partner': 3 }, { 'res.partner': 1 }],
  );
  assert.deepEqual(
    created(double.res, models)['res.partner']?.map((r) => [r.id, r.ref, r.parent_id]).sort(([a], [b]) => Number(a) - Number(b)),
    [
      [101, 'INV', 103],
      [102, 'SHIP', 104],
      [103, 'HQ1', null],
      [104, 'HQ2', null],
    ],
  );
});

test('the attachments of an auto-created record take their ids in the next round', async () => {
  const store = fakeStore();
  const { res } = creating('sale.order', { partner_id: { ref: 'NEW' } }, { autoCreate: { partner_id: { name: 'N', attachment_ids: [file('a.txt')] } } });
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r).ids),
    [{ 'sale.order': 1, 'res.partner': 1 }, { 'ir.attachment': 1 }],
  );
  assert.deepEqual(
    created(res)['ir.attachment']?.map((r) => [r.id, r.name, r.res_model, r.res_id]),
    [[102, 'a.txt', 'res.partner', 101]],
  );
});

test('a record is ready once it and its lines have their ids, attachments and numbers, and its lookups point at records with ids', async () => {
  const store = fakeStore([{ model: 'res.partner.category', id: 3, values: { name: 'VIP' } }]);
  const { res } = creating(
    'sale.order',
    { partner_id: { ref: 'NEW' }, partner_invoice_id: { ref: 'INV' }, partner_shipping_id: { ref: 'SHIP' }, tag_ids: [{ name: 'Gold' }] },
    {
      catalogue: models,
      autoCreate: {
        // Its line takes the second partner id reserved in round 1 ...
        partner_id: { name: 'Customer', child_ids: [{ name: 'Contact', attachment_ids: [file('card.pdf')] }] },
        partner_invoice_id: { name: 'Invoicing', category_id: [{ name: 'VIP' }] },
        // ... so that this one takes its id in round 2.
        partner_shipping_id: { name: 'Shipping' },
        tag_ids: { color: 1 },
      },
    },
  );
  const roots = () => res.pending.filter((p) => p.parent === null);
  const readiness: Record<string, boolean>[] = [];
  await resolveRounds(res, {
    answer: store.answer,
    afterRound: async () => {
      readiness.push(Object.fromEntries(roots().map((p) => [nameOf(p), res.isReady(p)])));
    },
  });
  assert.deepEqual(readiness, [
    {
      // Its delivery address has no id yet.
      'S00001': false,
      // It is, not the attachment of its line: that takes its id in round 2.
      Customer: false,
      // Its tag is looked up in round 2.
      Invoicing: false,
      Shipping: false,
      Gold: true,
    },
    { 'S00001': true, Customer: true, Invoicing: true, Shipping: true, Gold: true },
  ]);
  // A record's family is itself and the lines below it: the lines of no other record.
  const families = Object.fromEntries(roots().map((p) => [nameOf(p), res.familyOf(p).map(nameOf)]));
  assert.deepEqual(families, {
    'S00001': ['S00001'],
    Customer: ['Customer', 'Contact'],
    Invoicing: ['Invoicing'],
    Shipping: ['Shipping'],
    Gold: ['Gold'],
  });
});

test('an auto-created record drawing a number is ready once it has drawn it, in the round after', async () => {
  const store = fakeStore([{ model: 'res.partner', id: 7, company: 1 }]);
  const { res, root } = creating('sale.order', { partner_id: 7, origin_id: { client_order_ref: 'PO-1' } }, { catalogue: models, autoCreate: { origin_id: {} } });
  const readiness: boolean[][] = [];
  await resolveRounds(res, {
    answer: store.answer,
    afterRound: async () => {
      readiness.push(res.pending.map((p) => res.isReady(p)));
    },
  });
  assert.deepEqual(
    store.rounds.map((r) => asked(r).sequences),
    [{ [sequenceCounter('sale.order', 1)]: 1 }, { [sequenceCounter('sale.order', 1)]: 1 }],
  );
  // [the order, the order it comes from]: the first has its number and points at the second's id.
  assert.deepEqual(readiness, [
    [true, false],
    [true, true],
  ]);
  assert.deepEqual(res.pending.map(nameOf), ['S00001', 'S00002']);
  assert.equal(root.sequences.name, 'S00001');
});

test('an auto-created order that names its company draws its number from that company\'s sequence', async () => {
  const store = fakeStore([
    { model: 'res.company', id: 2 },
    { model: 'res.partner', id: 7, company: null },
  ]);
  const { res } = creating(
    'sale.order',
    { partner_id: 7, origin_id: { client_order_ref: 'PO-1' } },
    { catalogue: models, autoCreate: { origin_id: { company_id: 2 } } },
  );
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r).sequences),
    [{ [sequenceCounter('sale.order', 1)]: 1 }, { [sequenceCounter('sale.order', 2)]: 1 }],
  );
  assert.deepEqual(
    created(res, models)['sale.order']?.map((r) => [r.client_order_ref, r.company_id, r.name]),
    [
      [null, 1, 'S00001'],
      ['PO-1', 2, 'S00001'],
    ],
  );
});

test('a reference\'s target is known once resolved, and only as an id', async () => {
  const store = fakeStore();
  const { res, root } = creating(
    'sale.order',
    { partner_id: { ref: 'NEW' }, partner_shipping_id: { ref: 'SHIP' } },
    // The customer's line takes the id reserved for the delivery address, which takes one in round 2.
    { catalogue: models, autoCreate: { partner_id: { name: 'Customer', child_ids: [{ name: 'Contact' }] }, partner_shipping_id: { name: 'Shipping' } } },
  );
  const customer = root.node.many2one.get('partner_id')!;
  const shipping = root.node.many2one.get('partner_shipping_id')!;
  assert.throws(() => res.targetOf(root, shipping), /resolution: partner_shipping_id is not resolved/);
  let rounds = 0;
  await resolveRounds(res, {
    answer: store.answer,
    afterRound: async () => {
      if (++rounds > 1) return;
      assert.equal(res.targetOf(root, customer), 101);
      assert.throws(() => res.targetOf(root, shipping), /resolution: partner_shipping_id points at a record without id/);
    },
  });
  assert.equal(rounds, 2);
  assert.deepEqual([res.targetOf(root, customer), res.targetOf(root, shipping)], [101, 103]);
});
