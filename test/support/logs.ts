/**
 * Reading this test file's API logs, waiting out the parameter cache and reading the functions'
 * own log lines.
 */
import { setTimeout as sleep } from 'node:timers/promises';
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

export { sleep };

/** Long enough for every cached parameter to have been read again (the test stack's cache is 1 s). */
export const CACHE_MS = Number(process.env.PARAMS_CACHE_SECONDS ?? 1) * 1000;
export const waitForParams = (): Promise<void> => sleep(CACHE_MS + 250);

