import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { withDeadline } from '../shared/aws/deadline';
import { budgetFor } from '../shared/lambda/budget';
import { observability } from '../shared/observability';
import { getParams } from '../shared/params';
import { recoverWrites, type RecoveryReport } from '../shared/recovery';

/**
 * Scheduled (every minute): settles the writes of several transactions whose request died before
 * it could finish or undo them (a timeout, an out-of-memory kill), and says so in their API logs.
 */
const handle = async (_event: unknown, context: Context): Promise<RecoveryReport> => {
  const budget = budgetFor(Date.now(), context.getRemainingTimeInMillis());
  const params = await getParams();
  return withDeadline(budget.undoUntil, () => recoverWrites({ until: budget.undoUntil, params }));
};

export const handler = middy<unknown, RecoveryReport>().use(observability()).handler(handle);
