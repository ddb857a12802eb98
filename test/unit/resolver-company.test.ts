/**
 * A record's company as the rounds learn it, and the `company_id` it is written with: a stored
 * number is that company, anything else none; only a known company is written.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_COMPANY, UNSETTLED, companyOf, inCompany, storedCompany } from '../../shared/resolver/company';

test("a stored company_id is that company; an empty one is no company", () => {
  assert.deepEqual(companyOf(3), { state: 'company', id: 3 });
  assert.deepEqual(companyOf(null), { state: 'none' });
  assert.deepEqual(companyOf(undefined), { state: 'none' });
  assert.deepEqual(companyOf(false), { state: 'none' });
});

test('a record is written with its company, or with company_id empty when it has none or it is still unsettled', () => {
  assert.equal(storedCompany(inCompany(2)), 2);
  assert.equal(storedCompany(companyOf(5)), 5);
  assert.equal(storedCompany(NO_COMPANY), null);
  assert.equal(storedCompany(UNSETTLED), null);
});
