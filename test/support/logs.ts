/**
 * Reading this test file's API logs.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getConfig } from '../../shared/config';
import { listLogs, type ApiLog, type ListOptions, type LogFilter } from '../../shared/logs';
import { logItemKey } from '../../shared/logs/keys';
import { dynamo } from '../../shared/store';

/** The logs matching the filter, newest first (all of them, unless a limit is given). */
export async function allLogs(filter: LogFilter = {}, options: ListOptions = {}): Promise<ApiLog[]> {
  const out: ApiLog[] = [];
  for await (const log of listLogs(filter, options)) out.push(log);
  return out;
}

/** The newest log (the log of the call just made: a file's calls are sequential and its table its own). */
export async function latestLog(): Promise<ApiLog> {
  for await (const log of listLogs()) return log;
  throw new Error('no API log was written');
}

/** The stored item of a log, with its key attributes (e.g. `expiresAt`). */
export async function rawLogItem(log: ApiLog): Promise<Record<string, unknown>> {
  const res = await dynamo.send(new GetCommand({ TableName: getConfig().logsTable, Key: logItemKey(log.log_id) }));
  return res.Item!;
}

/**
 * The log of the call that got this answer, found by the request id the gateway answered with
 * (`x-amzn-requestid`): the newest log is not always it when the clock is frozen.
 */
export async function logOf(answer: { headers: Headers }): Promise<ApiLog> {
  const requestId = answer.headers.get('x-amzn-requestid');
  const log = (await allLogs()).find((l) => l.request_id === requestId);
  if (!log) throw new Error(`no API log of request ${requestId}`);
  return log;
}

