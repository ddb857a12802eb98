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
 * refusing, rather than by sleeping in the function, costs nothing while locked; counting every
 * failure atomically bounds the rate of guesses however many are sent at once (guesses sent
 * together are all checked, and all counted: the lock that follows grows with them).
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

/**
 * The count of failures and the lock they call for. The item keeps the count and the time of the
 * last failure, not the lock: concurrent failures each add one to the count, and the lock follows
 * from the count they reached together.
 */
export async function readFailures(login: string, now: Date): Promise<FailureState> {
  const res = await dynamo.send(new GetCommand({ TableName: authTable(), Key: loginFailuresKey(login), ConsistentRead: true }));
  const item = res.Item;
  // TTL deletes an item only eventually: an expired one counts as none.
  if (!item || Number(item.expiresAt) <= epochSeconds(now)) return NONE;
  const failures = Number(item.failures) || 0;
  const lock = lockSeconds(failures);
  return { failures, lockedUntil: lock > 0 ? (Number(item.lastFailureAt) || 0) + lock * 1000 : 0 };
}

/**
 * Counts one more failure, atomically, so that guesses sent at once are all counted:
 *
 *   live count (or none)  ──ADD failures 1──────────────────────────►  n + 1
 *   expired, not deleted  ──SET failures = 1, if still expired──────►  1
 *                           (lost the race to another reset: ADD again)
 *
 * One UpdateItem, two after an hour without failures.
 */
export async function recordFailure(login: string, now: Date): Promise<void> {
  const values = { ':one': 1, ':at': now.getTime(), ':exp': epochSeconds(now) + FORGET_AFTER_SECONDS, ':now': epochSeconds(now) };
  const update = (expression: string, condition: string) =>
    dynamo.send(
      new UpdateCommand({
        TableName: authTable(),
        Key: loginFailuresKey(login),
        UpdateExpression: expression,
        ConditionExpression: condition,
        ExpressionAttributeValues: values,
      }),
    );
  for (let attempt = 1; ; attempt++) {
    try {
      await update('ADD failures :one SET lastFailureAt = :at, expiresAt = :exp', 'attribute_not_exists(pk) OR expiresAt > :now');
      return;
    } catch (error) {
      if (!isConditionFailure(error) || attempt > 2) throw error;
    }
    try {
      await update('SET failures = :one, lastFailureAt = :at, expiresAt = :exp', 'expiresAt <= :now');
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

const isConditionFailure = (error: unknown): boolean => (error as { name?: string }).name === 'ConditionalCheckFailedException';

export async function clearFailures(login: string): Promise<void> {
  await dynamo.send(new DeleteCommand({ TableName: authTable(), Key: loginFailuresKey(login) }));
}
