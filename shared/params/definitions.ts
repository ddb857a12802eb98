/**
 * The operator parameters (docs/operating.md): stored in SSM Parameter Store under the stage prefix, named
 * as the original module's keys without `webhook.`. Defaults live here; an absent or invalid value
 * falls back to its default and never fails a request.
 */
export const LOGGED_ROUTES = ['create_data', 'update_data', 'create_update_data', 'search_data', 'call_function'] as const;
export type LoggedRoute = (typeof LOGGED_ROUTES)[number];

export interface Params {
  previewLimit: number;
  /** Whether each route writes API logs. */
  log: Record<LoggedRoute, boolean>;
  rollbackStateFailed: boolean;
  rollbackExcept: boolean;
  ignoreCheckCompanyModels: readonly string[];
  searchMaxLimit: number;
  logRetentionDays: number;
  idempotencyHours: number;
}

/** Reads a raw SSM value; undefined when it is not valid. `accepts` says what is, for operators. */
interface Parser<T> {
  (raw: string): T | undefined;
  accepts: string;
}

const parser = <T>(accepts: string, parse: (raw: string) => T | undefined): Parser<T> => Object.assign(parse, { accepts });

const bool = parser('true, false, 1 or 0 (any case)', (raw) => {
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
});

const count = (min: number) =>
  parser(`a whole number, at least ${min}`, (raw) => {
    const v = raw.trim();
    if (!/^\d+$/.test(v)) return undefined;
    const n = Number(v);
    return Number.isSafeInteger(n) && n >= min ? n : undefined;
  });

const modelList = parser<string[]>('a JSON list of model names, e.g. ["res.partner"]', (raw) => {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
});

interface Definition<T> {
  default: T;
  parse: Parser<T>;
  doc: string;
}

const def = <T>(d: Definition<T>): Definition<T> => d;

export const DEFINITIONS = {
  preview_limit: def({ default: 2000, parse: count(0), doc: "characters kept in a log's previews; longer texts are also saved whole to S3" }),
  create_data_log: def({ default: true, parse: bool, doc: 'log /api/create_data' }),
  update_data_log: def({ default: true, parse: bool, doc: 'log /api/update_data' }),
  create_update_data_log: def({ default: true, parse: bool, doc: 'log /api/create_update_data' }),
  search_data_log: def({ default: true, parse: bool, doc: 'log /api/search_data' }),
  call_function_log: def({ default: true, parse: bool, doc: 'log /api/call_function' }),
  rollback_state_failed: def({ default: true, parse: bool, doc: "discard a method's writes when it returns an unsuccessful outcome" }),
  rollback_except: def({ default: true, parse: bool, doc: "discard the request's writes when it fails with an error" }),
  ignore_checkcompany_model: def<readonly string[]>({ default: [], parse: modelList, doc: 'JSON list of models excluded from company scoping' }),
  search_max_limit: def({ default: 1000, parse: count(1), doc: 'most records one search_data call returns' }),
  log_retention_days: def({ default: 0, parse: count(0), doc: 'logs expire after this many days (0: keep)' }),
  idempotency_hours: def({ default: 24, parse: count(1), doc: "hours an Idempotency-Key's answer is kept" }),
} as const;

export type ParamName = keyof typeof DEFINITIONS;
export const PARAM_NAMES = Object.keys(DEFINITIONS) as ParamName[];

/** `webhook.preview_limit` and `preview_limit` name the same parameter. */
export function normalizeName(name: string): ParamName | undefined {
  const bare = name.startsWith('webhook.') ? name.slice('webhook.'.length) : name;
  return (PARAM_NAMES as string[]).includes(bare) ? (bare as ParamName) : undefined;
}

export interface Rejected {
  name: ParamName;
  value: string;
}

/** Reads raw SSM values (by bare name) into parameters; what cannot be read is listed in `rejected`. */
export function parseParams(raw: Record<string, string | undefined>): { params: Params; rejected: Rejected[] } {
  const rejected: Rejected[] = [];
  const read = <T>(name: ParamName): T => {
    const d = DEFINITIONS[name] as unknown as Definition<T>;
    const value = raw[name];
    if (value === undefined) return d.default;
    const parsed = d.parse(value);
    if (parsed === undefined) {
      rejected.push({ name, value });
      return d.default;
    }
    return parsed;
  };
  return {
    params: {
      previewLimit: read('preview_limit'),
      log: {
        create_data: read('create_data_log'),
        update_data: read('update_data_log'),
        create_update_data: read('create_update_data_log'),
        search_data: read('search_data_log'),
        call_function: read('call_function_log'),
      },
      rollbackStateFailed: read('rollback_state_failed'),
      rollbackExcept: read('rollback_except'),
      ignoreCheckCompanyModels: read('ignore_checkcompany_model'),
      searchMaxLimit: read('search_max_limit'),
      logRetentionDays: read('log_retention_days'),
      idempotencyHours: read('idempotency_hours'),
    },
    rejected,
  };
}

/** A value as SSM holds it: JSON for lists, else plain text. */
export const valueText = (value: unknown): string => (typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Defaults as SSM holds them (the CDK stack creates these and `params list` shows them). */
export const defaultText = (name: ParamName): string => valueText(DEFINITIONS[name].default);
