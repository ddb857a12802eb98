import { MAX_PASSWORD_LENGTH, hashPassword } from '../../shared/auth/passwords';
import type { Principal } from '../../shared/auth/principal';
import { LOGIN_PATTERN, UserExistsError, findUser, newUsageKey, nextUid, saveUser } from '../../shared/auth/users';
import { PRINCIPAL_OPTIONS, PRINCIPAL_USAGE, checkCompaniesExist, parseCommand, principalFields } from '../auth-options';
import { readNewPassword } from '../password';
import type { Target } from '../target';
import { UsageError } from '../usage';
import { gatewayKeyName, usagePlanOf } from '../usage-plan';

const USAGE = `usage: npm run users -- create --login <login> [--name <display name>] ${PRINCIPAL_USAGE} [--json]
       (the password is read from stdin; add --stage <name> to act on a deployed stage)`;

/** `users create`: a login for `/web/session/authenticate`, with its principal (SPEC §7). */
export async function run(args: string[], target: Target): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'create') throw new UsageError(USAGE);
  const options = { login: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, ...PRINCIPAL_OPTIONS } as const;
  const { values, positionals } = parseCommand(rest, options, USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}\n${USAGE}`);
  const login = values.login ?? '';
  if (!LOGIN_PATTERN.test(login)) throw new UsageError(`--login is required: up to 128 characters, no spaces\n${USAGE}`);
  const fields = principalFields(values, USAGE);
  await checkCompaniesExist(fields);
  if (await findUser(login)) throw new UsageError(`User '${login}' exists already`);
  const password = await readNewPassword();
  if (password.length > MAX_PASSWORD_LENGTH) throw new UsageError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`);

  const principal: Principal = { name: values.name?.trim() || login, id: `user:${login}`, ...fields };
  const usageKey = newUsageKey();
  const [passwordHash, uid] = await Promise.all([hashPassword(password), nextUid()]);
  const plan = usagePlanOf(target);
  try {
    const gatewayKeyId = await plan.addKey(gatewayKeyName(target, `user-${uid}`), usageKey, `sessions of ${login}`);
    try {
      await saveUser({ login, uid, passwordHash, principal, usageKey, createdAt: new Date().toISOString(), ...(gatewayKeyId ? { gatewayKeyId } : {}) });
    } catch (error) {
      if (gatewayKeyId) await plan.removeKey(gatewayKeyId);
      if (error instanceof UserExistsError) throw new UsageError(error.message);
      throw error;
    }
  } finally {
    plan.close();
  }
  if (values.json) console.log(JSON.stringify({ login, uid, principal }));
  else console.log(`User '${login}' created (uid ${uid}); log in with POST /web/session/authenticate.`);
}
