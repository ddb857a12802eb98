/**
 * Record ids drawn in blocks (store/ids.ts), over a counter kept in memory and a clock the test
 * moves: what callers may rely on (docs/scale.md, "Record ids"), at any pace of requests.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ID_BLOCK_MS, IdBlocks } from '../../shared/store/ids';

/** A counter per name, drawn as UpdateItem ADD draws it (after a turn of the event loop), and every draw's size. */
function counter() {
  const values = new Map<string, number>();
  const draws: number[] = [];
  const draw = async (name: string, count: number) => {
    await new Promise((r) => setImmediate(r));
    draws.push(count);
    const n = (values.get(name) ?? 0) + count;
    values.set(name, n);
    return n - count + 1;
  };
  return { draw, draws };
}

test('a container creating now and then hands out consecutive ids, drawing exactly what each request needs', async () => {
  const c = counter();
  let now = 0;
  const ids = new IdBlocks(c.draw, new Map(), () => now);
  const got: number[] = [];
  for (const n of [1, 3, 1, 50]) {
    got.push(...(await ids.take('res.partner', n)));
    now += ID_BLOCK_MS;
  }
  assert.deepEqual(got, Array.from({ length: 55 }, (_, i) => i + 1));
  assert.deepEqual(c.draws, [1, 3, 1, 50]);
});

test('a busy container draws twice its last block each time, up to the largest, and its ids increase', async () => {
  const c = counter();
  const ids = new IdBlocks(c.draw, new Map(), () => 0);
  const got: number[] = [];
  for (let i = 0; i < 3000; i++) got.push(...(await ids.take('sale.order.line', 1)));
  assert.deepEqual(c.draws, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 1000]);
  assert.deepEqual(got, Array.from({ length: 3000 }, (_, i) => i + 1));
});

test('a block kept too long is dropped: a record made that much later than another has a higher id, whichever container made each', async () => {
  const c = counter();
  let now = 0;
  const a = new IdBlocks(c.draw, new Map(), () => now);
  const b = new IdBlocks(c.draw, new Map(), () => now);
  for (let i = 0; i < 10; i++) await a.take('sale.order', 1); // a holds ids it has not handed out
  const early = await b.take('sale.order', 1);
  now += ID_BLOCK_MS;
  const [late] = await a.take('sale.order', 1);
  assert.ok(late! > early[0]!, `${late} after ${early[0]}`);
});

test('concurrent requests of one container and of several never get the same id', async () => {
  const c = counter();
  const containers = [0, 1, 2].map(() => new IdBlocks(c.draw, new Map(), () => 0));
  const taken = await Promise.all(Array.from({ length: 300 }, (_, i) => containers[i % 3]!.take('sale.order.line', 1 + (i % 7))));
  const all = taken.flat();
  assert.equal(new Set(all).size, all.length);
  assert.ok(all.every((id) => Number.isSafeInteger(id) && id > 0));
  for (const ids of taken) assert.deepEqual([...ids].sort((x, y) => x - y), ids, 'a request\'s ids increase');
});

test('a simulation hands out what the next take would, and leaves the blocks as they were', async () => {
  const c = counter();
  const ids = new IdBlocks(c.draw, new Map(), () => 0);
  for (let i = 0; i < 5; i++) await ids.take('res.partner', 1); // blocks of 1, 2 and 4: ids 6 and 7 left, the counter at 7
  let peeked = 0;
  const dry = ids.simulate(async (_name, count) => {
    const first = 8 + peeked; // what a dry run's peek reads: the counter's next number
    peeked += count;
    return first;
  });
  const shown = await dry.take('res.partner', 3);
  assert.deepEqual(shown, [6, 7, 8]);
  assert.deepEqual(await ids.take('res.partner', 3), shown);
});
