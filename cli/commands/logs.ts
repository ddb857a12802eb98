/**
 * `npm run logs -- ...`: the API logs, newest first.
 *
 *   logs [--since 1h] [--route R] [--state done|failed|dry_run] [--model M] [--limit N] [--json]
 *   logs show <log_id> [--json]
 *   logs replay <log_id> [more ids] [--key K]
 */
import { getLog, LOG_ID, LOG_STATES, listLogs, readWholeCall, type ApiLog, type LogFilter, type LogState } from '../../shared/logs';
import { parseCommand, positiveInteger } from '../args';
import type { Target } from '../target';
import { UsageError } from '../usage';
import { replay } from '../replay';

const DEFAULT_LIMIT = 50;
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export async function run(args: string[], target: Target): Promise<void> {
  const { values, positionals } = parseCommand(args, {
    since: { type: 'string' },
    route: { type: 'string' },
    state: { type: 'string' },
    model: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    key: { type: 'string' },
  });
  const [command, ...ids] = positionals;
  if (command === 'show') {
    if (ids.length !== 1) throw new UsageError('usage: npm run logs -- show <log_id> [--json]');
    return show(checkId(ids[0]!), values.json === true);
  }
  if (command === 'replay') {
    if (ids.length === 0) throw new UsageError('usage: npm run logs -- replay <log_id> [more ids] [--key K]');
    return replay(ids.map(checkId), target, values.key);
  }
  if (command !== undefined) throw new UsageError(`Unknown command 'logs ${command}': use logs, logs show or logs replay`);
  const filter: LogFilter = {
    ...(values.since !== undefined ? { since: parseSince(values.since, new Date()) } : {}),
    ...(values.route !== undefined ? { route: values.route } : {}),
    ...(values.state !== undefined ? { state: parseState(values.state) } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
  };
  return list(filter, positiveInteger('limit', values.limit, DEFAULT_LIMIT), values.json === true);
}

function checkId(id: string): string {
  if (!LOG_ID.test(id)) throw new UsageError(`'${id}' is not a log id (26 characters, as \`npm run logs\` shows them)`);
  return id;
}

/** `90s`, `30m`, `1h`, `2d`, `1w` ago, or a date and time (`2026-03-01`, `2026-03-01T10:00:00Z`). */
export function parseSince(raw: string, now: Date): Date {
  const ago = /^(\d+)([smhdw])$/.exec(raw);
  if (ago) return new Date(now.getTime() - Number(ago[1]) * UNITS[ago[2]!]!);
  const at = Date.parse(raw);
  if (/^\d{4}-\d{2}-\d{2}/.test(raw) && !Number.isNaN(at)) return new Date(at);
  throw new UsageError(`--since takes a duration such as 30m, 1h or 2d, or a date such as 2026-03-01; not '${raw}'`);
}

function parseState(raw: string): LogState {
  const state = LOG_STATES.find((s) => s === raw);
  if (state) return state;
  throw new UsageError(`--state is ${LOG_STATES.slice(0, -1).join(', ')} or ${LOG_STATES.at(-1)}, not '${raw}'`);
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
