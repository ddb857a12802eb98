/** `npm run keys -- create | list | revoke`: API keys, shown once, stored hashed. */
import { createApiKey, revokeApiKey } from '../../shared/auth/key-admin';
import { listKeys, type ListedKey } from '../../shared/auth/keys';
import type { UsagePlan } from '../../shared/auth/usage-plan';
import { parseCommand, parseOptions, printListing } from '../args';
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
  const values = parseOptions(args, { name: { type: 'string' }, json: { type: 'boolean' }, ...PRINCIPAL_OPTIONS }, usage);
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
  const values = parseOptions(args, { json: { type: 'boolean' } }, USAGES['keys list']!);
  const all = (list?: readonly unknown[]) => (list ? list.join(',') : 'all');
  printListing(await listKeys(), values.json, {
    json: listed,
    empty: 'No keys.',
    header: ['ID', 'NAME', 'COMPANY', 'COMPANIES', 'ROUTES', 'MODELS', 'CREATED', 'REVOKED'],
    row: ({ keyId, principal: p, createdAt, revokedAt }) => [
      keyId, p.name, String(p.companyId), p.allowedCompanyIds === 'all' ? 'all' : all(p.allowedCompanyIds), all(p.routes), all(p.models), createdAt.slice(0, 19), revokedAt?.slice(0, 19) ?? '',
    ],
  });
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
