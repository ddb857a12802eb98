/**
 * `npm run openapi`: writes the OpenAPI 3.1 document of the API, generated from the catalogue as
 * the deployed `GET /api/openapi.json` serves it. Needs no running stack.
 *
 *   npm run openapi                            writes openapi.json
 *   npm run openapi -- docs/api.json           writes there (`-`: prints it)
 *   npm run openapi -- --server <ApiUrl>       names the API's base URL in the document (repeatable)
 */
import { writeFileSync } from 'node:fs';
import { ROUTES } from '../lambdas/routes';
import { catalogue } from '../shared/catalogue';
import { openApiDocument } from '../shared/describe/openapi';
import { parseCommand } from './args';
import { UsageError } from './usage';

const USAGE = 'usage: npm run openapi -- [file | -] [--server <base URL>]...   (default file: openapi.json)';

function main(args: string[]): void {
  const { values, positionals } = parseCommand(args, { server: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length > 1) throw new UsageError(USAGE);
  const servers = values.server ?? [];
  for (const url of servers) {
    if (!URL.canParse(url)) throw new UsageError(`--server takes a URL such as https://<id>.execute-api.<region>.amazonaws.com/prod, not '${url}'`);
  }
  const text = `${JSON.stringify(openApiDocument(catalogue, { routes: ROUTES, servers }), null, 2)}\n`;
  const file = positionals[0] ?? 'openapi.json';
  if (file === '-') process.stdout.write(text);
  else {
    writeFileSync(file, text);
    console.error(`OpenAPI 3.1 document written to ${file}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
}
