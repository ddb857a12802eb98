import { catalogue } from '../catalogue';
import type { RecordState } from '../plan';
import { recordPages } from '../store/query';
import { readRecords } from '../store/reads';
import type { Principal } from './principal';
import type { UserRecord } from './users';

/**
 * What `/web/session/authenticate` answers: the fields of Odoo's `session_info()` that describe the
 * user and its companies (Odoo 15+ shape of `user_companies`), so that Odoo clients find them where
 * they look. Values Odoo derives from its own tables and this API has no use for (partner,
 * menus, server version) are left out, except `partner_id`, which is `false`.
 */
export interface SessionInfo {
  uid: number;
  is_system: false;
  is_admin: false;
  user_context: { lang: string; tz: string; uid: number };
  db: string;
  name: string;
  username: string;
  partner_display_name: string;
  partner_id: false;
  company_id: number;
  user_companies: {
    current_company: number;
    allowed_companies: Record<string, { id: number; name: string }>;
  };
}

export function sessionInfo(user: UserRecord, db: string, companies: ReadonlyMap<number, string>): SessionInfo {
  const p = user.principal;
  const allowed = [...companies.entries()].sort(([a], [b]) => a - b);
  return {
    uid: user.uid,
    is_system: false,
    is_admin: false,
    user_context: { lang: 'en_US', tz: 'UTC', uid: user.uid },
    db,
    name: p.name,
    username: user.login,
    partner_display_name: p.name,
    partner_id: false,
    company_id: p.companyId,
    user_companies: {
      current_company: p.companyId,
      allowed_companies: Object.fromEntries(allowed.map(([id, name]) => [String(id), { id, name }])),
    },
  };
}

/**
 * Names of the companies a principal may use that exist, read through the store: one BatchGetItem
 * for a list, the companies' records (one Query a page) for `all`.
 */
export async function companyNames(principal: Principal): Promise<Map<number, string>> {
  const model = catalogue.get('res.company')!;
  const named = (records: Iterable<RecordState>) => new Map([...records].map((r) => [r.id, String(r.values.name ?? '')]));
  if (principal.allowedCompanyIds !== 'all') return named((await readRecords(model, principal.allowedCompanyIds)).values());
  const companies: RecordState[] = [];
  for await (const page of recordPages(model, null, { visibility: { companies: null, ids: null, activeOnly: false } })) companies.push(...page);
  return named(companies);
}
