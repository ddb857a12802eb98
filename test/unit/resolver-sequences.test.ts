/**
 * Sequence-drawn defaults (an order's `S00042`): which records need a number, from which counter,
 * and how the numbers a round reserved are handed out.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCatalogue, catalogue, type Catalogue } from '../../shared/catalogue';
import { char, sequence } from '../../shared/catalogue/fields';
import { readPayload, type Pending } from '../../shared/resolver';
import { NO_COMPANY, UNSETTLED, inCompany, type CompanyState } from '../../shared/resolver/company';
import { drawSequences, sequenceNeeds } from '../../shared/resolver/sequences';
import { sequenceCounter } from '../../shared/store';
import { state } from '../support/plan';

/** A record of the request as the rounds hold it: `company` settled unless said otherwise. */
function pending(model: string, payload: Record<string, unknown>, company: CompanyState = inCompany(1), models: Catalogue = catalogue): Pending {
  return {
    node: readPayload(models.get(model)!, payload, { catalogue: models, mode: 'create' }),
    parent: null,
    existing: null,
    id: null,
    lookupCompany: company.state === 'company' ? company : UNSETTLED,
    company,
    autoCreated: false,
    sequences: {},
    attachmentIds: [],
    committed: false,
  };
}

const order = (payload: Record<string, unknown> = {}, company?: CompanyState) => pending('sale.order', { partner_id: 7, ...payload }, company);
const counterOf = (company: number | null) => sequenceCounter('sale.order', company);

test("a new order without a name needs one number, from its company's counter", () => {
  assert.deepEqual(sequenceNeeds(order()), [[counterOf(1), 'name', { sequence: 'sale.order', prefix: 'S', padding: 5 }]]);
  assert.deepEqual(sequenceNeeds(order({}, inCompany(2))).map(([counter]) => counter), [counterOf(2)]);
  // A shared order (no company) draws from the shared counter.
  assert.deepEqual(sequenceNeeds(order({}, NO_COMPANY)).map(([counter]) => counter), [counterOf(null)]);
});

test('a name sent empty is numbered; none is drawn for a name the payload gives, nor before the company is known, nor for a stored record', () => {
  // A payload's null or false for a text field is read as null: the field is never left empty.
  assert.deepEqual(sequenceNeeds(order({ name: null })).map(([counter, field]) => [counter, field]), [[counterOf(1), 'name']]);
  assert.deepEqual(sequenceNeeds(order({ name: 'SO-EXT-1' })), []);
  assert.deepEqual(sequenceNeeds(order({}, UNSETTLED)), []);
  assert.deepEqual(sequenceNeeds({ ...order(), existing: state('sale.order', 5, { name: 'S00005' }) }), []);
  const drawn = order();
  drawn.sequences.name = 'S00001';
  assert.deepEqual(sequenceNeeds(drawn), []);
});

test('a default of null, which a catalogue module in plain JavaScript may declare, draws no number', () => {
  const models = buildCatalogue([{ name: 'x.note', description: 'Notes', fields: { name: char({ default: null as never }) } }]);
  assert.deepEqual(sequenceNeeds(pending('x.note', {}, NO_COMPANY, models)), []);
});

test('a model without companies numbers every record from one counter', () => {
  const models = buildCatalogue([{ name: 'x.ticket', description: 'Tickets', fields: { name: char({ default: sequence('x.ticket', 'T-', 3) }) } }]);
  const ticket = pending('x.ticket', {}, NO_COMPANY, models);
  assert.deepEqual(sequenceNeeds(ticket).map(([counter]) => counter), [sequenceCounter('x.ticket', null)]);
  drawSequences([ticket], new Map([[sequenceCounter('x.ticket', null), 1]]), new Map([[sequenceCounter('x.ticket', null), 7]]));
  assert.deepEqual(ticket.sequences, { name: 'T-007' });
});

test("the numbers reserved are handed out in order, each company's from its own counter, padded with the prefix", () => {
  const orders = [order(), order({}, inCompany(2)), order(), order({ name: 'SO-EXT-1' }), order()];
  drawSequences(
    orders,
    new Map([
      [counterOf(1), 3],
      [counterOf(2), 1],
    ]),
    new Map([
      [counterOf(1), 41],
      [counterOf(2), 123456],
    ]),
  );
  assert.deepEqual(
    orders.map((o) => o.sequences.name),
    ['S00041', 'S123456', 'S00042', undefined, 'S00043'],
  );
});

test('a round hands out no more numbers than it reserved: the rest wait for the next round', () => {
  const orders = [order(), order(), order(), order({}, inCompany(2))];
  // Company 1 reserved two numbers; company 2's order came to need one during the round and reserved none.
  drawSequences(orders, new Map([[counterOf(1), 2]]), new Map([[counterOf(1), 9]]));
  assert.deepEqual(
    orders.map((o) => o.sequences.name),
    ['S00009', 'S00010', undefined, undefined],
  );
  assert.deepEqual(sequenceNeeds(orders[2]!).map(([counter]) => counter), [counterOf(1)]);
});
