/**
 * `npm run env`: the export lines that point the AWS CLI (and any SDK) at the local stack's
 * emulators, for `eval "$(npm run -s env)"`. The values are those the CLI itself runs with.
 */
import { parseCommand } from '../args';
import { USAGES } from '../help';
import type { Target } from '../target';
import { UsageError } from '../usage';

const EXPORTED = [
  'AWS_ENDPOINT_URL_DYNAMODB',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENDPOINT_URL_SSM',
  'AWS_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'RECORDS_TABLE',
  'AUTH_TABLE',
  'LOGS_TABLE',
  'FILES_BUCKET',
  'PARAMS_PREFIX',
] as const;

/** Single quotes keep every character of a value as it is in a POSIX shell. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export async function run(args: string[], target: Target): Promise<void> {
  const { positionals } = parseCommand(args, {}, USAGES.env);
  if (positionals.length > 0) throw new UsageError(USAGES.env!);
  if (target.kind !== 'local') throw new UsageError('npm run env describes the local stack; a deployed stage is reached with your AWS profile');
  console.log('# The local stack of `npm start`, for the AWS CLI and SDKs (every emulator takes any credentials).');
  for (const name of EXPORTED) console.log(`export ${name}=${shellQuote(process.env[name] ?? '')}`);
  // The AWS CLI reads its region from AWS_DEFAULT_REGION.
  console.log(`export AWS_DEFAULT_REGION=${shellQuote(process.env.AWS_REGION ?? '')}`);
  console.log(`export WEBHOOK_API_URL=${shellQuote(target.apiUrl)}`);
}
