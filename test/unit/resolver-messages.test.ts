/**
 * The failures of lookups and field names, worded as the original module words them (callers match
 * on the text): each code, its exact message and the details a client reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue, type Model } from '../../shared/catalogue';
import { WebhookError } from '../../shared/envelope';
import { ambiguous, indexBuilding, notFound, notIndexed, unknownField } from '../../shared/resolver';

const partner = catalogue.get('res.partner')!;

function same(error: WebhookError, code: string, message: string, details: Record<string, unknown>): void {
  assert.ok(error instanceof WebhookError);
  assert.equal(error.code, code);
  assert.equal(error.message, message);
  assert.deepEqual(error.details, details);
}

test('an unknown field is named with its model and where it was sent', () => {
  same(unknownField(partner, 'nickname', 'child_ids[0].nickname'), 'UNKNOWN_FIELD', "Field 'nickname' does not exist on model 'res.partner'", {
    model: 'res.partner',
    field: 'nickname',
    path: 'child_ids[0].nickname',
  });
});

test('a field that is not indexed lists the fields a lookup may use, id first', () => {
  same(
    notIndexed(partner, 'phone', 'partner_id.phone'),
    'NOT_INDEXED',
    "Field 'phone' of 'res.partner' is not indexed and cannot be used to find records; use one of: id, name, email, ref, company_id, parent_id",
    { model: 'res.partner', field: 'phone', path: 'partner_id.phone', indexed: ['id', 'name', 'email', 'ref', 'company_id', 'parent_id'] },
  );
});

test('a field whose index is still being built says so, and how to finish it, rather than "not indexed"', () => {
  const building: Model = { ...partner, building: ['phone'] };
  const expected = [
    'INDEX_BUILDING',
    "The index of 'phone' on 'res.partner' is not built yet for the records stored before it was added; run `npm run catalogue -- migrate` (with --stage in AWS), then retry",
    { model: 'res.partner', field: 'phone', path: 'partner_id.phone' },
  ] as const;
  same(notIndexed(building, 'phone', 'partner_id.phone'), ...expected);
  same(indexBuilding(building, 'phone', 'partner_id.phone'), ...expected);
  // Another field of the same model is still plainly not indexed.
  assert.equal(notIndexed(building, 'city', 'partner_id.city').code, 'NOT_INDEXED');
});

test('a lookup that found nothing quotes every value it looked for', () => {
  same(notFound('partner_id', ['Nobody'], { model: 'res.partner', by: 'name' }), 'NOT_FOUND', "'partner_id': 'Nobody' found no match.", {
    field: 'partner_id',
    values: ['Nobody'],
    model: 'res.partner',
    by: 'name',
  });
  assert.equal(notFound('tag_ids', ['VIP', 7], {}).message, "'tag_ids': 'VIP', '7' found no match.");
});

test('a lookup that found several records says so and counts them', () => {
  same(ambiguous('partner_id', 'Bob', [3, 4, 9], { path: 'partner_id' }), 'AMBIGUOUS', "'partner_id': 'Bob' matched more than 1 record", {
    field: 'partner_id',
    value: 'Bob',
    count: 3,
    path: 'partner_id',
  });
});
