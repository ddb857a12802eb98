import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Move, RecordedModel } from '../migration/recorded';
import { getConfig } from '../config';
import { dynamo } from './client';
import type { Item } from './items';
import { RECORDED_PARTITION, checkpointKey, recordedKey } from './keys';
import { queryAll } from './reads';

/**
 * The recorded catalogue (one item per model) and migration checkpoints, in the records table.
 * Every change of a model's state is conditioned on the version read, so that a migration and a
 * deployment marking families stale never overwrite each other.
 */

/** Every model's recorded state: one strongly consistent Query. */
export async function readRecorded(): Promise<Map<string, RecordedModel>> {
  const items = await queryAll({
    TableName: getConfig().recordsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': RECORDED_PARTITION },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [String(item.sk), fromItem(item)]));
}

function fromItem(item: Item): RecordedModel {
  return {
    model: String(item.sk),
    fields: (item.fields ?? {}) as RecordedModel['fields'],
    families: (item.families ?? {}) as RecordedModel['families'],
    version: Number(item.version ?? 0),
    ...(typeof item.shards === 'number' && item.shards > 1 ? { shards: item.shards } : {}),
    ...(item.move ? { move: item.move as Move } : {}),
  };
}

/** The item of a model's state, for a transaction that writes it (the deployment's seed). */
export function recordedItem(rec: RecordedModel): Item {
  return { ...recordedKey(rec.model), fields: rec.fields, families: rec.families, version: rec.version, ...(rec.shards ? { shards: rec.shards } : {}), ...(rec.move ? { move: rec.move } : {}) };
}

/**
 * Writes a model's state if its version is still `expected` (null: if it has none yet); false
 * when another writer changed it first.
 */
export async function putRecorded(rec: RecordedModel, expected: number | null): Promise<boolean> {
  return conditional(
    dynamo.send(
      new PutCommand({
        TableName: getConfig().recordsTable,
        Item: recordedItem(rec),
        ...versionCondition(expected),
      }),
    ),
  );
}

export async function deleteRecorded(model: string, expected: number): Promise<boolean> {
  return conditional(dynamo.send(new DeleteCommand({ TableName: getConfig().recordsTable, Key: recordedKey(model), ...versionCondition(expected) })));
}

function versionCondition(expected: number | null) {
  return expected === null
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expected } };
}

async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** A migration's checkpoint of a model (JSON: the engine owns its shape), or null. */
export async function readCheckpoint(model: string): Promise<unknown> {
  const res = await dynamo.send(new GetCommand({ TableName: getConfig().recordsTable, Key: checkpointKey(model), ConsistentRead: true }));
  return res.Item ? (JSON.parse(String(res.Item.data)) as unknown) : null;
}

export async function putCheckpoint(model: string, data: unknown): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: getConfig().recordsTable, Item: { ...checkpointKey(model), data: JSON.stringify(data) } }));
}

export async function deleteCheckpoint(model: string): Promise<void> {
  await dynamo.send(new DeleteCommand({ TableName: getConfig().recordsTable, Key: checkpointKey(model) }));
}
