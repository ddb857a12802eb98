import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { WebhookError } from '../envelope';
import { headerValue } from '../lambda/event';
import { isUnavailable } from '../lambda/unavailable';
import { logger } from '../observability/logger';
import { consoleAssets } from './assets';
import { bodyObject, failure, flagField, isSecure, json, securityHeaders, textField } from './http';
import { keyCreate, keyRevoke, keysList, logsPage, oneLog, paramChange, paramsList, replayAsOperator, type KeyForm } from './operations';
import { checkCsrf, checkSameOrigin, consoleLogin, consoleLogout, consoleSessionOf, type ConsoleSession } from './session';

/**
 * The console's requests: its files (GET `/console/...`) and its JSON API (`/console/api/...`).
 *
 *   who may call     reads (GET)                       changes (POST)
 *   anyone           files, api/session                api/login (Origin checked)
 *   an operator      api/logs, api/logs/<id>,          api/logout, api/logs/<id>/replay,
 *                    api/params, api/keys              api/params/<name>, api/keys, api/keys/<id>/revoke
 *
 * Every POST but the login needs the session's CSRF token and the console's own Origin.
 */
interface Call {
  event: APIGatewayProxyEvent;
  now: Date;
  /** The groups of the route's pattern (a log id, a parameter name, a key id). */
  args: string[];
  console: ConsoleSession;
}

/** What a call answers: its JSON body, and headers (the logout's Set-Cookie). */
interface Reply {
  body: unknown;
  headers?: Record<string, string>;
}

interface ApiRoute {
  method: 'GET' | 'POST';
  pattern: RegExp;
  run: (call: Call) => Promise<Reply>;
}

const replyWith = async (value: Promise<unknown>): Promise<Reply> => ({ body: await value });

/** `dry_run`, and `force`: a successful write is sent again only when the operator confirmed it. */
const replayFlags = (body: Record<string, unknown>) => ({ dryRun: flagField(body, 'dry_run'), force: flagField(body, 'force') });

const API: ApiRoute[] = [
  { method: 'POST', pattern: /^logout$/, run: async ({ console, event }) => ({ body: {}, headers: { 'set-cookie': await consoleLogout(console, event) } }) },
  { method: 'GET', pattern: /^logs$/, run: ({ event, now }) => replyWith(logsPage(event.queryStringParameters ?? {}, now)) },
  { method: 'GET', pattern: /^logs\/([^/]+)$/, run: ({ args }) => replyWith(oneLog(args[0]!)) },
  { method: 'POST', pattern: /^logs\/([^/]+)\/replay$/, run: ({ args, console, event, now }) => replyWith(replayAsOperator(args[0]!, { console, event, now, ...replayFlags(bodyObject(event)) })) },
  { method: 'GET', pattern: /^params$/, run: () => replyWith(paramsList()) },
  { method: 'POST', pattern: /^params\/([^/]+)$/, run: ({ args, event }) => replyWith(paramChange(args[0]!, textField(bodyObject(event), 'value'))) },
  { method: 'GET', pattern: /^keys$/, run: () => replyWith(keysList()) },
  { method: 'POST', pattern: /^keys$/, run: ({ event }) => replyWith(keyCreate(keyForm(bodyObject(event)))) },
  { method: 'POST', pattern: /^keys\/([^/]+)\/revoke$/, run: ({ args }) => replyWith(keyRevoke(args[0]!)) },
];

const sessionView = (c: ConsoleSession) => ({ login: c.session.login, name: c.session.principal.name, csrf: c.csrf });

/**
 * `path` is what follows `/console`: `''`, `/`, `/app.js`, `/api/logs`. A refusal answers its code;
 * an unexpected fault is logged with its stack and answered with the request id only.
 */
export async function routeConsole(event: APIGatewayProxyEvent, path: string, { now, requestId }: { now: Date; requestId: string }): Promise<APIGatewayProxyResult> {
  const method = event.httpMethod.toUpperCase();
  try {
    // Relative, so that it holds under a stage prefix (`/prod/console` -> `/prod/console/`).
    if (path === '') return { statusCode: 308, headers: { ...securityHeaders(isSecure(event)), location: 'console/' }, body: '' };
    if (path.startsWith('/api/')) return await api(event, method, path.slice('/api/'.length), now);
    if (method !== 'GET' && method !== 'HEAD') throw new WebhookError('METHOD_NOT_ALLOWED', 'The console\'s files are read with GET');
    return file(event, path === '/' ? 'index.html' : path.slice(1));
  } catch (error) {
    if (error instanceof WebhookError) return failure(event, error);
    if (isUnavailable(error)) return failure(event, new WebhookError('UNAVAILABLE', 'The service is busy or unavailable; retry later'));
    logger.error('Unhandled error', { requestId, error: error as Error });
    return failure(event, new WebhookError('INTERNAL', `Internal error (request ${requestId})`));
  }
}

async function api(event: APIGatewayProxyEvent, method: string, path: string, now: Date): Promise<APIGatewayProxyResult> {
  if (path === 'login') {
    if (method !== 'POST') throw new WebhookError('METHOD_NOT_ALLOWED', 'Log in with POST');
    checkSameOrigin(event);
    const body = bodyObject(event);
    const { user, csrf, cookie } = await consoleLogin(textField(body, 'login') ?? '', textField(body, 'password') ?? '', event, now);
    return json(event, 200, { login: user.login, name: user.principal.name, csrf }, { 'set-cookie': cookie });
  }
  // Whether someone is logged in is no failure: a page that just opened asks it first.
  if (path === 'session' && method === 'GET') {
    const console = await consoleSessionOf(event, now).catch((error: unknown) => {
      if (error instanceof WebhookError && error.code === 'UNAUTHENTICATED') return null;
      throw error;
    });
    return json(event, 200, console ? sessionView(console) : { login: null });
  }
  const candidates = API.filter((r) => r.pattern.test(path));
  if (candidates.length === 0) throw new WebhookError('ROUTE_NOT_FOUND', `No console call ${path}`);
  const route = candidates.find((r) => r.method === method);
  if (!route) throw new WebhookError('METHOD_NOT_ALLOWED', `${path} takes ${candidates.map((r) => r.method).join(' or ')}`);
  const console = await consoleSessionOf(event, now);
  if (method === 'POST') {
    checkSameOrigin(event);
    checkCsrf(event, console);
  }
  const args = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
  const reply = await route.run({ event, now, args, console });
  return json(event, 200, reply.body, reply.headers);
}

function keyForm(body: Record<string, unknown>): KeyForm {
  const field = (name: keyof KeyForm) => textField(body, name);
  return { name: field('name'), company_id: field('company_id'), allowed_company_ids: field('allowed_company_ids'), routes: field('routes'), models: field('models') };
}

function file(event: APIGatewayProxyEvent, name: string): APIGatewayProxyResult {
  const asset = consoleAssets().get(name);
  if (!asset) throw new WebhookError('ROUTE_NOT_FOUND', `No console file ${name}`);
  const headers = { ...securityHeaders(isSecure(event)), 'content-type': asset.contentType, 'cache-control': 'no-cache', etag: asset.etag };
  if (headerValue(event.headers, 'if-none-match') === asset.etag) return { statusCode: 304, headers, body: '' };
  return { statusCode: 200, headers, body: asset.body };
}
