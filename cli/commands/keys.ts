/** `npm run keys -- create | list | revoke`: API keys, shown once, stored hashed. */
import { createApiKey, revokeApiKey } from '../../shared/auth/key-admin';
import { listKeys, type ListedKey } from '../../shared/auth/keys';
import type { UsagePlan } from '../../shared/auth/usage-plan';
import { parseCommand, table } from '../args';
import { PRINCIPAL_OPTIONS, principalOptions } from '../auth-options';
import { USAGES } from '../help';
import { usagePlanOf, type Target } from '../target';
import { UsageError } from '../usage';

export async function run(args: string[], target: Target): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'list') return list(rest);
  if (command !== 'create' && command !== 'revoke') throw new UsageError(USAGES.keys!);
  const plan = usagePlanOf(target);
  try {
    return await (command === 'create' ? create(rest, target, plan) : revoke(rest, plan));
  } finally {
    plan.close();
  }
}

async function create(args: string[], target: Target, plan: UsagePlan): Promise<void> {
  const usage = USAGES['keys create']!;
  const { values, positionals } = parseCommand(args, { name: { type: 'string' }, json: { type: 'boolean' }, ...PRINCIPAL_OPTIONS }, usage);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${usage}`);
  const name = values.name?.trim();
  if (!name) throw new UsageError(`--name is required\n${usage}`);
  const fields = await principalOptions(values, usage);
  const { keyId, key, principal } = await createApiKey(name, fields, { plan, stage: target.stage });
  if (values.json) {
    console.log(JSON.stringify({ id: keyId, key, principal }));
    return;
  }
  console.log(`Key ${keyId} (${name}) created. It is shown only this once; only its hash is kept:\n\n  ${key}\n`);
  console.log(`Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.`);
}

async function list(args: string[]): Promise<void> {
  const usage = USAGES['keys list']!;
  const { values, positionals } = parseCommand(args, { json: { type: 'boolean' } }, usage);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${usage}`);
  const keys = await listKeys();
  if (values.json) {
    for (const k of keys) console.log(JSON.stringify(listed(k)));
    return;
  }
  if (keys.length === 0) return console.log('No keys.');
  const rows = keys.map((k) => {
    const p = k.principal;
    const all = (list?: readonly unknown[]) => (list ? list.join(',') : 'all');
    return [k.keyId, p.name, String(p.companyId), p.allowedCompanyIds === 'all' ? 'all' : all(p.allowedCompanyIds), all(p.routes), all(p.models), k.createdAt.slice(0, 19), k.revokedAt?.slice(0, 19) ?? ''];
  });
  console.log(table(['ID', 'NAME', 'COMPANY', 'COMPANIES', 'ROUTES', 'MODELS', 'CREATED', 'REVOKED'], rows));
}

async function revoke(args: string[], plan: UsagePlan): Promise<void> {
  const usage = USAGES['keys revoke']!;
  const { positionals } = parseCommand(args, {}, usage);
  if (positionals.length !== 1) throw new UsageError(`keys revoke takes one key id (see keys list)\n${usage}`);
  const keyId = positionals[0]!;
  const outcome = await revokeApiKey(keyId, plan);
  if (outcome.status === 'unknown') throw new Error(`no key with id '${keyId}' (see keys list)`);
  const { key } = outcome;
  if (outcome.status === 'already-revoked') console.log(`Key ${keyId} (${key.principal.name}) was already revoked at ${key.revokedAt}.`);
  else console.log(`Key ${keyId} (${key.principal.name}) revoked: it stops working at once locally, within a minute in AWS.`);
  if (key.gatewayKeyId) console.log(`Its API Gateway key ${key.gatewayKeyId} is deleted.`);
}

function listed(k: ListedKey) {
  const p = k.principal;
  return {
    id: k.keyId,
    name: p.name,
    company_id: p.companyId,
    allowed_company_ids: p.allowedCompanyIds,
    routes: p.routes ?? null,
    models: p.models ?? null,
    created_at: k.createdAt,
    revoked_at: k.revokedAt ?? null,
    gateway_key_id: k.gatewayKeyId ?? null,
  };
}
