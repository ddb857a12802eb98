import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { useTestApi } from '../support/api';
import { allLogs } from '../support/logs';
import { snapshot, unique } from '../support/records';
import { assertFailure, createRecord } from '../support/rpc';
import { watchCalls } from '../support/sdk-calls';
import { getConfig } from '../../shared/config';
import { getFile } from '../../shared/files';
import { dynamo } from '../../shared/store';
import { keptAnswerKey } from '../../shared/store/keys';

// Retries never write twice: a request sent again with its Idempotency-Key gets the first answer.

let partnerId: number;
const api = useTestApi(async () => {
  partnerId = await createRecord(api, 'res.partner', { name: unique('idem') });
});

const keyed = (key: string, id: number | string = 1) => ({ headers: { 'Idempotency-Key': key }, id });

/** Records, index entries and guards only: the kept answers are not records. */
const records = async () => (await snapshot()).filter((k) => /^[RIU]#/.test(k));

/** The item of a key of the development key's, found through the log of the call that sent it. */
async function keptItemKey(route: string, key: string) {
  const log = (await allLogs({ route })).find((l) => l.idempotency_key === key)!;
  return keptAnswerKey(route, log.principal_id, key);
}

async function partnersNamed(name: string): Promise<number[]> {
  const res = await api.call('/api/search_data', { model: 'res.partner', vals: { payload: { search_domain: `[('name', '=', '${name}')]`, search_field: ['name'] } } });
  return (res.body.result.result as { id: number }[]).map((r) => r.id);
}

describe('a request sent again with its key', () => {
  test('writes once: the same answer (but the JSON-RPC id), marked Idempotent-Replayed, logged as replayed', async () => {
    const name = unique('Once');
    const key = unique('key-');
    const params = { model: 'res.partner', vals: { payload: { name } } };
    const first = await api.call('/api/create_data', params, keyed(key, 1));
    const second = await api.call('/api/create_data', params, keyed(key, 2));
    const third = await api.call('/api/create_data', params, keyed(key, 'three'));

    assert.equal(first.body.result.is_success, true, JSON.stringify(first.body));
    assert.deepEqual(await partnersNamed(name), [first.body.result.result.id]);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    for (const [again, id] of [[second, 2], [third, 'three']] as const) {
      assert.equal(again.status, 200);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.body, { ...first.body, id });
    }
    const logs = await allLogs({ route: 'create_data' });
    const [l3, l2, l1] = logs;
    assert.deepEqual([l1!.state, l2!.state, l3!.state], ['done', 'replayed', 'replayed']);
    assert.deepEqual([l1!.idempotency_key, l2!.idempotency_key, l3!.idempotency_key], [key, key, key]);
    assert.deepEqual([l1!.original_log_id, l2!.original_log_id, l3!.original_log_id], [undefined, l1!.log_id, l1!.log_id]);
    assert.deepEqual(l2!.res_ids, [], 'a replay writes nothing');
  });

  test('with other params is refused with 422 IDEMPOTENCY_KEY_REUSED, and nothing is written', async () => {
    const key = unique('key-');
    await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('First') } } }, keyed(key));
    const before = await records();
    const other = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('Other') } } }, keyed(key));
    assert.equal(other.status, 422);
    assert.equal(other.body.error.data.code, 'IDEMPOTENCY_KEY_REUSED');
    assert.match(other.body.error.message, /already used with other params; nothing was written/);
    assert.deepEqual(await records(), before);
  });

  test('compares params as canonical JSON: the order of keys does not make another request', async () => {
    const key = unique('key-');
    const name = unique('Order');
    const first = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name, ref: name } } }, keyed(key));
    const again = await api.call('/api/create_data', { vals: { payload: { ref: name, name } }, model: 'res.partner' }, keyed(key));
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
  });

  test('of another caller, or on another route, is another request', async () => {
    const key = unique('key-');
    const name = unique('Shared');
    const other = await api.createKey({ companyId: 1, allowedCompanyIds: 'all' });
    const mine = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name } } }, keyed(key));
    const theirs = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name } } }, { ...keyed(key), key: other });
    assert.equal(theirs.headers.get('idempotent-replayed'), null);
    assert.notEqual(theirs.body.result.result.id, mine.body.result.result.id);
    const update = await api.call('/api/update_data', { model: 'res.partner', vals: { search_key: { id: mine.body.result.result.id }, payload: { city: 'Lyon' } } }, keyed(key));
    assert.equal(update.body.result.is_success, true, JSON.stringify(update.body));
    assert.equal(update.headers.get('idempotent-replayed'), null);
    assert.equal((await partnersNamed(name)).length, 2);
  });

  test('that failed without writing runs again: the missing product created meanwhile, the retry writes the order', async () => {
    const key = unique('key-');
    const code = unique('LATE');
    const params = { model: 'sale.order', vals: { payload: { partner_id: partnerId, order_line: [{ product_id: { default_code: code }, price_unit: 5 }] } } };
    const before = await records();
    const failed = await api.call('/api/create_data', params, keyed(key));
    assertFailure(failed, 'NOT_FOUND');
    assert.deepEqual(await records(), before, 'nothing written, so nothing kept');
    await createRecord(api, 'product.product', { name: code, default_code: code });
    const retried = await api.call('/api/create_data', params, keyed(key));
    assert.equal(retried.body.result.is_success, true, JSON.stringify(retried.body));
    assert.equal(retried.headers.get('idempotent-replayed'), null);
  });

  test('is answered from the key even when running it again would now fail', async () => {
    const key = unique('key-');
    const ref = unique('GONE');
    const params = { model: 'res.partner', vals: { payload: { name: ref, ref } } };
    const first = await api.call('/api/create_data', params, keyed(key));
    // The same request without the key would now be refused (the ref is taken by the first).
    assertFailure(await api.call('/api/create_data', params), 'DUPLICATE');
    const again = await api.call('/api/create_data', params, keyed(key));
    assert.deepEqual(again.body, first.body);
  });

  test('as a dry run neither reads nor takes the key: the real call after it writes', async () => {
    const key = unique('key-');
    const name = unique('Dry');
    const dry = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name }, dry_run: true } }, keyed(key));
    assert.equal(dry.body.result.result.dry_run, true);
    const real = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name } } }, keyed(key));
    assert.equal(real.headers.get('idempotent-replayed'), null);
    assert.deepEqual(await partnersNamed(name), [real.body.result.result.id]);
  });

  test('gets an answer too large for the key\'s item whole: kept in S3, given again byte for byte', async () => {
    const key = unique('key-');
    // Random text does not compress: two lines of it in the answer are far over what an item holds.
    const code = unique('BIG');
    await createRecord(api, 'product.product', { name: code, default_code: code });
    const lines = [0, 1].map(() => ({ product_id: { default_code: code }, name: randomBytes(220_000).toString('base64') }));
    const params = {
      model: 'sale.order',
      vals: { payload: { partner_id: partnerId, order_line: lines }, result_field: ['order_line{name}'] },
    };
    const first = await api.call('/api/create_data', params, keyed(key, 1));
    assert.equal(first.body.result.is_success, true, JSON.stringify(first.body).slice(0, 500));
    assert.deepEqual(first.body.result.result.order_line.map((l: { name: string }) => l.name), lines.map((l) => l.name));
    const again = await api.call('/api/create_data', params, keyed(key, 2));
    assert.equal(again.headers.get('idempotent-replayed'), 'true', JSON.stringify(again.body).slice(0, 500));
    assert.deepEqual(again.body, { ...first.body, id: 2 });
    const item = (await dynamo.send(new GetCommand({ TableName: getConfig().recordsTable, Key: await keptItemKey('create_data', key) }))).Item!;
    assert.equal(item.body, undefined);
    assert.match(String(item.obj), /^logs\/answers\//);
    assert.ok((await getFile(String(item.obj))).length > 400_000, 'the object holds the compressed answer');
  });

  test('after its answer expired runs again', async () => {
    const key = unique('key-');
    const name = unique('Expired');
    const params = { model: 'res.partner', vals: { payload: { name } } };
    await api.call('/api/create_data', params, keyed(key));
    // DynamoDB deletes expired items within a few days; until it does, an expired key is not one.
    await dynamo.send(
      new UpdateCommand({
        TableName: getConfig().recordsTable,
        Key: await keptItemKey('create_data', key),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    const again = await api.call('/api/create_data', params, keyed(key));
    assert.equal(again.headers.get('idempotent-replayed'), null);
    assert.equal((await partnersNamed(name)).length, 2);
  });
});

describe('the Idempotency-Key header', () => {
  test('that is not 1 to 255 printable ASCII characters is refused with 400, and nothing is written', async () => {
    const before = await records();
    const cases: [string, string][] = [
      ['k'.repeat(256), 'is 256 characters long'],
      ['', 'is empty'],
      ['clé', 'holds a character other than printable ASCII'],
      ['tab\there', 'holds a character other than printable ASCII'],
    ];
    for (const [value, why] of cases) {
      const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('Never') } } }, { headers: { 'Idempotency-Key': value } });
      assert.equal(res.status, 400, value);
      assert.equal(res.body.error.data.code, 'INVALID_IDEMPOTENCY_KEY');
      assert.match(res.body.error.message, new RegExp(`header ${why}`));
    }
    assert.deepEqual(await records(), before);
    const longest = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('Long') } } }, keyed('k'.repeat(255)));
    assert.equal(longest.body.result.is_success, true);
  });

  test('is kept idempotency_hours, as the DynamoDB TTL of its item', async () => {
    await api.setParam('idempotency_hours', '2');
    try {
      let item: Record<string, unknown> | undefined;
      // The parameter cache may still hold the default for a moment: send new keys until it is read.
      for (let i = 0; i < 40; i++) {
        const key = unique('key-');
        const sent = Math.floor(Date.now() / 1000);
        const res = await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: unique('Ttl') } } }, keyed(key));
        item = (await dynamo.send(new GetCommand({ TableName: getConfig().recordsTable, Key: await keptItemKey('create_data', key) }))).Item;
        assert.ok(item, JSON.stringify(res.body));
        const hours = (Number(item.expiresAt) - sent) / 3600;
        if (hours < 3) {
          assert.ok(hours > 1.99 && hours <= 2.01, `expires in ${hours} hours`);
          return;
        }
        assert.ok(hours > 23.99 && hours <= 24.01, `expires in ${hours} hours`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail('idempotency_hours never applied');
    } finally {
      await api.setParam('idempotency_hours', '24');
    }
  });
});

test('a write of one transaction costs no extra round with a key: the key is read beside the lookups', async () => {
  const tag = unique('tag');
  await createRecord(api, 'res.partner.category', { name: tag });
  const payload = () => ({ name: unique('Rounds'), category_id: [{ name: tag }] });
  const measure = async (options: object) => {
    const { result, rounds, calls } = await watchCalls(() => api.call('/api/create_data', { model: 'res.partner', vals: { payload: payload() } }, options), { withoutIdDraws: true });
    assert.equal(result.body.result.is_success, true);
    return { rounds, transactions: calls.filter((c) => c.command === 'TransactWriteItemsCommand').length };
  };
  await measure({});
  const without = await measure({});
  const withKey = await measure(keyed(unique('key-')));
  assert.deepEqual(withKey, without);
});

test('20 concurrent sends of a 60-line order with one key make one order; each answer is that order or 409 IN_PROGRESS', async () => {
  const code = unique('CONC');
  await createRecord(api, 'product.product', { name: code, default_code: code });
  const ref = unique('ORDER');
  const params = {
    model: 'sale.order',
    vals: { payload: { partner_id: partnerId, client_order_ref: ref, order_line: Array.from({ length: 60 }, (_, i) => ({ product_id: { default_code: code }, price_unit: i + 1 })) } },
  };
  const key = unique('key-');
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => api.call('/api/create_data', params, keyed(key, i))));
  const orders = await api.call('/api/search_data', { model: 'sale.order', vals: { payload: { search_domain: `[('client_order_ref', '=', '${ref}')]`, search_field: ['order_line'] } } });
  const found = orders.body.result.result as { id: number; order_line: number[] }[];
  assert.equal(found.length, 1, 'one order');
  assert.equal(found[0]!.order_line.length, 60);
  for (const a of answers) {
    assert.ok(a.status < 500, JSON.stringify(a.body));
    if (a.status === 409) {
      assert.equal(a.body.error.data.code, 'IDEMPOTENCY_IN_PROGRESS');
      assert.equal(a.headers.get('retry-after'), '1');
    } else {
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(a.body.result.result.id, found[0]!.id, JSON.stringify(a.body));
    }
  }
  const sent = await api.call('/api/create_data', params, keyed(key, 'late'));
  assert.equal(sent.body.result.result.id, found[0]!.id, 'once the first is answered, every retry gets its answer');
});
