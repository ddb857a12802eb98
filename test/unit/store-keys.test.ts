import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildCatalogue, type ModelSpec } from '../../shared/catalogue';
import { char, many2one } from '../../shared/catalogue/fields';
import { models } from '../../shared/catalogue/demo';
import { guardKey, indexKey, movedKey, recordKey, recordPartitions, valuePartitions, indexPartitions } from '../../shared/store/keys';
import { mergeShards } from '../../shared/store/merge';

const runs = Number(process.env.FC_RUNS ?? 200);
const catalogue = buildCatalogue(models);
const partners = catalogue.get('res.partner')!;
const lines = catalogue.get('sale.order.line')!;

test('a model of one shard keeps the keys it always had', () => {
  assert.deepEqual(recordKey(partners, 5), { pk: 'R#res.partner', sk: '000000000005' });
  assert.equal(indexKey(partners, 'ref', 'C1', 5).pk, 'I#res.partner#ref');
  assert.equal(guardKey(partners, 'ref', 1, 'C1').pk, 'U#res.partner#ref#1');
  assert.deepEqual(recordPartitions(partners), ['R#res.partner']);
});

test("a sharded model's consecutive records take every shard in turn", () => {
  const used = Array.from({ length: lines.shards }, (_, i) => recordKey(lines, 1000 + i).pk);
  assert.deepEqual(new Set(used), new Set(recordPartitions(lines)));
  assert.equal(recordPartitions(lines).length, 32);
  assert.equal(recordKey(lines, 33).pk, 'R#sale.order.line#1');
});

test('the lines of one order, of one product, of one company spread like their records', () => {
  // Fifty lines of an order share order_id, product and company: hashing the value would put them on one key.
  const keys = Array.from({ length: 50 }, (_, i) => indexKey(lines, 'order_id', 7, 100 + i).pk);
  assert.equal(new Set(keys).size, 32);
  assert.deepEqual(valuePartitions(lines, 'order_id', 7), indexPartitions(lines, 'order_id'));
});

const sharded: ModelSpec = { name: 'x.code', description: 'codes', recName: 'code', shards: 8, fields: { code: char({ unique: true }), parent_id: many2one('x.code', { index: true }) } };
const codes = buildCatalogue([sharded]).get('x.code')!;

test("an identifying value's entries and guard lie on the one shard its lookup reads", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.nat({ max: 1e9 }), fc.nat({ max: 1e9 }), (value, a, b) => {
      const read = valuePartitions(codes, 'code', value);
      assert.equal(read.length, 1);
      assert.equal(indexKey(codes, 'code', value, a).pk, read[0]);
      assert.equal(indexKey(codes, 'code', value, b).pk, read[0]);
      assert.match(guardKey(codes, 'code', null, value || 'x').pk, /^U#x\.code#code#-#[0-7]$/);
    }),
    { numRuns: runs },
  );
});

test('an item moved between shard counts lands where the new count puts it, from its key alone', () => {
  const count = fc.constantFrom(1, 2, 4, 8, 32);
  fc.assert(
    fc.property(count, count, fc.string({ maxLength: 40 }), fc.nat({ max: 1e9 }), fc.constantFrom(null, 1, 7), (a, b, value, id, scope) => {
      const [from, to] = [{ ...codes, shards: a }, { ...codes, shards: b }];
      assert.deepEqual(movedKey(recordKey(from, id), { kind: 'record' }, from, to), recordKey(to, id));
      for (const field of ['code', 'parent_id']) {
        const v = field === 'code' ? value : id % 97;
        assert.deepEqual(movedKey(indexKey(from, field, v, id), { kind: 'index', field }, from, to), indexKey(to, field, v, id));
      }
      assert.deepEqual(movedKey(guardKey(from, 'code', scope, value || 'x'), { kind: 'guard', field: 'code' }, from, to), guardKey(to, 'code', scope, value || 'x'));
    }),
    { numRuns: runs },
  );
});

test('values spread over the shards', () => {
  const shards = new Set(Array.from({ length: 200 }, (_, i) => indexKey(codes, 'code', `P${i}`, i).pk));
  assert.equal(shards.size, 8);
});

test('a shard count that is not a power of two is refused', () => {
  assert.throws(() => buildCatalogue([{ ...sharded, shards: 12 }]), /power of two/);
  assert.throws(() => buildCatalogue([{ ...sharded, shards: 0 }]), /power of two/);
});

async function* pagesOf(items: number[], size: number, reads: number[], shard: number): AsyncGenerator<number[]> {
  for (let i = 0; i < items.length; i += size) {
    reads[shard]!++;
    yield items.slice(i, i + size);
  }
}

test('merged shards come in order, each read no further than the merge needs', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.uniqueArray(fc.nat({ max: 500 })), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 7 }), async (shards, size) => {
      const sorted = shards.map((s) => [...s].sort((a, b) => a - b));
      const reads = sorted.map(() => 0);
      const out: number[] = [];
      for await (const page of mergeShards(sorted.map((s, i) => pagesOf(s, size, reads, i)), (a, b) => a - b)) out.push(...page);
      assert.deepEqual(out, sorted.flat().sort((a, b) => a - b));
    }),
    { numRuns: runs },
  );
  // Stopping after the first page reads one page of each shard, no more.
  const reads = [0, 0, 0];
  const merged = mergeShards([[1, 4, 7, 10], [2, 5, 8, 11], [3, 6, 9, 12]].map((s, i) => pagesOf(s, 2, reads, i)), (a, b) => a - b);
  const first = await merged.next();
  assert.deepEqual(first.value, [1, 2, 3, 4]);
  assert.deepEqual(reads, [1, 1, 1]);
});
