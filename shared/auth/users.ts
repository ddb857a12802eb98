import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../store/client';
import type { Principal } from './principal';
import { authTable, uidCounterKey, userKey } from './table';

/**
 * Users log in with `/web/session/authenticate` and then call the routes with a session cookie.
 * Each has a usage key: a random value that names the user to API Gateway's usage plan (in AWS an
 * API Gateway API key with that value, made by `users create --stage`), so that the sessions of one
 * user are metered and throttled together, as one API key would be. It is not a credential: the
 * authorizer accepts keys only from the KEY# items.
 */
export interface UserRecord {
  login: string;
  /** Odoo-style numeric user id, handed out in order. */
  uid: number;
  passwordHash: string;
  principal: Principal;
  usageKey: string;
  createdAt: string;
  /** Id of the API Gateway API key that meters the user's sessions (deployed stages only). */
  gatewayKeyId?: string;
}

/** Login names: what Odoo accepts, kept short enough for a DynamoDB key and a log line. */
export const LOGIN_PATTERN = /^[^\s\u0000-\u001f]{1,128}$/u;

/** 192 random bits in hex: API Gateway takes API key values of 20 to 128 letters and digits only. */
export const newUsageKey = (): string => randomBytes(24).toString('hex');

export class UserExistsError extends Error {
  override readonly name = 'UserExistsError';
}

/** Hands out the next uid (one UpdateItem); a uid of a user that then fails to save is not reused. */
export async function nextUid(): Promise<number> {
  const res = await dynamo.send(
    new UpdateCommand({
      TableName: authTable(),
      Key: uidCounterKey,
      UpdateExpression: 'ADD n :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(res.Attributes?.n);
}

/** Saves a new user; a login that exists already is a UserExistsError. */
export async function saveUser(user: UserRecord): Promise<void> {
  try {
    await dynamo.send(
      new PutCommand({ TableName: authTable(), Item: { ...userKey(user.login), ...user }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') throw new UserExistsError(`User '${user.login}' exists already`);
    throw error;
  }
}

export async function findUser(login: string): Promise<UserRecord | null> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: userKey(login), ConsistentRead: true }));
  if (!res.Item) return null;
  const { pk: _pk, sk: _sk, ...user } = res.Item;
  return user as UserRecord;
}
