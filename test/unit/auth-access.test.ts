import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessFor } from '../../shared/auth/access';
import type { Principal } from '../../shared/auth/principal';
import { catalogue } from '../../shared/catalogue';

const principal: Principal = { name: 'k', id: 'key:k', companyId: 1, allowedCompanyIds: [1, 3], models: ['res.partner', 'sale.order'] };
const partner = catalogue.get('res.partner')!;
const company = catalogue.get('res.company')!;
const tag = catalogue.get('res.partner.category')!; // records without a company

test('a key limited to some models may use those models only; an unlimited key every model', () => {
  const access = accessFor(principal, []);
  assert.equal(access.mayUseModel('res.partner'), true);
  assert.equal(access.mayUseModel('sale.order'), true);
  assert.equal(access.mayUseModel('product.product'), false);
  const { models: _, ...unlimited } = principal;
  assert.equal(accessFor(unlimited, []).mayUseModel('product.product'), true);
});

test('a caller may use its allowed companies only, or every company when allowed all', () => {
  const access = accessFor(principal, []);
  assert.equal(access.mayUseCompany(1), true);
  assert.equal(access.mayUseCompany(3), true);
  assert.equal(access.mayUseCompany(2), false);
  assert.equal(accessFor({ ...principal, allowedCompanyIds: 'all' }, []).mayUseCompany(99), true);
});

test("a company-scoped model shows the allowed companies' records; res.company the allowed companies themselves", () => {
  const access = accessFor(principal, []);
  assert.deepEqual(access.visibility(partner, true), { companies: [1, 3], ids: null, activeOnly: true });
  assert.deepEqual(access.visibility(company, false), { companies: null, ids: [1, 3], activeOnly: false });
  assert.deepEqual(access.visibility(tag, true), { companies: null, ids: null, activeOnly: true });
});

test('a model the operator excluded from company checks shows every record, and says so', () => {
  const access = accessFor(principal, ['res.partner']);
  assert.deepEqual([...access.unscoped], ['res.partner']);
  assert.deepEqual(access.visibility(partner, false), { companies: null, ids: null, activeOnly: false });
  assert.deepEqual(access.visibility(company, false), { companies: null, ids: [1, 3], activeOnly: false });
});

test('a caller allowed every company sees every company', () => {
  const access = accessFor({ ...principal, allowedCompanyIds: 'all' }, []);
  assert.deepEqual(access.visibility(partner, true), { companies: null, ids: null, activeOnly: true });
  assert.deepEqual(access.visibility(company, true), { companies: null, ids: null, activeOnly: true });
});
