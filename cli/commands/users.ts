/**
 * `npm run users -- create | list | passwd | disable | enable | delete | sessions revoke`: the
 * logins of `/web/session/authenticate` and of the operators' console.
 */
import { MAX_PASSWORD_LENGTH, hashPassword } from '../../shared/auth/passwords';
import type { Principal } from '../../shared/auth/principal';
import { changePassword, deleteUser, disableUser, enableUser, revokeSessions, type UserChange } from '../../shared/auth/user-admin';
import { gatewayKeyName } from '../../shared/auth/usage-plan';
import { LOGIN_PATTERN, UserExistsError, findUser, listUsers, newUsageKey, nextUid, saveUser, type UserRecord } from '../../shared/auth/users';
import { parseCommand, parseOptions, printListing } from '../args';
import { PRINCIPAL_OPTIONS, principalOptions } from '../auth-options';
import { USAGES } from '../help';
import { readNewPassword } from '../password';
import { usagePlanOf, type Target } from '../target';
import { UsageError } from '../usage';

export async function run(args: string[], target: Target): Promise<void> {
  const [command, ...rest] = args;
  switch (command) {
    case 'create':
      return create(rest, target);
    case 'list':
      return list(rest);
    case 'passwd':
      return passwd(rest);
    case 'disable':
      return report(await disableUser(loginOf(rest, 'users disable')), 'disabled');
    case 'enable':
      return report(await enableUser(loginOf(rest, 'users enable')), 'enabled: it may log in again', false);
    case 'delete':
      return remove(rest, target);
    case 'sessions':
      if (rest[0] !== 'revoke') throw new UsageError(USAGES['users sessions']!);
      return report(await revokeSessions(loginOf(rest.slice(1), 'users sessions')), 'has its sessions revoked');
    default:
      throw new UsageError(USAGES.users!);
  }
}

/** The one login a command takes. */
function loginOf(args: string[], command: string): string {
  const usage = USAGES[command]!;
  const { positionals } = parseCommand(args, {}, usage);
  if (positionals.length !== 1) throw new UsageError(`${command} takes one login\n${usage}`);
  return positionals[0]!;
}

/** `User '<login>' <what>.`, then how many sessions ended. */
function report(change: UserChange, what: string, endsSessions = true): void {
  if (change.status === 'unknown') throw new Error('no such user (see users list)');
  const n = change.sessionsEnded;
  const ended = n === 0 ? 'No session was open.' : `${n} session${n === 1 ? '' : 's'} ended.`;
  console.log(`User '${change.user.login}' ${what}.${endsSessions ? ` ${ended}` : ''}`);
}

async function create(args: string[], target: Target): Promise<void> {
  const usage = USAGES['users create']!;
  const options = { login: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, operator: { type: 'boolean' }, ...PRINCIPAL_OPTIONS } as const;
  const values = parseOptions(args, options, usage);
  const login = values.login ?? '';
  if (!LOGIN_PATTERN.test(login)) throw new UsageError(`--login is required: up to 128 characters, no spaces\n${usage}`);
  const fields = await principalOptions(values, usage);
  if (await findUser(login)) throw new UsageError(`User '${login}' exists already`);
  const password = await checkedPassword();

  const principal: Principal = { name: values.name?.trim() || login, id: `user:${login}`, ...fields };
  const operator = values.operator === true;
  const usageKey = newUsageKey();
  const [passwordHash, uid] = await Promise.all([hashPassword(password), nextUid()]);
  const plan = usagePlanOf(target);
  try {
    const gatewayKeyId = await plan.addKey(gatewayKeyName(target.stage, `user-${uid}`), usageKey, `sessions of ${login}`);
    try {
      const user: UserRecord = { login, uid, passwordHash, principal, usageKey, createdAt: new Date().toISOString() };
      await saveUser({ ...user, ...(gatewayKeyId ? { gatewayKeyId } : {}), ...(operator ? { operator } : {}) });
    } catch (error) {
      if (gatewayKeyId) await plan.removeKey(gatewayKeyId);
      if (error instanceof UserExistsError) throw new UsageError(error.message);
      throw error;
    }
  } finally {
    plan.close();
  }
  if (values.json) console.log(JSON.stringify({ login, uid, principal, operator }));
  else console.log(`User '${login}' created (uid ${uid}); log in with POST /web/session/authenticate${operator ? ' or at /console/' : ''}.`);
}

async function checkedPassword(): Promise<string> {
  const password = await readNewPassword();
  if (password.length > MAX_PASSWORD_LENGTH) throw new UsageError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

async function list(args: string[]): Promise<void> {
  const values = parseOptions(args, { json: { type: 'boolean' } }, USAGES['users list']!);
  printListing(await listUsers(), values.json, {
    json: listed,
    empty: 'No users.',
    header: ['LOGIN', 'UID', 'NAME', 'COMPANY', 'COMPANIES', 'OPERATOR', 'STATE', 'CREATED'],
    row: ({ login, uid, principal: p, operator, disabled, createdAt }) => [
      login, String(uid), p.name, String(p.companyId), p.allowedCompanyIds === 'all' ? 'all' : p.allowedCompanyIds.join(','), operator ? 'yes' : 'no', disabled ? 'disabled' : 'active', createdAt.slice(0, 19),
    ],
  });
}

function listed(u: UserRecord) {
  const p = u.principal;
  return {
    login: u.login,
    uid: u.uid,
    name: p.name,
    company_id: p.companyId,
    allowed_company_ids: p.allowedCompanyIds,
    routes: p.routes ?? null,
    models: p.models ?? null,
    operator: u.operator === true,
    disabled: u.disabled === true,
    created_at: u.createdAt,
    gateway_key_id: u.gatewayKeyId ?? null,
  };
}

async function passwd(args: string[]): Promise<void> {
  const login = loginOf(args, 'users passwd');
  if (!(await findUser(login))) throw new Error('no such user (see users list)');
  report(await changePassword(login, await hashPassword(await checkedPassword())), 'has a new password');
}

/** Deletes the user, then its API Gateway key in a deployed stage. */
async function remove(args: string[], target: Target): Promise<void> {
  const change = await deleteUser(loginOf(args, 'users delete'));
  report(change, 'deleted');
  if (change.status !== 'done' || !change.user.gatewayKeyId) return;
  const plan = usagePlanOf(target);
  try {
    await plan.removeKey(change.user.gatewayKeyId);
    console.log(`Its API Gateway key ${change.user.gatewayKeyId} is deleted.`);
  } finally {
    plan.close();
  }
}
