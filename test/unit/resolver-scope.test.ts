/**
 * Which records a lookup may find: a company-scoped model's lookups see the caller's (or parent's)
 * company and shared records, unless the operator excluded the model; archived records never.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { guardScopes } from '../../shared/resolver';
import { lookupScope, scopeKey, visible } from '../../shared/resolver/scope';

const partner = catalogue.get('res.partner')!; // company-scoped
const tag = catalogue.get('res.partner.category')!; // no company_id

test("a company-scoped model's lookups see one company, unless the operator left the model unscoped", () => {
  assert.deepEqual(lookupScope(partner, 2, new Set()), { company: 2 });
  assert.deepEqual(lookupScope(partner, 2, new Set(['res.partner.category'])), { company: 2 });
  assert.equal(lookupScope(partner, 2, new Set(['res.partner'])), 'any');
  assert.equal(lookupScope(tag, 2, new Set()), 'any');
});

test('each scope has its own batch key', () => {
  assert.equal(scopeKey('any'), 'any');
  assert.equal(scopeKey({ company: 2 }), 'c2');
});

test('a scoped lookup finds its company and shared records; an unscoped one any; archived records are never found', () => {
  const inOne = { id: 1, company: 1, active: true };
  const inTwo = { id: 2, company: 2, active: true };
  const shared = { id: 3, company: null, active: true };
  const archived = { id: 4, company: 2, active: false };
  const archivedShared = { id: 5, company: null, active: false };
  const found = (scope: Parameters<typeof visible>[1]) => [inOne, inTwo, shared, archived, archivedShared].filter((c) => visible(c, scope)).map((c) => c.id);
  assert.deepEqual(found({ company: 2 }), [2, 3]);
  assert.deepEqual(found({ company: 1 }), [1, 3]);
  assert.deepEqual(found('any'), [1, 2, 3]);
});

test("guards answer a one-company lookup of a scoped model (that company's and the shared ones), and any lookup of an unscoped model", () => {
  assert.deepEqual(guardScopes(partner, { company: 2 }), [2, null]);
  assert.equal(guardScopes(partner, 'any'), undefined);
  assert.deepEqual(guardScopes(tag, 'any'), [null]);
});
