import { PutParameterCommand, paginateGetParametersByPath, type SSMClient } from '@aws-sdk/client-ssm';
import { getConfig } from '../config';
import { WebhookError } from '../envelope';
import { DEFINITIONS, PARAM_NAMES, defaultText, normalizeName, valueText, type ParamName } from './definitions';

/**
 * The parameters as operators read and change them (the CLI and the console alike): what is
 * stored, the value in force and where it comes from, and a change checked by the parser the
 * functions use, so that what is stored is what they will apply.
 */
export interface ParamRow {
  name: string;
  /** The value the functions apply. */
  value: string;
  default: string;
  /** `default`, `set`, `set (= default)`, `invalid '<raw>', default used`, or `unknown: not read by the functions`. */
  source: string;
  doc: string;
  /** What a valid value looks like. */
  accepts: string;
}

/** The parameter a name means (`webhook.preview_limit` or `preview_limit`); INVALID_VALUE otherwise. */
export function paramNamed(raw: string): ParamName {
  const name = normalizeName(raw);
  if (!name) throw new WebhookError('INVALID_VALUE', `Unknown parameter '${raw}'. Parameters: ${PARAM_NAMES.join(', ')}`);
  return name;
}

/** Every value stored under the prefix, by bare name (one paginated read, as the functions do). */
export async function storedParams(ssm: SSMClient): Promise<Map<string, string>> {
  const prefix = getConfig().paramsPrefix;
  const out = new Map<string, string>();
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: prefix })) {
    for (const p of page.Parameters ?? []) out.set(p.Name!.slice(prefix.length), p.Value ?? '');
  }
  return out;
}

/** The value in force and where it comes from. */
export function paramState(name: ParamName, raw: string | undefined): { value: string; source: string } {
  if (raw === undefined) return { value: defaultText(name), source: 'default' };
  const parsed = DEFINITIONS[name].parse(raw);
  if (parsed === undefined) return { value: defaultText(name), source: `invalid '${raw}', default used` };
  const value = valueText(parsed);
  return { value, source: value === defaultText(name) ? 'set (= default)' : 'set' };
}

/** Every parameter, then any other name stored under the prefix (which the functions do not read). */
export async function paramRows(ssm: SSMClient): Promise<ParamRow[]> {
  const stored = await storedParams(ssm);
  const rows: ParamRow[] = PARAM_NAMES.map((name) => {
    const d = DEFINITIONS[name];
    return { name, ...paramState(name, stored.get(name)), default: defaultText(name), doc: d.doc, accepts: d.parse.accepts };
  });
  for (const [name, raw] of stored) {
    if (!(PARAM_NAMES as string[]).includes(name)) rows.push({ name, value: raw, default: '', source: 'unknown: not read by the functions', doc: '', accepts: '' });
  }
  return rows;
}

/**
 * Stores a value after checking it; one the functions would not accept is INVALID_VALUE and
 * nothing changes. The value is stored as the functions would read it back (`TRUE` as `true`).
 */
export async function setParam(ssm: SSMClient, name: ParamName, raw: string): Promise<{ fullName: string; value: string }> {
  const parsed = DEFINITIONS[name].parse(raw);
  if (parsed === undefined) {
    throw new WebhookError('INVALID_VALUE', `'${raw}' is not a valid value for ${name}: expected ${DEFINITIONS[name].parse.accepts}. Nothing was changed.`);
  }
  const value = valueText(parsed);
  const fullName = `${getConfig().paramsPrefix}${name}`;
  await ssm.send(new PutParameterCommand({ Name: fullName, Value: value, Type: 'String', Overwrite: true }));
  return { fullName, value };
}
