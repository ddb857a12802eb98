/**
 * The usage of every command, in a module without AWS clients: `--help` and `-h` answer it
 * without a stack, and the commands print it with their usage errors.
 */
const STAGE = '  --stage <name>   act on the deployed stage <name> in AWS (default: the local stack of `npm start`)';

const PRINCIPAL = `  --company-id <id>                 the current company (required)
  --allowed-company-ids 1,2|all     other companies it may use; all: every company, also later ones
  --routes create_data,search_data  only these routes (default: all)
  --models res.partner,sale.order   only these models (default: all)`;

/** Each command's usage: `group` alone is the group's overview, `group command` one command. */
export const USAGES: Record<string, string> = {
  keys: `usage: npm run keys -- <command> [options]

  create --name <name> --company-id <id> [...]   make an API key; it is shown once
  list [--json]                                  every key, without its secret
  revoke <id>                                    the key stops working

Run \`npm run keys -- <command> --help\` for a command's options.
${STAGE}`,
  'keys create': `usage: npm run keys -- create --name <name> --company-id <id> [options]

Makes an API key and prints it once (only its sha256 is kept).
  --name <name>                     what the key is for (shown in logs)
${PRINCIPAL}
  --json                            print {"id", "key", "principal"} as JSON
${STAGE}`,
  'keys list': `usage: npm run keys -- list [--json]

Every key with its principal and whether it is revoked; never the secret.
  --json   one JSON object per line
${STAGE}`,
  'keys revoke': `usage: npm run keys -- revoke <id>

Revokes the key with this id (see keys list): at once locally, within a minute in AWS.
${STAGE}`,

  users: `usage: npm run users -- <command> [options]

  create --login <login> --company-id <id> [...]   make a user (password from stdin)
  list [--json]                                    every user
  passwd <login>                                   a new password (from stdin); its sessions end
  disable <login>                                  no more logins; its sessions end
  enable <login>                                   logins work again
  delete <login>                                   the user goes; its sessions end
  sessions revoke <login>                          every session of the user ends

Run \`npm run users -- <command> --help\` for a command's options.
${STAGE}`,
  'users create': `usage: printf '%s\\n' "$PASSWORD" | npm run users -- create --login <login> --company-id <id> [options]

Makes a user for /web/session/authenticate. The password (at least 8 characters) is read from
stdin: typed twice without echo at a terminal, or one line from a pipe.
  --login <login>                   the login name (up to 128 characters, no spaces)
  --name <display name>             its name in the session info and the logs (default: the login)
${PRINCIPAL}
  --operator                        may also log in to the operators' console (/console/)
  --json                            print {"login", "uid", "principal", "operator"} as JSON
${STAGE}`,
  'users list': `usage: npm run users -- list [--json]

Every user: login, uid, name, companies, whether an operator, whether disabled.
  --json   one JSON object per line
${STAGE}`,
  'users passwd': `usage: printf '%s\\n' "$PASSWORD" | npm run users -- passwd <login>

Sets a new password, read from stdin as users create reads it; every session of the user ends.
${STAGE}`,
  'users disable': `usage: npm run users -- disable <login>

The user can no longer log in, and every session of the user ends at once (in AWS, within the
authorizer's cache of a minute).
${STAGE}`,
  'users enable': `usage: npm run users -- enable <login>

The user can log in again.
${STAGE}`,
  'users delete': `usage: npm run users -- delete <login>

Deletes the user; every session of the user ends.
${STAGE}`,
  'users sessions': `usage: npm run users -- sessions revoke <login>

Ends every session of the user (API and console); the user may log in again.
${STAGE}`,

  params: `usage: npm run params -- <command>

  get <name>           the value in force (stderr says when it is the default)
  set <name> <value>   store a value, checked as the functions read it
  list                 every parameter: value, default or set, meaning

Names are given as preview_limit or webhook.preview_limit.
${STAGE}`,
  'params get': `usage: npm run params -- get <name>

Prints the value the functions apply; a note on stderr when it is the default or the stored value
is invalid.
${STAGE}`,
  'params set': `usage: npm run params -- set <name> <value>

Stores the value after checking it as the functions read it; a value they would not accept is
refused and nothing changes. The functions apply it within their cache period.
${STAGE}`,
  'params list': `usage: npm run params -- list

Every parameter with its value, where it comes from and what it means.
${STAGE}`,

  logs: `usage: npm run logs -- [--since 1h] [--route R] [--state done|failed|dry_run|replayed] [--model M] [--limit N] [--json]
       npm run logs -- show <log_id> [--json]
       npm run logs -- replay <log_id> [more ids] [--key K] [--dry-run] [--force]

Lists the API logs newest first (a table, or one JSON object per line with --json).
  --since <when>    30m, 1h, 2d, 1w, or a date (2026-03-01, 2026-03-01T10:00:00Z)
  --route <route>   create_data or /api/create_data
  --state <state>   done, failed, dry_run or replayed
  --model <model>   a model of the catalogue, or any name a caller sent ('?': all such names)
  --limit <n>       at most n logs (default 50)
${STAGE}`,
  'logs show': `usage: npm run logs -- show <log_id> [--json]

One log with its whole request and response (from S3 when they were spilled).
  --json   the log, its request (data), response (result) and whether they are complete, as JSON
${STAGE}`,
  'logs replay': `usage: npm run logs -- replay <log_id> [more ids] [--key K] [--dry-run] [--force]

Sends each logged request again to the same route, one progress line each; the new log names the
one it replays (replay_of). Each carries Idempotency-Key: replay-<log_id>, so that replays of one
log by one caller write once between them. A successful write (a done or replayed log of
create_data, update_data, create_update_data or call_function) is not sent: it would write again.
Exits 1 when a replay was not sent or did not succeed.
  --key <key>   the API key to send (default: $WEBHOOK_API_KEY, else the local development key)
  --dry-run     send each with vals.dry_run: checked as the call would run now, nothing written
                (the write routes; no Idempotency-Key)
  --force       send successful writes too
${STAGE}`,

  env: `usage: eval "$(npm run -s env)"

Prints the export lines that point the AWS CLI and SDKs at the local stack's emulators
(AWS_ENDPOINT_URL_DYNAMODB, _S3, _SSM, a region and placeholder credentials) and name its tables,
bucket and parameter prefix.`,

  catalogue: `usage: npm run catalogue -- diff [--json] | migrate [--concurrency N]

  diff      what the catalogue needs of the stored records: indexes and unique guards to build or
            drop, fields added or removed, type changes, required fields records lack
  migrate   carries it out: builds indexes and unique guards from the stored records, moves a
            model's records to a new shard count (resumable, idempotent), refuses what the
            catalogue does not say how to do

The catalogue is CATALOGUE_MODULE's (a module path), else the demo.
Run \`npm run catalogue -- <command> --help\` for a command's options.
${STAGE}`,
  'catalogue diff': `usage: npm run catalogue -- diff [--json]

What the catalogue (CATALOGUE_MODULE's, else the demo) needs of the stored records; on a stage, also
whether the stage runs this catalogue.
  --json   the differences as one JSON object
${STAGE}`,
  'catalogue migrate': `usage: npm run catalogue -- migrate [--concurrency N]

Builds the indexes and unique guards the catalogue declares from the stored records, and moves a
model's records to the catalogue's shard count, pausing its writes meanwhile (resumable,
idempotent); refuses, and changes nothing, what the catalogue does not say how to do. On a stage
its migration function runs it, a stretch at a time.
  --concurrency <n>   DynamoDB calls in flight at most, halved when throttled (default 16)
${STAGE}`,

  openapi: `usage: npm run openapi -- [file | -] [--server <base URL>]...

Writes the OpenAPI 3.1 document of the API, as GET /api/openapi.json serves it; needs no stack.
  file                 where to write it (default openapi.json; -: print it)
  --server <base URL>  the API's base URL in the document (repeatable)`,
};

/** The groups of \`cli/main.ts\`; \`openapi\` is a script of its own (it needs no stack). */
export const GROUPS = ['keys', 'users', 'params', 'logs', 'env', 'catalogue'] as const;

export const OVERVIEW = `usage: npm run <${GROUPS.join('|')}> -- <command> [options] [--stage <name>]
       npm run openapi -- [file | -] [--server <base URL>]
Run \`npm run <group> -- --help\` for a group's commands.`;

const isHelp = (a: string): boolean => a === '--help' || a === '-h';

/** The usage `--help` or `-h` asks for among `args` (the group's own, or one command's), or null. */
export function helpFor(group: string, args: readonly string[]): string | null {
  if (!args.some(isHelp)) return null;
  const words = args.filter((a) => !a.startsWith('-'));
  return USAGES[`${group} ${words[0]}`] ?? USAGES[group] ?? OVERVIEW;
}
