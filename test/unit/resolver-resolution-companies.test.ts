/**
 * The companies of a resolution (test/support/resolution.ts fakes the store): which company each
 * record is written in, in which company its lookups search, and who may name or create companies.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Principal } from '../../shared/auth/principal';
import { buildCatalogue, demoModels } from '../../shared/catalogue';
import { char } from '../../shared/catalogue/fields';
import { resolveRounds } from '../../shared/resolver';
import { sequenceCounter } from '../../shared/store';
import { state } from '../support/plan';
import { PRINCIPAL, asked, created, creating, failsWith, fakeStore, newResolution, read, type Held } from '../support/resolution';

const EVERY: Principal = { ...PRINCIPAL, allowedCompanyIds: 'all' };

test('only a caller allowed every company may create a company; changing a stored one needs no such right', async () => {
  const limited = newResolution();
  assert.throws(
    () => limited.add(read('res.company', { name: 'NewCo' })),
    failsWith('FORBIDDEN', { path: '' }, "Only a caller allowed every company may create a 'res.company' record"),
  );
  const autoCreating = creating('res.partner', { name: 'x', company_id: { name: 'NewCo' } }, { autoCreate: { company_id: {} } });
  await assert.rejects(
    resolveRounds(autoCreating.res, fakeStore()),
    failsWith('FORBIDDEN', { path: 'auto_create.company_id' }, "Only a caller allowed every company may create a 'res.company' record"),
  );

  const stored = newResolution();
  const company = stored.add(read('res.company', { email: 'one@example.com' }, 'update'), { existing: state('res.company', 1, { name: 'One' }) });
  await resolveRounds(stored, fakeStore());
  assert.equal(company.id, 1);

  const every = newResolution({ principal: EVERY });
  const made = every.add(read('res.company', { name: 'NewCo' }));
  await resolveRounds(every, fakeStore());
  assert.deepEqual(created(every)['res.company']?.map((r) => [r.id, r.name]), [[made.id, 'NewCo']]);
});

test('a company the caller may not use is refused by its id at once, naming it', () => {
  assert.throws(
    () => creating('sale.order', { company_id: 3, partner_id: 7 }),
    failsWith('FORBIDDEN', { path: 'company_id', company_id: 3 }, 'Company 3 is not allowed for this caller'),
  );
});

test('a record whose company_id is cleared is shared; its lookups search the caller\'s company', async () => {
  const store = fakeStore([
    { model: 'res.partner', id: 5, company: 1, values: { ref: 'HQ' } },
    { model: 'res.partner', id: 6, company: 2, values: { ref: 'HQ' } },
  ]);
  const { res } = creating('res.partner', { name: 'x', company_id: false, parent_id: { ref: 'HQ' }, child_ids: [{ name: 'c' }] });
  await resolveRounds(res, store);
  assert.deepEqual(asked(store.rounds[0]).lookups, ['res.partner|ref|c1: HQ']);
  assert.deepEqual(
    created(res)['res.partner']?.map((r) => [r.name, r.company_id, r.parent_id]),
    [
      ['x', null, 5],
      // Its lines are shared too.
      ['c', null, 100],
    ],
  );
});

test('lines are written in their record\'s company; the new lines of a stored record in its stored company', async () => {
  const held: Held[] = [
    { model: 'res.company', id: 2 },
    { model: 'res.partner', id: 7, company: 2 },
    { model: 'product.product', id: 8, company: null },
  ];
  const named = creating('sale.order', { company_id: 2, partner_id: 7, order_line: [{ product_id: 8 }] });
  await resolveRounds(named.res, fakeStore(held));
  assert.deepEqual(
    created(named.res)['sale.order.line']?.map((r) => [r.product_id, r.company_id]),
    [[8, 2]],
  );

  const res = newResolution();
  const order = state('sale.order', 50, { name: 'S00050', partner_id: 7, company_id: 2, order_line: [] });
  res.add(read('sale.order', { order_line: [{ product_id: 8 }] }, 'update'), { existing: order });
  await resolveRounds(res, fakeStore(held));
  assert.deepEqual(
    created(res)['sale.order.line']?.map((r) => [r.order_id, r.product_id, r.company_id]),
    [[50, 8, 2]],
  );
});

test('an auto-created record looks its own references up in the company of the lookup that made it', async () => {
  const held: Held[] = [
    { model: 'res.company', id: 2, values: { name: 'Two' } },
    { model: 'res.partner', id: 5, company: 2, values: { ref: 'HQ' } },
    { model: 'res.partner', id: 6, company: 1, values: { ref: 'HQ' } },
  ];
  // In the order's company (2), not the caller's (1); also when the new record is shared.
  for (const [template, company] of [
    [{ name: 'N', parent_id: { ref: 'HQ' } }, 2],
    [{ name: 'N', company_id: false, parent_id: { ref: 'HQ' } }, null],
  ] as const) {
    const store = fakeStore(held);
    const { res } = creating('sale.order', { company_id: { name: 'Two' }, partner_id: { ref: 'NEW' } }, { autoCreate: { partner_id: template } });
    await resolveRounds(res, store);
    assert.deepEqual(
      store.rounds.map((r) => asked(r).lookups),
      [['res.company|name|any: Two'], ['res.partner|ref|c2: NEW'], ['res.partner|ref|c2: HQ']],
    );
    assert.deepEqual(
      created(res)['res.partner']?.map((r) => [r.name, r.ref, r.company_id, r.parent_id]),
      [['N', 'NEW', company, 5]],
    );
  }
});

test('an auto-created record that names its company is written in it, and looks its references up in it', async () => {
  const held: Held[] = [
    { model: 'res.company', id: 2, values: { name: 'Two' } },
    { model: 'res.partner', id: 5, company: 2, values: { ref: 'HQ' } },
    { model: 'res.partner', id: 6, company: 1, values: { ref: 'HQ' } },
  ];
  const byId = fakeStore(held);
  const one = creating('sale.order', { partner_id: { ref: 'NEW' } }, { autoCreate: { partner_id: { name: 'N', company_id: 2, parent_id: { ref: 'HQ' } } } });
  await resolveRounds(one.res, byId);
  assert.deepEqual(
    byId.rounds.map((r) => asked(r).lookups),
    [['res.partner|ref|c1: NEW'], ['res.company|id|any: 2', 'res.partner|ref|c2: HQ']],
  );
  assert.deepEqual(
    created(one.res)['res.partner']?.map((r) => [r.name, r.company_id, r.parent_id]),
    [['N', 2, 5]],
  );

  // Named by lookup, the company is found first, as for the record of a payload.
  const byName = fakeStore(held);
  const two = creating(
    'sale.order',
    { partner_id: { ref: 'NEW' } },
    { autoCreate: { partner_id: { name: 'N', company_id: { name: 'Two' }, parent_id: { ref: 'HQ' } } } },
  );
  await resolveRounds(two.res, byName);
  assert.deepEqual(
    byName.rounds.map((r) => asked(r).lookups),
    [['res.partner|ref|c1: NEW'], ['res.company|name|any: Two'], ['res.partner|ref|c2: HQ']],
  );
  assert.deepEqual(
    created(two.res)['res.partner']?.map((r) => [r.name, r.company_id, r.parent_id]),
    [['N', 2, 5]],
  );
});

test('a model excluded from company scoping is looked up in every company at once, beside the company lookup', async () => {
  const store = fakeStore([
    { model: 'res.company', id: 2, values: { name: 'Two' } },
    { model: 'res.partner', id: 7, company: 3, values: { ref: 'C1' } },
  ]);
  const { res } = creating('sale.order', { company_id: { name: 'Two' }, partner_id: { ref: 'C1' } }, { unscoped: ['res.partner'] });
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r)),
    [
      { lookups: ['res.company|name|any: Two', 'res.partner|ref|any: C1'], ids: { 'sale.order': 1 }, sequences: {} },
      // The order's number is drawn once its company is known: a round of that alone.
      { lookups: [], ids: {}, sequences: { [sequenceCounter('sale.order', 2)]: 1 } },
    ],
  );
  assert.deepEqual(
    created(res)['sale.order']?.map((r) => [r.partner_id, r.company_id, r.name]),
    [[7, 2, 'S00001']],
  );
});

test('a record auto-created for a lookup in every company is made in the caller\'s company', async () => {
  const store = fakeStore();
  const { res } = creating('sale.order', { partner_id: { ref: 'NEW' } }, { unscoped: ['res.partner'], autoCreate: { partner_id: { name: 'N' } } });
  await resolveRounds(res, store);
  assert.deepEqual(asked(store.rounds[0]).lookups, ['res.partner|ref|any: NEW']);
  assert.deepEqual(
    created(res)['res.partner']?.map((r) => [r.name, r.company_id]),
    [['N', 1]],
  );
});

test('a key limited to some models may look a record of another up, but not auto-create one', async () => {
  const limited: Principal = { ...PRINCIPAL, models: ['sale.order', 'sale.order.line'] };
  const found = creating('sale.order', { partner_id: { ref: 'C1' } }, { principal: limited, autoCreate: { partner_id: { name: 'N' } } });
  await resolveRounds(found.res, fakeStore([{ model: 'res.partner', id: 7, company: 1, values: { ref: 'C1' } }]));
  assert.equal(created(found.res)['sale.order']?.[0]?.partner_id, 7);

  const missing = creating('sale.order', { partner_id: { ref: 'NEW' } }, { principal: limited, autoCreate: { partner_id: { name: 'N' } } });
  await assert.rejects(
    resolveRounds(missing.res, fakeStore()),
    failsWith(
      'FORBIDDEN',
      { path: 'partner_id', model: 'res.partner' },
      "auto_create would create a 'res.partner' record, a model this caller may not use",
    ),
  );
});

test('a line of a model without companies draws its number at once, while its order\'s company is still looked up', async () => {
  // Order lines without companies, numbered by a sequence of their own.
  const models = buildCatalogue(
    demoModels.map((m) => {
      if (m.name !== 'sale.order.line') return m;
      const { company_id: _, ...fields } = m.fields;
      return { ...m, fields: { ...fields, ref: char({ default: { sequence: 'sale.order.line', prefix: 'L', padding: 4 } }) } };
    }),
  );
  const store = fakeStore([
    { model: 'res.company', id: 2, values: { name: 'Two' } },
    { model: 'res.partner', id: 7, company: 2 },
    { model: 'product.product', id: 8, company: null },
  ]);
  const { res } = creating('sale.order', { company_id: { name: 'Two' }, partner_id: 7, order_line: [{ product_id: 8 }] }, { catalogue: models });
  await resolveRounds(res, store);
  assert.deepEqual(
    store.rounds.map((r) => asked(r).sequences),
    [{ [sequenceCounter('sale.order.line', null)]: 1 }, { [sequenceCounter('sale.order', 2)]: 1 }],
  );
  const records = created(res, models);
  assert.deepEqual(
    [records['sale.order']?.[0]?.name, records['sale.order.line']?.[0]?.ref],
    ['S00001', 'L0001'],
  );
});
