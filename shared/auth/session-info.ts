import { catalogue } from '../catalogue';
import { getConfig } from '../config';
import { queryAll, readRecords } from '../store/reads';
import { recordPartition } from '../store/keys';
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
 * Names of the companies a principal may use that exist: one BatchGetItem for a list, one Query
 * of the companies' partition for `all`.
 */
export async function companyNames(principal: Principal): Promise<Map<number, string>> {
  const model = catalogue.get('res.company')!;
  if (principal.allowedCompanyIds !== 'all') {
    const records = await readRecords(model, principal.allowedCompanyIds);
    return new Map([...records.values()].map((r) => [r.id, String(r.values.name ?? '')]));
  }
  const items = await queryAll({
    TableName: getConfig().recordsTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': recordPartition(model.name) },
    ProjectionExpression: 'id, #name',
    ExpressionAttributeNames: { '#name': 'name' },
  });
  return new Map(items.map((item) => [Number(item.id), String(item.name ?? '')]));
}
