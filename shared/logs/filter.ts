import { WebhookError } from '../envelope';
import { LOG_ID } from './keys';
import type { LogFilter } from './query';
import { LOG_STATES, type LogState } from './types';

/** A log filter as an operator types it (CLI options, the console's form), as text. */
export interface FilterText {
  since?: string;
  route?: string;
  state?: string;
  model?: string;
  before?: string;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * The filter, checked: a mistake is an INVALID_VALUE WebhookError whose message names the field as
 * `label` names it (`--since` for the CLI, `since` for the console). Empty texts are no filter.
 */
export function logFilterOf(text: FilterText, now: Date, label: (field: string) => string = (f) => f): LogFilter {
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  return {
    ...(given(text.since) ? { since: parseSince(text.since.trim(), now, label('since')) } : {}),
    ...(given(text.route) ? { route: text.route.trim() } : {}),
    ...(given(text.state) ? { state: parseState(text.state.trim(), label('state')) } : {}),
    ...(given(text.model) ? { model: text.model.trim() } : {}),
    ...(given(text.before) ? { before: checkedLogId(text.before.trim(), label('before')) } : {}),
  };
}

/** `90s`, `30m`, `1h`, `2d`, `1w` ago, or a date and time (`2026-03-01`, `2026-03-01T10:00:00Z`). */
export function parseSince(raw: string, now: Date, label = 'since'): Date {
  const ago = /^(\d+)([smhdw])$/.exec(raw);
  if (ago) return new Date(now.getTime() - Number(ago[1]) * UNITS[ago[2]!]!);
  const at = Date.parse(raw);
  if (/^\d{4}-\d{2}-\d{2}/.test(raw) && !Number.isNaN(at)) return new Date(at);
  throw new WebhookError('INVALID_VALUE', `${label} takes a duration such as 30m, 1h or 2d, or a date such as 2026-03-01; not '${raw}'`);
}

function parseState(raw: string, label: string): LogState {
  const state = LOG_STATES.find((s) => s === raw);
  if (state) return state;
  throw new WebhookError('INVALID_VALUE', `${label} is ${LOG_STATES.slice(0, -1).join(', ')} or ${LOG_STATES.at(-1)}, not '${raw}'`);
}

export function checkedLogId(raw: string, label = 'log id'): string {
  if (!LOG_ID.test(raw)) throw new WebhookError('INVALID_VALUE', `${label}: '${raw}' is not a log id (26 characters)`);
  return raw;
}
