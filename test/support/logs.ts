/**
 * Reading this test file's API logs, waiting out the parameter cache, injecting SDK faults and
 * reading the functions' own log lines.
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

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Long enough for every cached parameter to have been read again (the test stack's cache is 1 s). */
export const CACHE_MS = Number(process.env.PARAMS_CACHE_SECONDS ?? 1) * 1000;
export const waitForParams = (): Promise<void> => sleep(CACHE_MS + 250);

type Handler = (args: { input: object }) => Promise<unknown>;

interface MiddlewareClient {
  middlewareStack: {
    add(mw: (next: Handler, context: { commandName?: string }) => Handler, options: { step: 'initialize'; name: string }): void;
    remove(name: string): boolean;
  };
}

/**
 * Makes an AWS SDK client fail the calls `when` picks, with an error of the given name (as the
 * service or the network would), until the returned function is called.
 */
export function injectFault(
  client: MiddlewareClient,
  when: (command: string, input: Record<string, unknown>) => boolean,
  errorName = 'ServiceUnavailable',
): () => void {
  const name = `fault-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (when(String(context.commandName), args.input as Record<string, unknown>)) {
        throw Object.assign(new Error(`injected fault: ${context.commandName}`), { name: errorName, $fault: 'server' });
      }
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => void client.middlewareStack.remove(name);
}
