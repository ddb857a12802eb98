import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../store/client';
import { authTable, epochSeconds, loginFailuresKey } from './table';

/**
 * Repeated failed logins are slowed down, per login name (existing or not, so that the answers
 * tell nothing about which logins exist):
 *
 *   failures in a row   1..4   5     6     7     8    ...   13      14+
 *   then locked for     -      1 s   2 s   4 s   8 s  ...   256 s   300 s
 *
 * While locked, every attempt is refused with 429 THROTTLED and a Retry-After, right password or not.
 *
 * A successful login clears the count; an hour without failures forgets it (TTL). Locking by
 * refusing, rather than by sleeping in the function, costs nothing while locked and bounds the
 * rate of guesses however many are sent at once.
 */
export const FREE_FAILURES = 4;
export const MAX_LOCK_SECONDS = 300;
export const FORGET_AFTER_SECONDS = 3600;

export interface FailureState {
  failures: number;
  /** Epoch milliseconds; 0 when not locked. */
  lockedUntil: number;
}

const NONE: FailureState = { failures: 0, lockedUntil: 0 };

/** Seconds a login is locked after its `failures`-th failure in a row. */
export function lockSeconds(failures: number): number {
  return failures <= FREE_FAILURES ? 0 : Math.min(2 ** (failures - FREE_FAILURES - 1), MAX_LOCK_SECONDS);
}

export async function readFailures(login: string, now: Date): Promise<FailureState> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: loginFailuresKey(login), ConsistentRead: true }));
  const item = res.Item;
  // TTL deletes an item only eventually: an expired one counts as none.
  if (!item || Number(item.expiresAt) <= epochSeconds(now)) return NONE;
  return { failures: Number(item.failures) || 0, lockedUntil: Number(item.lockedUntil) || 0 };
}

/** Counts one more failure (atomically) and locks the login for what the new count calls for. */
export async function recordFailure(login: string, previous: FailureState, now: Date): Promise<void> {
  const lockedUntil = now.getTime() + lockSeconds(previous.failures + 1) * 1000;
  await dynamo.send(
    new UpdateCommand({
      TableName: authTable(),
      Key: loginFailuresKey(login),
      // A forgotten count (expired, not yet deleted) starts again at one.
      UpdateExpression: previous.failures === 0 ? 'SET failures = :one, lockedUntil = :lock, expiresAt = :exp' : 'ADD failures :one SET lockedUntil = :lock, expiresAt = :exp',
      ExpressionAttributeValues: { ':one': 1, ':lock': lockedUntil, ':exp': epochSeconds(now) + FORGET_AFTER_SECONDS },
    }),
  );
}

export async function clearFailures(login: string): Promise<void> {
  await dynamo.send(new DeleteCommand({ TableName: authTable(), Key: loginFailuresKey(login) }));
}
