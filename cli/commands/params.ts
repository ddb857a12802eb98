/**
 * `npm run params -- get <name> | set <name> <value> | list`: the operator parameters in SSM
 * (`preview_limit` or `webhook.preview_limit`).
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { paramNamed, paramRows, paramState, setParam, storedParams } from '../../shared/params/admin';
import { parseCommand, table } from '../args';
import { USAGES } from '../help';
import type { Target } from '../target';
import { UsageError } from '../usage';

export async function run(args: string[], target: Target): Promise<void> {
  const [command] = args;
  const usage = USAGES[`params ${command}`] ?? USAGES.params!;
  const { positionals } = parseCommand(args, {}, usage);
  const rest = positionals.slice(1);
  const ssm = new SSMClient({});
  try {
    if (command === 'get' && rest.length === 1) return await get(ssm, rest[0]!);
    if (command === 'set' && rest.length === 2) return await set(ssm, rest[0]!, rest[1]!, target);
    if (command === 'list' && rest.length === 0) return await list(ssm);
    throw new UsageError(usage);
  } finally {
    ssm.destroy();
  }
}

/** Prints the value the functions apply; a note on stderr when it is the default. */
async function get(ssm: SSMClient, raw: string): Promise<void> {
  const name = paramNamed(raw);
  const { value, source } = paramState(name, (await storedParams(ssm)).get(name));
  console.log(value);
  if (source !== 'set') console.error(`(${source})`);
}

async function set(ssm: SSMClient, raw: string, value: string, target: Target): Promise<void> {
  const stored = await setParam(ssm, paramNamed(raw), value);
  const within = target.kind === 'local' ? 'a second' : 'their cache period (PARAMS_CACHE_SECONDS, 30 s by default)';
  console.log(`${stored.fullName} = ${stored.value}; the functions apply it within ${within}.`);
}

async function list(ssm: SSMClient): Promise<void> {
  const rows = await paramRows(ssm);
  console.log(table(['NAME', 'VALUE', 'SOURCE', 'MEANING'], rows.map((r) => [r.name, r.value, r.source, r.doc])));
}
