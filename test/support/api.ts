/**
 * A test file's own slice of the embedded stack: its own tables, bucket and parameter prefix on
 * the run's emulators, company 1, a development key, and a local API Gateway on a free port that
 * runs the real handlers in this process (so that tests can watch the SDK calls they make).
 */
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Principal } from '../../shared/auth/principal';
import type { Resources } from '../../local/names';
import type { QuotaLimits, ThrottleLimits } from '../../shared/deployment';

export interface RpcAnswer {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestApi {
  url: string;
  /** The development key: company 1, every company allowed. */
  key: string;
  prefix: string;
  /** This file's tables, bucket and parameter prefix. */
  resources: Resources;
  /** POSTs a JSON-RPC body to a route; `params` is wrapped in `{"jsonrpc": "2.0", "params": ...}`. */
  call(route: string, params: unknown, options?: CallOptions): Promise<RpcAnswer>;
  /** POSTs a raw body. */
  post(route: string, body: string, headers?: Record<string, string>): Promise<RpcAnswer>;
  /** Sets an operator parameter in SSM (bare name), as `aws ssm put-parameter --overwrite` does. */
  setParam(name: string, value: string): Promise<void>;
  /** Sets operator parameters, and returns once the functions have read them (test/support/params.ts). */
  setParams(values: Record<string, string>): Promise<void>;
  /** Creates a key for a principal (stored hashed), for tests of companies and limits. */
  createKey(principal: Partial<Principal> & { companyId: number }): Promise<string>;
  stop(): Promise<void>;
}

export interface CallOptions {
  key?: string | null;
  headers?: Record<string, string>;
  id?: number | string;
}

export interface TestApiOptions {
  /** The local API Gateway's throttle per key; the usage plan's by default. */
  throttle?: ThrottleLimits;
  /** Its quota per key; the usage plan's by default. */
  quota?: QuotaLimits;
  /** Its throttle of routes without the authorizer (the session login); the stage's by default. */
  openRouteThrottle?: ThrottleLimits;
  /** The route functions' timeout (a short one makes a request's phases short); the stack's by default. */
  functionTimeoutMs?: number;
  /** How long the gateway waits for a route function before answering 504; API Gateway's 29 s by default. */
  gatewayTimeoutMs?: number;
  /** The clock the throttle's buckets refill by, in seconds; the real one by default. */
  throttleClock?: () => number;
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const suffix = randomBytes(4).toString('hex');
  const names: Resources = {
    recordsTable: `records-${suffix}`,
    authTable: `auth-${suffix}`,
    logsTable: `logs-${suffix}`,
    filesBucket: `files-${suffix}`,
    paramsPrefix: `/webhook/test-${suffix}/`,
  };
  const { resourceEnvironment } = await import('../../local/names');
  Object.assign(process.env, resourceEnvironment(names));
  const { prepareResources } = await import('../../local/resources');
  const { ensureDevKey } = await import('../../local/dev-key');
  const { startApiGateway } = await import('../../local/api-gateway');
  const { generateKey, saveKey } = await import('../../shared/auth/keys');
  const { paramsReadAgain } = await import('./params');
  await prepareResources(names);
  const key = await ensureDevKey();
  const gateway = await startApiGateway({ port: 0, ...options });
  const ssm = new SSMClient({});

  const post = async (route: string, body: string, headers: Record<string, string> = {}): Promise<RpcAnswer> => {
    const res = await fetch(`${gateway.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const setParam = async (name: string, value: string) => {
    await ssm.send(new PutParameterCommand({ Name: `${names.paramsPrefix}${name}`, Value: value, Type: 'String', Overwrite: true }));
  };

  return {
    url: gateway.url,
    key,
    prefix: names.paramsPrefix,
    resources: names,
    post,
    call: (route, params, options = {}) => {
      const k = options.key === undefined ? key : options.key;
      return post(
        route,
        JSON.stringify({ jsonrpc: '2.0', method: 'call', ...(options.id !== undefined ? { id: options.id } : {}), params }),
        { ...(k ? { authorization: `Bearer ${k}` } : {}), ...options.headers },
      );
    },
    setParam,
    setParams: async (values) => {
      await Promise.all(Object.entries(values).map(([name, value]) => setParam(name, value)));
      await paramsReadAgain();
    },
    createKey: async (p) => {
      const secret = generateKey();
      const keyId = randomBytes(4).toString('hex');
      await saveKey(secret, {
        keyId,
        principal: { name: p.name ?? `key-${keyId}`, id: `key:${keyId}`, allowedCompanyIds: [p.companyId], ...p },
        createdAt: new Date().toISOString(),
      });
      return secret;
    },
    stop: async () => {
      ssm.destroy();
      await gateway.stop();
    },
  };
}

/**
 * Starts this file's (or this suite's) stack in a `before` hook and stops it in an `after` hook,
 * both registered where it is called, and returns the API: an object that forwards to the started
 * stack. Set-up that needs the stack goes in `setUp`, run in the same hook once the stack is up:
 * Node 20 runs a file's top-level `before` hooks concurrently, so a second `before` could run
 * before the stack has started.
 */
export function useTestApi(setUp?: () => Promise<void>): TestApi;
export function useTestApi(options: TestApiOptions, setUp?: () => Promise<void>): TestApi;
export function useTestApi(first?: TestApiOptions | (() => Promise<void>), second?: () => Promise<void>): TestApi {
  const [options, setUp] = typeof first === 'function' ? [{}, first] : [first ?? {}, second];
  let started: TestApi | undefined;
  before(async () => {
    started = await startTestApi(options);
    await setUp?.();
  });
  after(() => started?.stop());
  const api = (): TestApi => {
    if (!started) throw new Error('the test API is not started yet: use it in a test, or in the set-up passed to useTestApi()');
    return started;
  };
  // Getters, not a copy: the stack starts later, and `{ ...api }` still reads every member.
  return {
    get url() {
      return api().url;
    },
    get key() {
      return api().key;
    },
    get prefix() {
      return api().prefix;
    },
    get resources() {
      return api().resources;
    },
    call: (route, params, options) => api().call(route, params, options),
    post: (route, body, headers) => api().post(route, body, headers),
    setParam: (name, value) => api().setParam(name, value),
    setParams: (values) => api().setParams(values),
    createKey: (principal) => api().createKey(principal),
    stop: () => api().stop(),
  };
}
