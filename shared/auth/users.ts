import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../store/client';
import { queryAll } from '../store/reads';
import type { Principal } from './principal';
import { USERS_PARTITION, authTable, uidCounterKey, userKey, userListingKey } from './table';

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
  /** May log in to the operators' console. */
  operator?: boolean;
  /** Set by `users disable`: no login, and the user's sessions were ended. */
  disabled?: boolean;
  /**
   * Changed whenever the user's sessions are ended (disable, passwd, sessions revoke): a session is
   * saved only while the user still has the generation its login read, so that a login racing
   * such a change cannot leave a session behind.
   */
  sessionGeneration?: string;
}

/** Login names: what Odoo accepts, kept short enough for a DynamoDB key and a log line. */
export const LOGIN_PATTERN = /^[^\s\u0000-\u001f]{1,128}$/u;

/** 192 random bits in hex: API Gateway takes API key values of 20 to 128 letters and digits only. */
export const newUsageKey = (): string => randomBytes(24).toString('hex');

export const newSessionGeneration = (): string => randomBytes(12).toString('base64url');

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

/** Saves a new user and its listing item in one transaction; a login that exists already is a UserExistsError. */
export async function saveUser(user: UserRecord): Promise<void> {
  const TableName = authTable();
  const record: UserRecord = { sessionGeneration: newSessionGeneration(), ...user };
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { ...userKey(user.login), ...record }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName, Item: { ...userListingKey(user.login), login: user.login } } },
        ],
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionCanceledException') throw new UserExistsError(`User '${user.login}' exists already`);
    throw error;
  }
}

export async function findUser(login: string): Promise<UserRecord | null> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: userKey(login), ConsistentRead: true }));
  return res.Item ? userOf(res.Item) : null;
}

/** Every user, by login: one Query of the listing partition, then the users read 100 at a time. */
export async function listUsers(): Promise<UserRecord[]> {
  const TableName = authTable();
  const listed = await queryAll({
    TableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': USERS_PARTITION },
    ConsistentRead: true,
  });
  const users: UserRecord[] = [];
  for (let i = 0; i < listed.length; i += 100) {
    let keys = listed.slice(i, i + 100).map((item) => userKey(String(item.login)));
    while (keys.length > 0) {
      const res = await dynamo.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }));
      users.push(...(res.Responses?.[TableName] ?? []).map(userOf));
      keys = (res.UnprocessedKeys?.[TableName]?.Keys ?? []) as typeof keys;
    }
  }
  return users.sort((a, b) => a.login.localeCompare(b.login));
}

function userOf(item: Record<string, unknown>): UserRecord {
  const { pk: _pk, sk: _sk, ...user } = item;
  return user as unknown as UserRecord;
}
