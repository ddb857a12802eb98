import type { ParseArgsConfig } from 'node:util';
import { WebhookError } from '../shared/envelope';
import { checkCompaniesExist, principalFields, type PrincipalFields } from '../shared/auth/principal-fields';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options that describe a principal, shared by `keys create` and `users create`. */
export const PRINCIPAL_OPTIONS = {
  'company-id': { type: 'string' },
  'allowed-company-ids': { type: 'string' },
  routes: { type: 'string' },
  models: { type: 'string' },
} as const satisfies Options;

type PrincipalValues = { [K in keyof typeof PRINCIPAL_OPTIONS]?: string };

const OPTION_LABELS = { companyId: '--company-id', allowedCompanyIds: '--allowed-company-ids', routes: '--routes', models: '--models' };

/** The principal's fields from the command line, checked (companies exist); a mistake is a usage error. */
export async function principalOptions(values: PrincipalValues, usage: string): Promise<PrincipalFields> {
  try {
    const text = { companyId: values['company-id'], allowedCompanyIds: values['allowed-company-ids'], routes: values.routes, models: values.models };
    const fields = principalFields(text, OPTION_LABELS);
    await checkCompaniesExist(fields);
    return fields;
  } catch (error) {
    if (error instanceof WebhookError) throw new UsageError(`${error.message}\n${usage}`);
    throw error;
  }
}
