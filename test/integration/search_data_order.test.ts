/**
 * Where search_data puts empty values: last ascending, first descending (PostgreSQL's NULLs under
 * Odoo), or where `nulls first` / `nulls last` says; the same from an index as from a sort in
 * memory, page after page, at most one Query more than the values alone take.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useTestApi } from '../support/api';
import { dynamoClient } from '../../shared/store/client';
import { injectFault } from '../support/faults';
import { assertFailure, createRecord } from '../support/rpc';
import { countBy, watchCalls } from '../support/sdk-calls';
import { foundIds, searchOutcome } from '../support/search-data';
import { shardsOf } from '../support/records';

/** Partners by what their email and city hold: b, (none), a, '', c, (none). */
const p: number[] = [];
const api = useTestApi(async () => {
  const values = ['b', null, 'a', '', 'c', null];
  for (const [i, v] of values.entries()) {
    p.push(await createRecord(api, 'res.partner', { name: `Sorted ${i}`, email: v === null || v === '' ? v : `${v}@sorted.example`, city: v }));
  }
});

const [b, none1, a, empty, c, none2] = [0, 1, 2, 3, 4, 5];
const expect = (...order: number[]) => order.map((i) => p[i]);
const sortedBy = (order: string) => foundIds(api, 'res.partner', [], { order });

describe('search_data order: empty values', () => {
  // email is indexed (read in order from its index), city is not (sorted in memory).
  for (const field of ['email', 'city']) {
    test(`by ${field}: empty values last ascending, first descending; ties in id order in the key's direction`, async () => {
      assert.deepEqual(await sortedBy(field), expect(a, b, c, none1, empty, none2));
      assert.deepEqual(await sortedBy(`${field} asc`), expect(a, b, c, none1, empty, none2));
      assert.deepEqual(await sortedBy(`${field} desc`), expect(none2, empty, none1, c, b, a));
    });

    test(`by ${field}: nulls first and nulls last put them where they say`, async () => {
      assert.deepEqual(await sortedBy(`${field} nulls first`), expect(none1, empty, none2, a, b, c));
      assert.deepEqual(await sortedBy(`${field} asc NULLS LAST`), expect(a, b, c, none1, empty, none2));
      assert.deepEqual(await sortedBy(`${field} desc nulls last`), expect(c, b, a, none2, empty, none1));
      assert.deepEqual(await sortedBy(`${field} desc nulls first`), expect(none2, empty, none1, c, b, a));
    });
  }

  test('a stray word after nulls is ORDER', async () => {
    assertFailure(await searchOutcome(api, 'res.partner', { order: 'email nulls' }), 'ORDER', "'email nulls' is not a field name followed by asc or desc, then nulls first or nulls last");
  });

  test('pages follow one another with next_offset, from the values into the empty ones', async () => {
    for (const order of ['email', 'email desc', 'email nulls first', 'email desc nulls last']) {
      const seen: number[] = [];
      let offset: number | undefined = 0;
      while (offset !== undefined) {
        const page = await searchOutcome(api, 'res.partner', { search_field: ['id'], order, limit: 2, offset });
        assert.equal(page.is_success, true, JSON.stringify(page));
        seen.push(...page.result.map((r: { id: number }) => r.id));
        offset = page.next_offset;
      }
      assert.deepEqual(seen, await sortedBy(order), order);
    }
  });

  test('an index read stops once the page is found: the empty entries cost at most one more Query', async () => {
    const cost = async (order: string, offset: number) => {
      const { result, calls, rounds } = await watchCalls(() => searchOutcome(api, 'res.partner', { search_field: ['id'], order, limit: 2, offset }));
      assert.equal(result.is_success, true, JSON.stringify(result));
      return { rounds, calls: countBy(calls) };
    };
    const queries = (n: number) => n * shardsOf('res.partner');
    // Each read of the index is a Query per shard, sent at once. The page and one more: the 3
    // entries with an email are enough for the first page ascending.
    assert.deepEqual(await cost('email', 0), { rounds: 2, calls: { QueryCommand: queries(1), BatchGetItemCommand: 1 } });
    assert.deepEqual(await cost('email', 2), { rounds: 3, calls: { QueryCommand: queries(2), BatchGetItemCommand: 1 } });
    // Descending, the empty entries come first, and the entries with a value are asked for at once
    // (when the page ends among the empty entries, that read may still be running beside the
    // records' read: overlapping calls count as one round).
    for (const offset of [0, 2]) {
      const { rounds, calls } = await cost('email desc', offset);
      assert.deepEqual(calls, { QueryCommand: queries(2), BatchGetItemCommand: 1 });
      assert.ok(rounds <= 2, `${rounds} rounds`);
    }
    assert.deepEqual(await cost('email nulls first', 0), { rounds: 2, calls: { QueryCommand: queries(1), BatchGetItemCommand: 1 } });
  });

  test('the entries asked for ahead are not waited for when the page ends before them, even when their read fails', async () => {
    // The read of the entries with an email, descending (the one asked for ahead of need).
    const ahead = (command: string, input: Record<string, unknown>) =>
      command === 'QueryCommand' && input.ScanIndexForward === false && String(input.KeyConditionExpression).includes('>=');
    const heal = injectFault(dynamoClient, ahead, 'ServiceUnavailable');
    try {
      const page = await searchOutcome(api, 'res.partner', { search_field: ['id'], order: 'email desc', limit: 2 });
      assert.equal(page.is_success, true, JSON.stringify(page));
      assert.deepEqual(page.result.map((r: { id: number }) => r.id), expect(none2, empty));
      const res = await api.call('/api/search_data', { model: 'res.partner', vals: { payload: { order: 'email desc', limit: 4 } } });
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.error.data.code, 'UNAVAILABLE');
    } finally {
      heal();
    }
  });
});
