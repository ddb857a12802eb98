import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../store/client';
import { endUserSessions } from './sessions';
import { authTable, userKey, userListingKey } from './table';
import { findUser, newSessionGeneration, type UserRecord } from './users';

/**
 * A user's lifecycle after `users create`: each change that takes rights away ends the user's
 * sessions at once. The user item changes first (disabled, a new password, a new session
 * generation, or gone), which refuses any login still under way (sessions.ts), then the sessions
 * open until then are deleted.
 */
export type UserChange = { status: 'done'; user: UserRecord; sessionsEnded: number } | { status: 'unknown' };

const isConditionFailure = (error: unknown): boolean =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((error as { name?: string }).name ?? '');

/** Changes an existing user (SET and REMOVE clauses), then ends its sessions when asked. */
async function change(login: string, update: string, values: Record<string, unknown>, endSessions: boolean): Promise<UserChange> {
  let user: UserRecord;
  try {
    const res = await dynamo.send(
      new UpdateCommand({
        TableName: authTable(),
        Key: userKey(login),
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk)',
        ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        ReturnValues: 'ALL_NEW',
      }),
    );
    const { pk: _pk, sk: _sk, ...item } = res.Attributes!;
    user = item as unknown as UserRecord;
  } catch (error) {
    if (isConditionFailure(error)) return { status: 'unknown' };
    throw error;
  }
  return { status: 'done', user, sessionsEnded: endSessions ? await endUserSessions(login) : 0 };
}

/** No more logins; every session ends. */
export const disableUser = (login: string): Promise<UserChange> =>
  change(login, 'SET disabled = :t, sessionGeneration = :g', { ':t': true, ':g': newSessionGeneration() }, true);

/** Logins work again (sessions ended by `disable` stay ended). */
export const enableUser = (login: string): Promise<UserChange> => change(login, 'REMOVE disabled', {}, false);

/** A new password hash; every session ends, as Odoo ends them when a password changes. */
export const changePassword = (login: string, passwordHash: string): Promise<UserChange> =>
  change(login, 'SET passwordHash = :h, sessionGeneration = :g', { ':h': passwordHash, ':g': newSessionGeneration() }, true);

/** Every session of the user ends; the user may log in again. */
export const revokeSessions = (login: string): Promise<UserChange> =>
  change(login, 'SET sessionGeneration = :g', { ':g': newSessionGeneration() }, true);

/** Deletes the user and its listing item, then its sessions. */
export async function deleteUser(login: string): Promise<UserChange> {
  const user = await findUser(login);
  if (!user) return { status: 'unknown' };
  const TableName = authTable();
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName, Key: userKey(login), ConditionExpression: 'attribute_exists(pk)' } },
          { Delete: { TableName, Key: userListingKey(login) } },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return { status: 'unknown' };
    throw error;
  }
  return { status: 'done', user, sessionsEnded: await endUserSessions(login) };
}
