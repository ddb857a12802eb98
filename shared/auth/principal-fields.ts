import { catalogue } from '../catalogue';
import { WebhookError } from '../envelope';
import { LOGGED_ROUTES } from '../params/definitions';
import { readRecords } from '../store/reads';
import type { Principal } from './principal';

/** What an operator types to describe a principal (CLI options, console form fields), as text. */
export interface PrincipalText {
  companyId?: string;
  /** `1,2` or `all`. */
  allowedCompanyIds?: string;
  /** `create_data,search_data`; absent: every route. */
  routes?: string;
  /** `res.partner,sale.order`; absent: every model. */
  models?: string;
}

export type PrincipalFields = Omit<Principal, 'name' | 'id'>;

/** How the messages name each field: the console's form labels, or the CLI's options. */
export type FieldLabels = Record<keyof PrincipalText, string>;

const FORM_LABELS: FieldLabels = { companyId: 'company id', allowedCompanyIds: 'allowed company ids', routes: 'routes', models: 'models' };

/**
 * The principal's companies, routes and models, checked: the current company is always among the
 * allowed ones, routes are the API's route names, models are the catalogue's. A mistake is an
 * INVALID_VALUE WebhookError whose message names the field (`company id`, `routes`, ...).
 */
export function principalFields(text: PrincipalText, labels: FieldLabels = FORM_LABELS): PrincipalFields {
  if (text.companyId === undefined || text.companyId.trim() === '') throw invalid(`${labels.companyId} is required`);
  const companyId = companyIdOf(text.companyId, labels.companyId, '');
  const allowedRaw = text.allowedCompanyIds?.trim();
  const allowedCompanyIds =
    allowedRaw === 'all'
      ? ('all' as const)
      : [...new Set([companyId, ...listOf(allowedRaw).map((id) => companyIdOf(id, labels.allowedCompanyIds, ', or all'))])].sort((a, b) => a - b);
  const routes = text.routes === undefined ? undefined : checkedNames(listOf(text.routes), LOGGED_ROUTES, labels.routes, 'route');
  const models = text.models === undefined ? undefined : checkedNames(listOf(text.models), catalogue.models.keys(), labels.models, 'model');
  return { companyId, allowedCompanyIds, ...(routes ? { routes } : {}), ...(models ? { models } : {}) };
}

/** Refuses companies that do not exist (one BatchGetItem): a typo would make a key that sees nothing. */
export async function checkCompaniesExist(fields: PrincipalFields): Promise<void> {
  const ids = fields.allowedCompanyIds === 'all' ? [fields.companyId] : fields.allowedCompanyIds;
  const found = await readRecords(catalogue.get('res.company')!, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw invalid(`No company with id ${missing.join(', ')}`);
}

const invalid = (message: string) => new WebhookError('INVALID_VALUE', message);

function listOf(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function companyIdOf(raw: string, field: string, orAll: string): number {
  const id = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(id) || id < 1) {
    throw invalid(`${field}: '${raw}' is not a company id (a positive integer${orAll})`);
  }
  return id;
}

function checkedNames(names: string[], known: Iterable<string>, field: string, what: string): string[] {
  const valid = new Set(known);
  const unknown = names.filter((n) => !valid.has(n));
  if (unknown.length > 0) throw invalid(`${field}: unknown ${what} ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${[...valid].join(', ')}`);
  if (names.length === 0) throw invalid(`${field} needs at least one ${what}`);
  return [...new Set(names)];
}
