/**
 * Stacks whose records lie under another shard count than the catalogue's, for the tests of
 * `migrate` moving them: a stack recorded before shards existed, a shop's worth of data written
 * through the API, and where every item of a model lies.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { catalogue } from '../../shared/catalogue';
import { movedKey, type Key, type MovedFamily } from '../../shared/store/keys';
import { putRecorded, readRecorded } from '../../shared/store/recorded';
import type { TestApi } from './api';
import { scanAll } from './records';
import { createRecord, ok } from './rpc';

/**
 * These tests name both layouts of a move themselves (every model on one shard, then the demo's
 * counts, then fewer): under a run that shards every model (TEST_SHARDS) there is no such move to
 * make, and they are skipped, saying why.
 */
export const skipUnderTestShards = process.env.TEST_SHARDS ? 'moves between layouts the test names itself; TEST_SHARDS sets another' : false;

/** The demo catalogue module, as a deployment names it (CATALOGUE_MODULE). */
export const DEMO = join(import.meta.dirname, '../../shared/catalogue/demo.ts');

/**
 * Makes an empty stack one recorded before shards existed: every model's state without a shard
 * count, as such stacks hold it (1 shard). Called before the first request, so that the stack
 * serves every model on one shard from its first record.
 */
export async function recordedBeforeShards(): Promise<void> {
  for (const rec of (await readRecorded()).values()) {
    const { shards: _, ...rest } = rec;
    assert.ok(await putRecorded({ ...rest, version: rec.version + 1 }, rec.version));
  }
}

export interface Shop {
  partner: number;
  products: { id: number; code: string; name: string }[];
  orders: { id: number; lines: number[] }[];
}

/** Products, a customer and orders with lines (line `i` of an order at price `i`, of product `i % products`), through the API. */
export async function fillShop(api: TestApi, o: { products: number; orders: number; lines: number }): Promise<Shop> {
  const partner = await createRecord(api, 'res.partner', { name: 'Buyer', ref: 'BUYER' });
  const products: Shop['products'] = [];
  for (let i = 0; i < o.products; i++) {
    const code = `P-${String(i).padStart(3, '0')}`;
    const name = `Product ${String(i).padStart(3, '0')}`;
    products.push({ id: await createRecord(api, 'product.product', { name, default_code: code, list_price: i }), code, name });
  }
  const orders: Shop['orders'] = [];
  for (let n = 0; n < o.orders; n++) {
    const order_line = Array.from({ length: o.lines }, (_, i) => ({ product_id: { default_code: products[i % products.length]!.code }, price_unit: i }));
    const created = await ok(api, 'create_data', 'sale.order', { payload: { partner_id: partner, order_line }, result_field: ['order_line'] });
    orders.push({ id: created.id as number, lines: created.order_line as number[] });
  }
  return { partner, products, orders };
}

/** Which family of `model` an item is (from its partition key), and whether its key has a shard; null: not the model's. */
function familyOf(model: string, pk: string): { family: MovedFamily; sharded: boolean } | null {
  const parts = pk.split('#');
  if (parts[1] !== model) return null;
  if (parts[0] === 'R') return { family: { kind: 'record' }, sharded: parts.length > 2 };
  if (parts[0] === 'I') return { family: { kind: 'index', field: parts[2]! }, sharded: parts.length > 3 };
  if (parts[0] === 'U' && parts[2] !== '@search_key') return { family: { kind: 'guard', field: parts[2]! }, sharded: parts.length > 4 };
  return null;
}

/** Items of `model` that do not lie where `shards` shards put them (left by a move, or not moved). */
export async function misplaced(model: string, shards: number, items?: Record<string, unknown>[]): Promise<string[]> {
  const fields = catalogue.get(model)!.fields;
  const out: string[] = [];
  for (const item of items ?? (await scanAll())) {
    const key = item as unknown as Key;
    const found = familyOf(model, key.pk);
    if (!found) continue;
    const place = movedKey(key, found.family, { shards: found.sharded ? 2 : 1 }, { name: model, shards, fields });
    if (place.pk !== key.pk) out.push(`${key.pk} ${key.sk}`);
  }
  return out;
}

/**
 * The items of the models, each with its partition key's shard left out: what a move must carry
 * over whole (every item once, with every attribute), wherever it puts them.
 */
export async function contentOf(models: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const item of await scanAll()) {
    const pk = String(item.pk);
    const model = models.find((m) => familyOf(m, pk));
    if (!model) continue;
    const { family, sharded } = familyOf(model, pk)!;
    const base = sharded ? pk.slice(0, pk.lastIndexOf('#')) : pk;
    const { pk: _, ...rest } = item;
    out.push(`${base} ${family.kind} ${JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)), (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v))}`);
  }
  return out.sort();
}
