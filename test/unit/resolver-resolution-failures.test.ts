/**
 * How a resolution fails (test/support/resolution.ts fakes the store): which failures a round
 * reports, naming what and where, and which references they leave unresolved.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebhookError } from '../../shared/envelope';
import { resolveRounds } from '../../shared/resolver';
import { asked, creating, failsWith, fakeStore } from '../support/resolution';

test('each field of each record that finds nothing is one NOT_FOUND, naming its missing values', async () => {
  const store = fakeStore([{ model: 'res.partner.category', id: 3, values: { name: 'B' } }]);
  const { res } = creating('res.partner', {
    name: 'x',
    parent_id: { ref: 'X' },
    category_id: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
    child_ids: [{ name: 'c', category_id: [{ name: 'A' }] }],
  });
  await assert.rejects(resolveRounds(res, store), failsWith('NOT_FOUND', { field: 'parent_id', values: ['X'] }, "'parent_id': 'X' found no match."));
  assert.deepEqual(
    res.failures.map((e) => [e.code, e.details?.field, e.details?.values, e.details?.path]),
    [
      ['NOT_FOUND', 'parent_id', ['X'], 'parent_id'],
      ['NOT_FOUND', 'category_id', ['A', 'C'], 'category_id[0]'],
      ['NOT_FOUND', 'category_id', ['A'], 'child_ids[0].category_id[0]'],
    ],
  );
});

test('the references a failure leaves unanswered are unresolved; none once every round is answered', async () => {
  const { res } = creating('res.partner', { name: 'x', parent_id: { ref: 'X' }, category_id: [{ name: 'A' }] });
  assert.deepEqual(res.unresolved(), ['parent_id', 'category_id[0]']);
  await assert.rejects(resolveRounds(res, fakeStore([{ model: 'res.partner.category', id: 3, values: { name: 'A' } }])), failsWith('NOT_FOUND'));
  assert.deepEqual(res.unresolved(), ['parent_id']);

  const found = creating('res.partner', { name: 'x', parent_id: { ref: 'X' } });
  await resolveRounds(found.res, fakeStore([{ model: 'res.partner', id: 5, company: 1, values: { ref: 'X' } }]));
  assert.deepEqual(found.res.unresolved(), []);
});

test('auto_create makes no record for a lookup by id: a missing id is NOT_FOUND, and no id is reserved for it', async () => {
  const store = fakeStore();
  const { res } = creating('sale.order', { partner_id: 99 }, { autoCreate: { partner_id: { name: 'N' } } });
  await assert.rejects(resolveRounds(res, store), failsWith('NOT_FOUND', { field: 'partner_id', values: [99], lookup_field: 'id' }));
  assert.deepEqual(asked(store.rounds[0]).ids, { 'sale.order': 1 });
});

test('a value no auto_create entry serves is NOT_FOUND; the values entries serve are created', async () => {
  const { res } = creating(
    'res.partner',
    { name: 'x', category_id: [{ name: 'A' }, { name: 'B' }] },
    { autoCreate: { category_id: [{ name: 'A', color: 1 }] } },
  );
  await assert.rejects(
    resolveRounds(res, fakeStore()),
    failsWith('NOT_FOUND', { field: 'category_id', values: ['B'], path: 'category_id[1]', model: 'res.partner.category', lookup_field: 'name' }),
  );
  assert.equal(res.failures.length, 1);
  assert.deepEqual(
    res.pending.filter((p) => p.autoCreated).map((p) => p.node.scalars),
    [{ name: 'A', color: 1 }],
  );
});

test('an auto_create entry is read as a new record under auto_create.<field>: its required fields, the paths of its lookups', async () => {
  const { res } = creating('sale.order', { partner_id: { ref: 'NEW' } }, { autoCreate: { partner_id: { email: 'n@example.com' } } });
  await assert.rejects(
    resolveRounds(res, fakeStore()),
    failsWith('REQUIRED', { field: 'name', path: 'auto_create.partner_id.name', model: 'res.partner' }),
  );

  const lookingUp = creating('sale.order', { partner_id: { ref: 'NEW' } }, { autoCreate: { partner_id: { name: 'N', parent_id: { ref: 'HQ' } } } });
  await assert.rejects(
    resolveRounds(lookingUp.res, fakeStore()),
    failsWith('NOT_FOUND', { field: 'parent_id', values: ['HQ'], path: 'auto_create.partner_id.parent_id' }),
  );
});

test('an answer lacking a whole batch asked is the store\'s mistake, not a NOT_FOUND', () => {
  const { res } = creating('sale.order', { partner_id: { ref: 'C1' } });
  assert.ok(res.needs());
  assert.throws(
    () => res.accept({ lookups: new Map(), ids: new Map(), sequences: new Map() }),
    (e) => !(e instanceof WebhookError) && /lacks res\.partner\|ref\|c1 C1/.test(String(e)),
  );
});
