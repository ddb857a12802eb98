import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { AUTHORIZER_HANDLER, CONSOLE_ROUTE, ROUTES, methodOf, type RouteEntry } from '../lambdas/routes';
import {
  OPEN_ROUTE_THROTTLE,
  ROUTE_TIMEOUT_SECONDS,
  THROTTLED_MESSAGE,
  quotaExceededMessage,
  type QuotaLimits,
  type ThrottleLimits,
} from '../shared/deployment';
import { MAX_BODY_BYTES, WebhookError, renderError, type ErrorCode } from '../shared/envelope';
import { LOG_ID_HEADER } from '../shared/logs/keys';
import { invocationRunner } from './invocations';
import { PortInUseError } from './ports';
import { Quotas, TokenBuckets, usagePlanLimits } from './throttle';

/**
 * A local stand-in for API Gateway's REST API with Lambda proxy integrations: it builds the same
 * events, runs the same authorizer and handlers (imported, unchanged) and answers API Gateway's
 * own refusals (unknown route, body too large, denied, throttled) in the JSON-RPC error shape
 * that the deployed gateway responses use. Requests the authorizer allows are metered per usage
 * key (the `usageIdentifierKey` it returns), throttled and held to a quota as the usage plan does
 * in AWS; routes without the authorizer are throttled per route, as the stage's method settings do.
 */
export interface GatewayOptions {
  /** 0 picks a free port. */
  port: number;
  stage?: string;
  /** Throttle per key. @default usagePlanLimits().throttle: the usage plan's, or THROTTLE_RATE_LIMIT / THROTTLE_BURST_LIMIT */
  throttle?: ThrottleLimits;
  /** Quota per key. @default usagePlanLimits().quota: the usage plan's, or QUOTA_LIMIT */
  quota?: QuotaLimits;
  /** Throttle of each route without the authorizer, for all callers together. @default OPEN_ROUTE_THROTTLE */
  openRouteThrottle?: ThrottleLimits;
  /** The route functions' timeout, as the stack sets it. @default ROUTE_TIMEOUT_SECONDS */
  functionTimeoutMs?: number;
  /** How long it waits for a route function before answering 504. @default 29 s, API Gateway's integration timeout */
  gatewayTimeoutMs?: number;
  /** The clock the throttle's buckets refill by, in seconds (monotonic). @default performance.now() / 1000 */
  throttleClock?: () => number;
  /** Told of every request once it is answered (`npm start` prints a line for each). */
  onRequest?: (request: AnsweredRequest) => void;
}

/** One request as `npm start` reports it, as `sam local start-api` does. */
export interface AnsweredRequest {
  method: string;
  path: string;
  status: number;
  ms: number;
  /** The API log the call wrote (its `X-Webhook-Log-Id`), if any. */
  logId: string | undefined;
}

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type AuthorizerHandler = (event: APIGatewayRequestAuthorizerEvent, context: Context) => Promise<APIGatewayAuthorizerResult>;

const ACCOUNT = '000000000000';
const API_ID = 'local';
/** API Gateway's integration timeout. */
const GATEWAY_TIMEOUT_MS = 29_000;

async function load<T>(handler: string): Promise<T> {
  const mod = (await import(new URL(`../lambdas/${handler}.ts`, import.meta.url).href)) as { handler: T };
  return mod.handler;
}

export async function startApiGateway(options: GatewayOptions): Promise<RunningGateway> {
  const stage = options.stage ?? 'local';
  const routes = new Map<string, { entry: RouteEntry; handler: ProxyHandler }>();
  for (const entry of ROUTES) routes.set(entry.path, { entry, handler: await load<ProxyHandler>(entry.handler) });
  const consoleRoute = { entry: { handler: CONSOLE_ROUTE.handler, authorized: false }, handler: await load<ProxyHandler>(CONSOLE_ROUTE.handler) };
  const authorizer = await load<AuthorizerHandler>(AUTHORIZER_HANDLER);
  const invoke = invocationRunner();
  const plan = usagePlanLimits();
  const quota = options.quota ?? plan.quota;
  const buckets = new TokenBuckets(options.throttle ?? plan.throttle, options.throttleClock);
  const quotas = new Quotas(quota);
  const openRoutes = new TokenBuckets(options.openRouteThrottle ?? OPEN_ROUTE_THROTTLE, options.throttleClock);
  const functionTimeoutMs = options.functionTimeoutMs ?? ROUTE_TIMEOUT_SECONDS * 1000;
  const gatewayTimeoutMs = options.gatewayTimeoutMs ?? GATEWAY_TIMEOUT_MS;

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const { onRequest } = options;
    if (onRequest) {
      res.on('finish', () => {
        const logId = res.getHeader(LOG_ID_HEADER);
        const ms = Math.round(performance.now() - started);
        onRequest({ method: req.method ?? '', path: req.url ?? '/', status: res.statusCode, ms, logId: typeof logId === 'string' ? logId : undefined });
      });
    }
    handle(req, res).catch((error: unknown) => {
      console.error('local API Gateway:', error);
      const requestId = randomUUID();
      send(res, gatewayError('INTERNAL', 'Internal error', requestId), requestId);
    });
  });
  // Connections are kept alive by clients; they must not keep the process from stopping.
  server.keepAliveTimeout = 5000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    // The console takes every method on every path under its prefix, trailing slashes kept.
    const consolePath = isConsolePath(url.pathname);
    const path = consolePath ? url.pathname : url.pathname.replace(/\/+$/, '') || '/';
    const route = consolePath ? consoleRoute : routes.get(path);
    if (!route) return send(res, gatewayError('ROUTE_NOT_FOUND', `No route ${method} ${path}`, requestId), requestId);
    // Each route of the API answers one method; the console answers every method.
    const accepted = 'path' in route.entry ? methodOf(route.entry) : method;
    if (method !== accepted) return send(res, gatewayError('METHOD_NOT_ALLOWED', `${path} accepts ${accepted} only`, requestId), requestId);
    const resource = consolePath ? consoleResource(path) : { resource: path, pathParameters: null };
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return send(res, gatewayError('BODY_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES} bytes`, requestId), requestId);

    // API Gateway serves HTTPS and says so in X-Forwarded-Proto; this server says what it serves.
    const headers: Record<string, string> = { ...withoutHeader(singleHeaders(req), 'x-forwarded-proto'), 'X-Forwarded-Proto': 'http' };
    const multiValueHeaders: Record<string, string[]> = { ...withoutHeader(multiHeaders(req), 'x-forwarded-proto'), 'X-Forwarded-Proto': ['http'] };
    const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
    const requestContext = {
      accountId: ACCOUNT,
      apiId: API_ID,
      stage,
      requestId,
      requestTimeEpoch: Date.now(),
      httpMethod: method,
      // The path as the client sent it: this server serves the stage at the root, as a custom domain does.
      path,
      resourcePath: resource.resource,
      resourceId: resource.resource,
      protocol: 'HTTP/1.1',
      identity: { sourceIp, userAgent: headers['user-agent'] ?? null },
    };

    let authorizerContext: Record<string, unknown> | undefined;
    if (route.entry.authorized) {
      const methodArn = `arn:aws:execute-api:local:${ACCOUNT}:${API_ID}/${stage}/${method}${path}`;
      const decision = await invoke(requestId, () => authorizer(
        {
          type: 'REQUEST',
          methodArn,
          resource: path,
          path,
          httpMethod: method,
          headers,
          multiValueHeaders,
          pathParameters: null,
          queryStringParameters: null,
          multiValueQueryStringParameters: null,
          stageVariables: null,
          requestContext,
        } as unknown as APIGatewayRequestAuthorizerEvent,
        lambdaContext(AUTHORIZER_HANDLER, requestId, functionTimeoutMs),
      )).catch(() => null);
      // A failing authorizer is API Gateway's 500 (its DEFAULT_5XX answer), under the request's id;
      // the authorizer has logged why.
      if (decision === null) return send(res, gatewayError('INTERNAL', 'Internal error', requestId), requestId);
      if (!allows(decision, methodArn)) {
        const message = typeof decision.context?.message === 'string' ? decision.context.message : 'Unauthorized';
        return send(res, gatewayError('UNAUTHENTICATED', message, requestId), requestId);
      }
      const usageKey = decision.usageIdentifierKey ?? decision.principalId;
      if (!quotas.allows(usageKey)) return send(res, gatewayError('THROTTLED', quotaExceededMessage(quota), requestId), requestId);
      if (!buckets.take(usageKey)) return send(res, gatewayError('THROTTLED', THROTTLED_MESSAGE, requestId), requestId);
      quotas.count(usageKey);
      authorizerContext = { ...decision.context, principalId: decision.principalId };
    } else if (!openRoutes.take(consolePath ? CONSOLE_ROUTE.prefix : path)) {
      return send(res, gatewayError('THROTTLED', THROTTLED_MESSAGE, requestId), requestId);
    }

    const event = {
      ...resource,
      path,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: queryOf(url),
      multiValueQueryStringParameters: null,
      stageVariables: null,
      requestContext: { ...requestContext, ...(authorizerContext ? { authorizer: authorizerContext } : {}) },
      // API Gateway hands a request without a body (a GET) as null.
      body: body === '' ? null : body,
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEvent;

    // Lambda ends a function at its timeout (API Gateway then answers 502), and API Gateway stops
    // waiting at 29 s (504), whichever comes first.
    let timer: NodeJS.Timeout | undefined;
    const gatewayFirst = gatewayTimeoutMs <= functionTimeoutMs;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.min(gatewayTimeoutMs, functionTimeoutMs))));
    try {
      const invocation = invoke(requestId, () => route.handler(event, lambdaContext(route.entry.handler, requestId, functionTimeoutMs)));
      const result = await Promise.race([invocation, timeout]);
      if (result === 'timeout') {
        return send(res, gatewayFirst ? gatewayError('INTERNAL', 'Endpoint request timed out', requestId, 504) : gatewayError('INTERNAL', 'Internal error', requestId, 502), requestId);
      }
      if (!result || typeof result.statusCode !== 'number') {
        return send(res, gatewayError('INTERNAL', 'Internal error', requestId, 502), requestId);
      }
      return send(res, result, requestId);
    } catch (error) {
      console.error(`local API Gateway: handler ${route.entry.handler} threw`, error);
      return send(res, gatewayError('INTERNAL', 'Internal error', requestId, 502), requestId);
    } finally {
      clearTimeout(timer);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new PortInUseError(options.port, 'local API Gateway', 'Set PORT to a free port.') : e),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const isConsolePath = (path: string): boolean => path === CONSOLE_ROUTE.prefix || path.startsWith(`${CONSOLE_ROUTE.prefix}/`);

/** The console's resources as API Gateway names them: `/console` and `/console/{proxy+}`. */
function consoleResource(path: string): { resource: string; pathParameters: Record<string, string> | null } {
  const rest = path.slice(CONSOLE_ROUTE.prefix.length + 1);
  return rest === '' ? { resource: CONSOLE_ROUTE.prefix, pathParameters: null } : { resource: `${CONSOLE_ROUTE.prefix}/{proxy+}`, pathParameters: { proxy: rest } };
}

/** Whether the policy allows this method (API Gateway's wildcard matching of resources). */
function allows(decision: APIGatewayAuthorizerResult, methodArn: string): boolean {
  const statements = decision.policyDocument?.Statement ?? [];
  const matches = (resource: string) =>
    new RegExp(`^${resource.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(methodArn);
  const resources = (s: (typeof statements)[number]) => {
    const r = (s as { Resource?: string | string[] }).Resource ?? [];
    return Array.isArray(r) ? r : [r];
  };
  if (statements.some((s) => s.Effect === 'Deny' && resources(s).some(matches))) return false;
  return statements.some((s) => s.Effect === 'Allow' && resources(s).some(matches));
}

function gatewayError(code: ErrorCode, message: string, requestId: string, status?: number): APIGatewayProxyResult {
  const response = renderError(null, new WebhookError(code, message), requestId);
  return { ...response, statusCode: status ?? response.statusCode };
}

/** Writes an answer; `x-amzn-requestid` is the request id the handler and the API log saw, as in AWS. */
function send(res: ServerResponse, result: APIGatewayProxyResult, requestId: string): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
  for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v.map(String);
  headers['x-amzn-requestid'] = requestId;
  const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  // Set one by one (not through writeHead) so that they can be read back once the answer is sent.
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.writeHead(result.statusCode);
  res.end(body);
}

/** The body as text, or null when it passes `limit` bytes (the rest is drained, then refused). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function singleHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) out[req.rawHeaders[i]!] = req.rawHeaders[i + 1]!;
  return out;
}

function multiHeaders(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) (out[req.rawHeaders[i]!] ??= []).push(req.rawHeaders[i + 1]!);
  return out;
}

function withoutHeader<T>(headers: Record<string, T>, name: string): Record<string, T> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name));
}

function queryOf(url: URL): Record<string, string> | null {
  const entries = [...url.searchParams.entries()];
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:${ACCOUNT}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
