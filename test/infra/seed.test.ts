/**
 * The deploy-time seed (infra/seed.ts) against DynamoDB Local: the transaction the stack's custom
 * resource sends must leave a records table as the local stack's own seed does.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SEED_TIME, seedTransaction } from '../../infra/seed';
import { resourceEnvironment, type Resources } from '../../local/names';

const suffix = randomBytes(4).toString('hex');
const local: Resources = {
  recordsTable: `records-${suffix}`,
  authTable: `auth-${suffix}`,
  logsTable: `logs-${suffix}`,
  filesBucket: `files-${suffix}`,
  paramsPrefix: `/webhook/test-${suffix}/`,
};
const deployed = `records-deployed-${suffix}`;

const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client);

/** Every item of a table, keyed `pk sk` (test-only: a Scan). */
async function items(table: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const res = await documents.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
    for (const item of res.Items ?? []) out.set(`${item.pk} ${item.sk}`, item);
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

const withoutTimes = (all: Map<string, Record<string, unknown>>) =>
  new Map([...all].map(([key, { create_date: _c, write_date: _w, ...rest }]) => [key, rest]));

const deploySeed = () => client.send(new TransactWriteItemsCommand({ TransactItems: seedTransaction(deployed) }));

before(async () => {
  Object.assign(process.env, resourceEnvironment(local));
  const { ensureTable, prepareResources } = await import('../../local/resources');
  await prepareResources(local);
  await ensureTable(client, deployed, 'records');
});
after(() => client.destroy());

describe('company 1 at deploy time', () => {
  test('the seed transaction writes company 1 as the local stack does: record, index entries, unique guard and id counter', async () => {
    await deploySeed();
    const mine = await items(deployed);
    assert.deepEqual(withoutTimes(mine), withoutTimes(await items(local.recordsTable)));
    const company = mine.get('R#res.company 000000000001');
    assert.equal(company?.name, 'My Company');
    assert.equal(company?.create_date, SEED_TIME);
    assert.equal(mine.get('C#id#res.company #')?.n, 1);
  });

  test('a redeploy is cancelled by its own conditions and changes nothing', async () => {
    const before = await items(deployed);
    await assert.rejects(deploySeed(), { name: 'TransactionCanceledException' });
    assert.deepEqual(await items(deployed), before);
  });
});
