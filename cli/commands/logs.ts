/**
 * `npm run logs -- ...`: the API logs, newest first.
 *
 *   logs [--since 1h] [--route R] [--state done|failed|dry_run|replayed] [--model M] [--limit N] [--json]
 *   logs show <log_id> [--json]
 *   logs replay <log_id> [more ids] [--key K] [--dry-run] [--force]
 */
import { getLog, listLogs, readWholeCall, type ApiLog, type LogFilter } from '../../shared/logs';
import { checkedLogId, logFilterOf } from '../../shared/logs/filter';
import { parseCommand, positiveInteger } from '../args';
import type { Target } from '../target';
import { USAGES } from '../help';
import { UsageError } from '../usage';
import { replay } from '../replay';

const DEFAULT_LIMIT = 50;

export async function run(args: string[], target: Target): Promise<void> {
  const options = {
    since: { type: 'string' },
    route: { type: 'string' },
    state: { type: 'string' },
    model: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    key: { type: 'string' },
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
  } as const;
  const { values, positionals } = parseCommand(args, options, USAGES[`logs ${args.find((a) => !a.startsWith('-'))}`] ?? USAGES.logs);
  const [command, ...ids] = positionals;
  if (command === 'show') {
    if (ids.length !== 1) throw new UsageError(USAGES['logs show']!);
    return show(checkedLogId(ids[0]!), values.json === true);
  }
  if (command === 'replay') {
    if (ids.length === 0) throw new UsageError(USAGES['logs replay']!);
    return replay(ids.map((id) => checkedLogId(id)), target, { key: values.key, dryRun: values['dry-run'] === true, force: values.force === true });
  }
  if (command !== undefined) throw new UsageError(`Unknown command 'logs ${command}': use logs, logs show or logs replay`);
  const filter = logFilterOf(values, new Date(), (field) => `--${field}`);
  return list(filter, positiveInteger('limit', values.limit, DEFAULT_LIMIT), values.json === true);
}

const COLUMNS: [string, number, (l: ApiLog) => string][] = [
  ['TIME (UTC)', 19, (l) => l.created_at.slice(0, 19).replace('T', ' ')],
  ['LOG ID', 26, (l) => l.log_id],
  ['ROUTE', 20, (l) => l.function_name],
  ['MODEL', 22, (l) => l.model ?? '-'],
  ['STATE', 7, (l) => l.state],
  ['HTTP', 4, (l) => String(l.http_status)],
  ['ERROR', 18, (l) => l.error_code ?? '-'],
  ['MS', 6, (l) => String(l.duration_ms)],
  ['PRINCIPAL', 16, (l) => l.principal],
  ['RES IDS', 0, (l) => l.res_ids.join(',') || '-'],
];

const fit = (text: string, width: number): string =>
  width === 0 ? text : text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** Prints logs as they are read (a page of each shard at a time), stopping at the limit. */
async function list(filter: LogFilter, limit: number, json: boolean): Promise<void> {
  let shown = 0;
  // One more than the limit is read, to tell whether there are more.
  for await (const log of listLogs(filter, { limit: limit + 1 })) {
    if (shown === limit) {
      console.error(`(${limit} shown; more match: raise --limit or narrow with --since)`);
      return;
    }
    if (!json && shown === 0) console.log(COLUMNS.map(([h, w]) => fit(h, w)).join('  '));
    console.log(json ? JSON.stringify(log) : COLUMNS.map(([, w, cell]) => fit(cell(log), w)).join('  '));
    shown++;
  }
  if (shown === 0) console.error('No logs match.');
}

async function show(id: string, json: boolean): Promise<void> {
  const log = await getLog(id);
  if (!log) throw new Error(`No log ${id}`);
  const whole = await readWholeCall(log);
  if (json) {
    console.log(JSON.stringify({ ...log, data: whole.data, result: whole.result, complete: whole.complete }));
    return;
  }
  const { data_preview: _d, result_preview: _r, ...fields } = log;
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [k, v] of Object.entries(fields)) console.log(`${k.padEnd(width)}  ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (!whole.complete) console.log('\nOnly the cut previews were saved; the request and response below are incomplete.');
  console.log(`\nrequest (params):\n${pretty(whole.data)}\n\nresponse:\n${pretty(whole.result)}`);
}

const pretty = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
