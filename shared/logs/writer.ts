import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import { putFile } from '../files';
import { logger } from '../observability/logger';
import { API_LOG_NOT_WRITTEN } from '../observability/messages';
import type { LoggedRoute, Params } from '../params';
import { dynamo } from '../store/client';
import { logKeys } from './keys';
import { draftLog, type CallFacts } from './record';
import { LOGS_PREFIX, retentionTagging } from './retention';
import type { ApiLog } from './types';

/** A spill that S3 has not taken by then is given up: the log is written with its previews. */
const SPILL_TIMEOUT_MS = 5000;

/** Where the whole request and response of a log are kept when its previews were cut. */
const spillKey = (log: ApiLog): string => `${LOGS_PREFIX}${log.created_at.slice(0, 10)}/${log.log_id}.json`;

/**
 * Writes the API log of one call, if its route's log is on: the whole texts to S3 first when a
 * preview was cut (tagged with their retention class, see retention.ts), then one PutItem (independent of the business transaction, which has already
 * committed or rolled back). Never throws: a log that cannot be written is reported in the
 * function's own log, and the caller's answer stays what it was.
 *
 *   handler ── business rounds ── answer rendered ──► [S3 PutObject if cut] ──► PutItem ──► return
 */
export async function recordCall(call: CallFacts & { functionName: LoggedRoute }, params: Params): Promise<ApiLog | null> {
  if (!params.log[call.functionName]) return null;
  try {
    const { log, spill } = draftLog(call, params.previewLimit);
    if (spill !== null) await saveSpill(log, spill, params.logRetentionDays);
    await putLog(log, params.logRetentionDays);
    return log;
  } catch (error) {
    logger.error(API_LOG_NOT_WRITTEN, { requestId: call.requestId, error: error as Error });
    return null;
  }
}

async function saveSpill(log: ApiLog, text: string, retentionDays: number): Promise<void> {
  const key = spillKey(log);
  const tagging = retentionTagging(retentionDays);
  try {
    await putFile(key, text, 'application/json', { ...(tagging ? { tagging } : {}), signal: AbortSignal.timeout(SPILL_TIMEOUT_MS) });
    log.attachment = key;
  } catch (error) {
    const name = (error as Error).name || 'Error';
    log.attachment_error = `The whole request and response could not be saved to S3 (${name}); the previews are cut.`;
    logger.warn('API log spill to S3 failed', { logId: log.log_id, key, error: error as Error });
  }
}

async function putLog(log: ApiLog, retentionDays: number): Promise<void> {
  const expiresAt = retentionDays > 0 ? Math.floor(Date.parse(log.created_at) / 1000) + retentionDays * 86_400 : undefined;
  await dynamo.send(
    new PutCommand({
      TableName: getConfig().logsTable,
      Item: { ...logKeys(log.log_id, log.function_name, log.state, log.model), ...log, ...(expiresAt ? { expiresAt } : {}) },
    }),
  );
}
