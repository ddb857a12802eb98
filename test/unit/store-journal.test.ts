import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { PART_BYTES, decodeUndo, expiredBefore, journalItems, journalKey, journalRef, readEntry, refOf, type UndoEntry } from '../../shared/store/journal';

const ref = journalRef('01JTEST.1', 1_767_225_600_000, 3);
const facts = { logId: '01JTEST', logged: true, requestId: 'r', functionName: 'create_data', model: 'sale.order', principal: 'p', principalId: 'key:p', companyId: 1, startedAt: 1, sourceIp: null };

test('a journal key leads with the deadline, so that entries past it are one range of their shard', () => {
  const key = journalKey(ref, 2, 0);
  assert.match(key.pk, /^J#\d+$/);
  assert.equal(key.sk, '1767225600000#01JTEST.1#002#00');
  assert.ok(key.sk < expiredBefore(ref.deadline + 1), 'past its deadline');
  assert.ok(!(key.sk < expiredBefore(ref.deadline)), 'not before');
  assert.equal(journalRef('01JTEST.1', 5, 3).shard, ref.shard, 'a write keeps its shard');
});

test('an undo survives the journal whole, number sets included, and names its table again', () => {
  const undo: UndoEntry[] = [
    { group: 0, item: { Delete: { TableName: 'records', Key: { pk: 'R#sale.order', sk: '000000000007' } } }, about: { kind: 'record', model: 'sale.order', id: 7 } },
    {
      group: 1,
      item: { Update: { TableName: 'records', Key: { pk: 'R#x', sk: '1' }, UpdateExpression: 'DELETE #a0 :v0', ExpressionAttributeNames: { '#a0': 'order_line' }, ExpressionAttributeValues: { ':v0': new Set([1, 2]) } } },
      about: { kind: 'record', model: 'sale.order', id: 1 },
    },
  ];
  const items = journalItems(ref, 1, undo, { rollback: true, facts });
  assert.equal(items.length, 1);
  assert.equal(JSON.stringify(items[0]).includes('"TableName"'), false, 'the table is not kept');
  const back = decodeUndo(items, 'records-2');
  assert.deepEqual(back.map((e) => (Object.values(e.item)[0] as { TableName: string }).TableName), ['records-2', 'records-2']);
  assert.deepEqual(back[1]!.item.Update!.ExpressionAttributeValues![':v0'], new Set([1, 2]));
  assert.deepEqual(back.map((e) => e.about), undo.map((e) => e.about));
  const entry = readEntry(items[0]!);
  assert.deepEqual([entry.transaction, entry.parts, entry.state, entry.rollback, entry.facts], [1, 1, 'c', true, facts]);
  assert.deepEqual(refOf(items[0]!), ref);
});

test('an undo larger than an item holds is cut into parts that come back whole in any order', () => {
  // Random bytes hardly compress: a record's old values of 800 KB need parts.
  const big = randomBytes(600_000).toString('base64');
  const undo: UndoEntry[] = [
    { group: 0, item: { Put: { TableName: 'records', Item: { pk: 'R#res.partner', sk: '1', comment: big } } }, about: { kind: 'record', model: 'res.partner', id: 1 } },
  ];
  const items = journalItems(ref, 0, undo, { rollback: false, facts: null });
  assert.ok(items.length >= 2, `${items.length} parts`);
  for (const item of items) assert.ok((item.u as Buffer).length <= PART_BYTES);
  assert.deepEqual(items.map((i) => i.np), items.map(() => items.length));
  assert.equal(items.filter((i) => 'rb' in i).length, 1, 'the first part says the rest');
  assert.equal(decodeUndo([...items].reverse(), 'records')[0]!.item.Put!.Item!.comment, big);
});
