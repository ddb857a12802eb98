import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../config';
import type { LoggedRoute } from '../params';
import { dynamo } from '../store/client';
import type { WriteFacts } from '../store/journal';
import { logItemKey, logKeys } from './keys';
import type { ApiLog, RecoveryState } from './types';

/** What the recovery did to one write (shared/store/recovery.ts), as the API log tells it. */
export interface RecoveryNote {
  facts: WriteFacts;
  state: Exclude<RecoveryState, 'pending'>;
  /** Whether nothing of the request remains. */
  rolledBack: boolean;
  /** Records kept because other requests changed them meanwhile: `model,id`. */
  kept: string[];
  at: Date;
  /** `log_retention_days`, for a log written now. */
  retentionDays: number;
}

/**
 * Says in the request's API log what the recovery did: the log gets `recovery`, `recovered_at`
 * and `rolled_back` (and `kept`). A request whose function died before its log was written gets
 * one now, failed (its caller was answered by API Gateway: 502, or 504 past 29 s), from what the
 * journal kept of it: its route, model, principal and times, not its body.
 */
export async function recordRecovery(note: RecoveryNote): Promise<void> {
  const { facts } = note;
  if (!facts.logged) return;
  const table = getConfig().logsTable;
  const changes = {
    recovery: note.state,
    recovered_at: note.at.toISOString(),
    rolled_back: note.rolledBack,
    ...(note.kept.length > 0 ? { kept: note.kept } : {}),
  };
  try {
    const names = Object.fromEntries(Object.keys(changes).map((k, i) => [`#c${i}`, k]));
    await dynamo.send(
      new UpdateCommand({
        TableName: table,
        Key: logItemKey(facts.logId),
        UpdateExpression: `SET ${Object.keys(names).map((n, i) => `${n} = :c${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.fromEntries(Object.values(changes).map((v, i) => [`:c${i}`, v])),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const log: ApiLog = {
      log_id: facts.logId,
      created_at: new Date(facts.startedAt).toISOString(),
      route: `/api/${facts.functionName}`,
      function_name: facts.functionName,
      model: facts.model,
      log_type: 'receive',
      state: 'failed',
      http_status: 502,
      error_code: 'INTERNAL',
      duration_ms: Math.max(0, note.at.getTime() - facts.startedAt),
      principal: facts.principal,
      principal_id: facts.principalId,
      company_id: facts.companyId,
      request_id: facts.requestId,
      source_ip: facts.sourceIp,
      res_ids: [],
      data_preview: '',
      data_size: 0,
      result_preview: '',
      result_size: 0,
      attachment: null,
      attachment_error: 'The function ended before it answered (a timeout or a crash); its request and answer were not kept.',
      ...changes,
    };
    await dynamo.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...logKeys(log.log_id, facts.functionName as LoggedRoute, log.state, log.model),
          ...log,
          ...(note.retentionDays > 0 ? { expiresAt: Math.floor(facts.startedAt / 1000) + note.retentionDays * 86_400 } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ).catch((e: unknown) => {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    });
  }
}
