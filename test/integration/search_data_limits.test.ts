import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApi, type TestApi } from '../support/api';
import { createRecord } from '../support/rpc';
import { foundIds } from '../support/search-data';

/**
 * Values DynamoDB cannot take in a key or an expression, and searches that would read without
 * bound: each is answered (a result or a clear failure), never a 5xx. This file's table holds only
 * the records made here, so that every expected list is complete.
 */

let api: TestApi;
const ids: Record<string, number> = {};
/** 1,100 bytes: longer than any indexed value may be (1,000 bytes). */
const LONG = 'a'.repeat(1100);
/** 1,000 bytes, the longest a name may be, and above LONG from its last character on. */
const LONGEST = `${'a'.repeat(999)}b`;

before(async () => {
  api = await startTestApi();
  ids.longest = await createRecord(api, 'res.partner', { name: LONGEST, email: 'l@example.com', credit_limit: 0.5 });
  ids.as = await createRecord(api, 'res.partner', { name: 'a'.repeat(1000), ref: 'R1', credit_limit: 1000 });
  ids.b = await createRecord(api, 'res.partner', { name: 'b', ref: 'R2' });
  ids.upper = await createRecord(api, 'res.partner', { name: 'Azure', ref: 'z', email: 'a@example.com' });
  ids.order = await createRecord(api, 'sale.order', { partner_id: ids.longest });
});
after(() => api.stop());

const partners = (domain: unknown, extra: Record<string, unknown> = {}) => foundIds(api, 'res.partner', domain, extra);

describe('search_data: an empty text as a bound on an indexed field', () => {
  test(">= '' is every value, < '' none, and a range from '' keeps its upper bound", async () => {
    assert.deepEqual(await partners("[('name', '>=', '')]"), [ids.longest, ids.as, ids.b, ids.upper]);
    assert.deepEqual(await partners("[('email', '<', '')]"), []);
    assert.deepEqual(await partners("[('email', '<=', '')]"), []);
    assert.deepEqual(await partners("[('email', '>', '')]"), [ids.longest, ids.upper]);
    assert.deepEqual(await partners("[('ref', '>=', ''), ('ref', '<=', 'R9')]"), [ids.as, ids.b]);
    assert.deepEqual(await partners("[('name', '>=', '')]", { order: 'name desc' }), [ids.b, ids.longest, ids.as, ids.upper]);
  });
});

describe('search_data: a text longer than an indexed field holds', () => {
  test('= and in never match it, != and not in match everything, also through a path and a name', async () => {
    const all = [ids.longest, ids.as, ids.b, ids.upper];
    assert.deepEqual(await partners([['name', '=', LONG]]), []);
    assert.deepEqual(await partners([['name', 'in', [LONG, 'b']]]), [ids.b]);
    assert.deepEqual(await partners([['name', '!=', LONG]]), all);
    assert.deepEqual(await partners([['name', 'not in', [LONG]]]), all);
    assert.deepEqual(await partners([['name', '=like', LONG]]), []);
    assert.deepEqual(await foundIds(api, 'sale.order', [['partner_id.name', '=', LONG]]), []);
    assert.deepEqual(await foundIds(api, 'sale.order', [['partner_id', '=', LONG]]), []);
    assert.deepEqual(await foundIds(api, 'sale.order', [['partner_id.name', '!=', LONG]]), [ids.order]);
  });

  test('a range or a prefix beyond it is answered by the values stored', async () => {
    assert.deepEqual(await partners([['name', '>', LONG]]), [ids.longest, ids.b]);
    assert.deepEqual(await partners([['name', '<', LONG]]), [ids.as, ids.upper]);
    assert.deepEqual(await partners([['name', '>=', 'a'], ['name', '<=', LONG]]), [ids.as]);
    assert.deepEqual(await partners([['name', '=like', `${LONG}%`]]), []);
    assert.deepEqual(await partners([['name', '=like', `${'a'.repeat(999)}%`]]), [ids.longest, ids.as]);
    // Cut inside a character of several bytes: a value that differs from the bound there still counts.
    const cut = `${'a'.repeat(999)}\u20ac${'z'.repeat(10)}`;
    assert.deepEqual(await partners([['name', '<', cut], ['name', '>', 'a']]), [ids.longest, ids.as]);
    assert.deepEqual(await partners([['name', '>', cut]]), [ids.b]);
    assert.deepEqual(await foundIds(api, 'sale.order', [['partner_id.name', '>', LONG]]), [ids.order]);
  });
});

describe('search_data: numbers DynamoDB cannot carry', () => {
  test('a number beyond what DynamoDB stores is compared in memory, without error', async () => {
    assert.deepEqual(await partners("[('credit_limit', '>', 1e16)]"), []);
    assert.deepEqual(await partners("[('credit_limit', '<', 1e16)]"), [ids.longest, ids.as]);
    assert.deepEqual(await partners("[('credit_limit', '>', 1e-200)]"), [ids.longest, ids.as]);
    assert.deepEqual(await partners("[('credit_limit', '<', -1e-200)]"), []);
    assert.deepEqual(await partners("[('credit_limit', 'in', [1e300, 1000])]"), [ids.as]);
    assert.deepEqual(await partners("[('credit_limit', '!=', 1e300)]"), [ids.longest, ids.as, ids.b, ids.upper]);
    assert.deepEqual(await partners([['id', '>', 1e16]]), []);
    assert.deepEqual(await partners([['id', '>=', 1e-200]]), [ids.longest, ids.as, ids.b, ids.upper]);
  });
});
