import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { s3 } from '../../shared/files';
import { useTestApi } from '../support/api';
import { injectFault } from '../support/faults';
import { assertFailure, createRecord } from '../support/rpc';
import { foundIds, searchOutcome } from '../support/search-data';

/**
 * Values DynamoDB cannot take in a key or an expression, and searches that would read without
 * bound: each is answered (a result or a clear failure), never a 5xx. This file's table holds only
 * the records made here, so that every expected list is complete.
 */

let heal = () => {};
const ids: Record<string, number> = {};
/** 1,100 bytes: longer than any indexed value may be (1,000 bytes). */
const LONG = 'a'.repeat(1100);
/** 1,000 bytes, the longest a name may be, and above LONG from its last character on. */
const LONGEST = `${'a'.repeat(999)}b`;

const api = useTestApi(async () => {
  ids.longest = await createRecord(api, 'res.partner', { name: LONGEST, email: 'l@example.com', credit_limit: 0.5 });
  ids.as = await createRecord(api, 'res.partner', { name: 'a'.repeat(1000), ref: 'R1', credit_limit: 1000 });
  ids.b = await createRecord(api, 'res.partner', { name: 'b', ref: 'R2' });
  ids.upper = await createRecord(api, 'res.partner', { name: 'Azure', ref: 'z', email: 'a@example.com' });
  ids.order = await createRecord(api, 'sale.order', { partner_id: ids.longest });
});
afterEach(() => heal());

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

describe('search_data: bounded reads', () => {
  test('attachment contents too large for an answer are LIMIT_EXCEEDED before any file is read', async () => {
    // Two files of 2.5 MB: 6.7 MB once base64-encoded, more than an answer holds.
    const datas = Buffer.alloc(2_500_000, 7).toString('base64');
    const owner = await createRecord(api, 'res.partner', { name: 'Files', attachment_ids: [{ name: 'big-1.bin', datas }] });
    await createRecord(api, 'res.partner', { name: 'Files too', attachment_ids: [{ name: 'big-2.bin', datas }] });
    const domain = "[('name', '=like', 'big-%')]";
    let reads = 0;
    heal = injectFault(s3, (c) => c === 'GetObjectCommand' && ++reads > 0, 'ServiceUnavailable');
    const out = await searchOutcome(api, 'ir.attachment', { search_domain: domain, search_field: ['name', 'datas'] });
    assertFailure(out, 'LIMIT_EXCEEDED', "more than a response may hold; ask for fewer records ('limit')");
    assert.equal(reads, 0, 'no file was read');
    heal();
    const page = await searchOutcome(api, 'ir.attachment', { search_domain: domain, search_field: ['res_id', 'datas'], limit: 1 });
    assert.equal(page.is_success, true, JSON.stringify(page).slice(0, 300));
    assert.deepEqual([page.result[0].res_id, page.result[0].datas.length, page.next_offset], [owner, datas.length, 1]);
  });

  test('count and orders sorted in memory read at most ten times search_max_limit matches, then LIMIT_EXCEEDED', async () => {
    for (let i = 0; i < 25; i++) await createRecord(api, 'res.partner.category', { name: `cap-${String(i).padStart(2, '0')}`, color: i % 2 });
    await api.setParams({ search_max_limit: '2' });
    try {
      const domain = "[('name', '=like', 'cap-%')]";
      const search = (payload: Record<string, unknown>) => searchOutcome(api, 'res.partner.category', { search_domain: domain, limit: 2, ...payload });
      assertFailure(await search({ count: true }), 'LIMIT_EXCEEDED', "'count' counts at most 20 matching records");
      assertFailure(await search({ order: 'color, name' }), 'LIMIT_EXCEEDED', "This order sorts in memory, which reads at most 20 matching records");
      const paged = await search({ order: 'name desc' });
      assert.deepEqual([paged.is_success, paged.result.length, paged.next_offset], [true, 2, 2], 'an order an index serves reads only the page');
      const narrow = await search({ search_domain: "[('name', '=like', 'cap-1%')]", count: true, order: 'color, name' });
      assert.deepEqual([narrow.is_success, narrow.total, narrow.result.length], [true, 10, 2]);
    } finally {
      await api.setParams({ search_max_limit: '1000' });
    }
  });
});
