import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Principal } from '../shared/auth/principal';
import { catalogue } from '../shared/catalogue';
import { LOGGED_ROUTES } from '../shared/params/definitions';
import { readRecords } from '../shared/store';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs, strict, with its complaints turned into usage errors. */
export function parseCommand<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}

/** The options that describe a principal, shared by `keys create` and `users create`. */
export const PRINCIPAL_OPTIONS = {
  'company-id': { type: 'string' },
  'allowed-company-ids': { type: 'string' },
  routes: { type: 'string' },
  models: { type: 'string' },
} as const satisfies Options;

export const PRINCIPAL_USAGE =
  '--company-id <id> [--allowed-company-ids 1,2|all] [--routes create_data,search_data] [--models res.partner,sale.order]';

type PrincipalValues = { [K in keyof typeof PRINCIPAL_OPTIONS]?: string };

/**
 * The principal's companies, routes and models from the command line, checked: the current company
 * is always among the allowed ones, routes are the API's route names, models are the catalogue's.
 */
export function principalFields(values: PrincipalValues, usage: string): Omit<Principal, 'name' | 'id'> {
  if (values['company-id'] === undefined) throw new UsageError(`--company-id is required\n${usage}`);
  const companyId = companyIdOf(values['company-id'], '--company-id');
  const allowedRaw = values['allowed-company-ids']?.trim();
  const allowedCompanyIds =
    allowedRaw === 'all'
      ? ('all' as const)
      : [...new Set([companyId, ...listOf(allowedRaw).map((id) => companyIdOf(id, '--allowed-company-ids'))])].sort((a, b) => a - b);
  const routes = values.routes === undefined ? undefined : checkedNames(listOf(values.routes), LOGGED_ROUTES, '--routes', 'route');
  const models = values.models === undefined ? undefined : checkedNames(listOf(values.models), catalogue.models.keys(), '--models', 'model');
  return { companyId, allowedCompanyIds, ...(routes ? { routes } : {}), ...(models ? { models } : {}) };
}

/** Refuses companies that do not exist (one BatchGetItem): a typo would make a key that sees nothing. */
export async function checkCompaniesExist(fields: Omit<Principal, 'name' | 'id'>): Promise<void> {
  const ids = fields.allowedCompanyIds === 'all' ? [fields.companyId] : fields.allowedCompanyIds;
  const found = await readRecords(catalogue.get('res.company')!, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new UsageError(`No company with id ${missing.join(', ')}`);
}

function listOf(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function companyIdOf(raw: string, option: string): number {
  const id = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(id) || id < 1) {
    throw new UsageError(`${option}: '${raw}' is not a company id (a positive integer${option === '--allowed-company-ids' ? ', or all' : ''})`);
  }
  return id;
}

function checkedNames(names: string[], known: Iterable<string>, option: string, what: string): string[] {
  const valid = new Set(known);
  const unknown = names.filter((n) => !valid.has(n));
  if (unknown.length > 0) throw new UsageError(`${option}: unknown ${what} ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${[...valid].join(', ')}`);
  if (names.length === 0) throw new UsageError(`${option} needs at least one ${what}`);
  return [...new Set(names)];
}
