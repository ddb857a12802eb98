import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { catalogue } from '../shared/catalogue';
import { toDatetime } from '../shared/catalogue/values';
import { getConfig } from '../shared/config';
import { firstStartStates } from '../shared/migration/recorded';
import { FIRST_COMPANY, seedPlan } from '../shared/seed';
import { commitPlan, dynamo, readRecords, StoreError } from '../shared/store';
import { putRecorded } from '../shared/store/recorded';
import { counterKey, idCounter } from '../shared/store/keys';
import { TABLES, type TableName } from '../shared/tables';
import type { Resources } from './names';

/**
 * Creates what is missing (tables, TTL, the bucket) and seeds company 1, through the same
 * environment the handlers use. Safe to run on every start.
 */
export async function prepareResources(r: Resources): Promise<void> {
  const client = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    const names: Record<TableName, string> = { records: r.recordsTable, auth: r.authTable, logs: r.logsTable };
    await Promise.all((Object.keys(TABLES) as TableName[]).map((t) => ensureTable(client, names[t], t)));
    await s3.send(new CreateBucketCommand({ Bucket: r.filesBucket })).catch((e: { name?: string }) => {
      if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
    });
    await seed();
  } finally {
    client.destroy();
    s3.destroy();
  }
}

export async function ensureTable(client: DynamoDBClient, name: string, table: TableName): Promise<void> {
  const schema = TABLES[table];
  const indexes: GlobalSecondaryIndex[] = schema.indexes.map((ix) => ({
    IndexName: ix.name,
    KeySchema: [
      { AttributeName: ix.partitionKey, KeyType: 'HASH' },
      { AttributeName: ix.sortKey, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  }));
  const attributes = new Set(['pk', 'sk', ...schema.indexes.flatMap((ix) => [ix.partitionKey, ix.sortKey])]);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((a) => ({ AttributeName: a, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
      }),
    );
    if (schema.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: schema.ttlAttribute, Enabled: true } }),
      );
    }
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
    await addMissingIndexes(client, name, indexes);
  }
}

/** A table kept in `DATA_DIR` from an older version gets the indexes added since (one a call). */
async function addMissingIndexes(client: DynamoDBClient, name: string, indexes: GlobalSecondaryIndex[]): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((ix) => ix.IndexName));
  for (const ix of indexes.filter((i) => !existing.has(i.IndexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: ix.KeySchema!.map((k) => ({ AttributeName: k.AttributeName!, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [{ Create: ix }],
      }),
    );
  }
}

async function seed(): Promise<void> {
  const companies = catalogue.get('res.company')!;
  const existing = await readRecords(companies, [FIRST_COMPANY.id]);
  if (!existing.has(FIRST_COMPANY.id)) {
    try {
      await commitPlan(seedPlan(catalogue, toDatetime(new Date())), { atomic: true });
      // An empty stack: its records are written under this catalogue from the first (see migrate).
      await Promise.all(firstStartStates(catalogue.models.values()).map((rec) => putRecorded(rec, null)));
    } catch (e) {
      if (!(e instanceof StoreError)) throw e; // another process seeded it first
    }
  }
  // Ids handed out later must come after the seeded one.
  await dynamo.send(
    new UpdateCommand({
      TableName: getConfig().recordsTable,
      Key: counterKey(idCounter(companies.name)),
      UpdateExpression: 'SET #n = if_not_exists(#n, :first)',
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: { ':first': FIRST_COMPANY.id },
    }),
  );
}
