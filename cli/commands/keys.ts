import { generateKey, hashKey, listKeys, newKeyId, revokeKey, saveKey, type ListedKey } from '../../shared/auth/keys';
import type { Principal } from '../../shared/auth/principal';
import { PRINCIPAL_OPTIONS, PRINCIPAL_USAGE, checkCompaniesExist, parseCommand, principalFields } from '../auth-options';
import type { Target } from '../target';
import { UsageError } from '../usage';
import { gatewayKeyName, usagePlanOf, type UsagePlan } from '../usage-plan';

const USAGE = `usage: npm run keys -- create --name <name> ${PRINCIPAL_USAGE} [--json]
       npm run keys -- list [--json]
       npm run keys -- revoke <id>
       (add --stage <name> to act on a deployed stage)`;

/** `keys create|list|revoke`: API keys, shown once, stored hashed (SPEC §7). */
export async function run(args: string[], target: Target): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'list') return list(rest);
  if (command !== 'create' && command !== 'revoke') throw new UsageError(USAGE);
  const plan = usagePlanOf(target);
  try {
    return await (command === 'create' ? create(rest, target, plan) : revoke(rest, plan));
  } finally {
    plan.close();
  }
}

async function create(args: string[], target: Target, plan: UsagePlan): Promise<void> {
  const { values, positionals } = parseCommand(args, { name: { type: 'string' }, json: { type: 'boolean' }, ...PRINCIPAL_OPTIONS }, USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${USAGE}`);
  const name = values.name?.trim();
  if (!name) throw new UsageError(`--name is required\n${USAGE}`);
  const fields = principalFields(values, USAGE);
  await checkCompaniesExist(fields);

  const keyId = newKeyId();
  const principal: Principal = { name, id: `key:${keyId}`, ...fields };
  const key = generateKey();
  // The API Gateway key comes first: a key saved without it would be refused by API Gateway.
  const gatewayKeyId = await plan.addKey(gatewayKeyName(target, `key-${keyId}`), hashKey(key), name);
  try {
    await saveKey(key, { keyId, principal, createdAt: new Date().toISOString(), ...(gatewayKeyId ? { gatewayKeyId } : {}) });
  } catch (error) {
    if (gatewayKeyId) await plan.removeKey(gatewayKeyId);
    throw error;
  }
  if (values.json) {
    console.log(JSON.stringify({ id: keyId, key, principal }));
    return;
  }
  console.log(`Key ${keyId} (${name}) created. It is shown only this once; only its hash is kept:\n\n  ${key}\n`);
  console.log(`Send it as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.`);
}

async function list(args: string[]): Promise<void> {
  const { values, positionals } = parseCommand(args, { json: { type: 'boolean' } }, USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${USAGE}`);
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
  printTable(['ID', 'NAME', 'COMPANY', 'COMPANIES', 'ROUTES', 'MODELS', 'CREATED', 'REVOKED'], rows);
}

async function revoke(args: string[], plan: UsagePlan): Promise<void> {
  const { positionals } = parseCommand(args, {}, USAGE);
  if (positionals.length !== 1) throw new UsageError(`keys revoke takes one key id (see keys list)\n${USAGE}`);
  const keyId = positionals[0]!;
  const outcome = await revokeKey(keyId, new Date());
  if (outcome.status === 'unknown') throw new Error(`no key with id '${keyId}' (see keys list)`);
  const { key } = outcome;
  if (outcome.status === 'already-revoked') console.log(`Key ${keyId} (${key.principal.name}) was already revoked at ${key.revokedAt}.`);
  else console.log(`Key ${keyId} (${key.principal.name}) revoked: it stops working at once locally, within a minute in AWS.`);
  // Also when it was revoked before: a deletion that failed then is tried again.
  if (key.gatewayKeyId) {
    try {
      await plan.removeKey(key.gatewayKeyId);
    } catch (error) {
      throw new Error(
        `the key is revoked, but its API Gateway key ${key.gatewayKeyId} could not be deleted (${(error as Error).message}); ` +
          `run keys revoke ${keyId} again, or aws apigateway delete-api-key --api-key ${key.gatewayKeyId}`,
      );
    }
    console.log(`Its API Gateway key ${key.gatewayKeyId} is deleted.`);
  }
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

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}
