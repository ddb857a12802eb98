/**
 * `npm run params -- get <name> | set <name> <value> | list`: the operator parameters in SSM
 * (`preview_limit` or `webhook.preview_limit`). `set` checks the value with the parser the
 * functions use, so that what is stored is what they will apply.
 */
import { PutParameterCommand, SSMClient, paginateGetParametersByPath } from '@aws-sdk/client-ssm';
import { getConfig } from '../../shared/config';
import { DEFINITIONS, PARAM_NAMES, defaultText, normalizeName, valueText, type ParamName } from '../../shared/params';
import { parseCommand, table } from '../args';
import type { Target } from '../target';
import { USAGES } from '../help';
import { UsageError } from '../usage';

export async function run(args: string[], target: Target): Promise<void> {
  const [command] = args;
  const { positionals } = parseCommand(args, {}, USAGES[`params ${command}`] ?? USAGES.params);
  const rest = positionals.slice(1);
  const ssm = new SSMClient({});
  try {
    if (command === 'get' && rest.length === 1) return await get(ssm, nameOf(rest[0]!));
    if (command === 'set' && rest.length === 2) return await set(ssm, nameOf(rest[0]!), rest[1]!, target);
    if (command === 'list' && rest.length === 0) return await list(ssm);
    throw new UsageError(USAGES[`params ${command}`] ?? USAGES.params!);
  } finally {
    ssm.destroy();
  }
}

function nameOf(raw: string): ParamName {
  const name = normalizeName(raw);
  if (!name) throw new UsageError(`Unknown parameter '${raw}'. Parameters: ${PARAM_NAMES.join(', ')}`);
  return name;
}

/** Every value stored under the prefix, by bare name (one paginated read, as the functions do). */
async function stored(ssm: SSMClient): Promise<Map<string, string>> {
  const prefix = getConfig().paramsPrefix;
  const out = new Map<string, string>();
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: prefix })) {
    for (const p of page.Parameters ?? []) out.set(p.Name!.slice(prefix.length), p.Value ?? '');
  }
  return out;
}

/** The value in force and where it comes from. */
function state(name: ParamName, raw: string | undefined): { value: string; source: string } {
  if (raw === undefined) return { value: defaultText(name), source: 'default' };
  const parsed = DEFINITIONS[name].parse(raw);
  if (parsed === undefined) return { value: defaultText(name), source: `invalid '${raw}', default used` };
  const value = valueText(parsed);
  return { value, source: value === defaultText(name) ? 'set (= default)' : 'set' };
}

/** Prints the value the functions apply; a note on stderr when it is the default. */
async function get(ssm: SSMClient, name: ParamName): Promise<void> {
  const { value, source } = state(name, (await stored(ssm)).get(name));
  console.log(value);
  if (source !== 'set') console.error(`(${source})`);
}

async function set(ssm: SSMClient, name: ParamName, raw: string, target: Target): Promise<void> {
  const parsed = DEFINITIONS[name].parse(raw);
  if (parsed === undefined) {
    throw new UsageError(`'${raw}' is not a valid value for ${name}: expected ${DEFINITIONS[name].parse.accepts}. Nothing was changed.`);
  }
  const value = valueText(parsed);
  const fullName = `${getConfig().paramsPrefix}${name}`;
  await ssm.send(new PutParameterCommand({ Name: fullName, Value: value, Type: 'String', Overwrite: true }));
  const within = target.kind === 'local' ? 'a second' : 'their cache period (PARAMS_CACHE_SECONDS, 30 s by default)';
  console.log(`${fullName} = ${value}; the functions apply it within ${within}.`);
}

async function list(ssm: SSMClient): Promise<void> {
  const values = await stored(ssm);
  const rows = PARAM_NAMES.map((name) => {
    const { value, source } = state(name, values.get(name));
    return [name, value, source, DEFINITIONS[name].doc];
  });
  for (const [name, raw] of values) {
    if (!(PARAM_NAMES as string[]).includes(name)) rows.push([name, raw, 'unknown: not read by the functions', '']);
  }
  console.log(table(['NAME', 'VALUE', 'SOURCE', 'MEANING'], rows));
}
