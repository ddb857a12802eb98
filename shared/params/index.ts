import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { SSMClient } from '@aws-sdk/client-ssm';
import { getConfig } from '../config';
import { logger } from '../observability/logger';
import { traced } from '../observability/tracer';
import { parseParams, type Params } from './definitions';

export * from './definitions';

/**
 * One SSM client and cache per container. `getMultiple` reads the whole prefix with
 * GetParametersByPath (SSM pages it, 10 parameters a page) at most once per cache period
 * (`PARAMS_CACHE_SECONDS`), never per request. Short timeouts, so that a read that cannot get
 * through ends: two pages of two attempts of at most 1 s to connect and 2 s to answer. Its calls
 * are traced in X-Ray.
 */
export const paramsProvider = new SSMProvider({
  awsSdkV3Client: traced(new SSMClient({ maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 } })),
});

/**
 * The longest a request waits for a read of SSM: a slow SSM must not hold requests, whose answers
 * never depend on reaching it. A read that takes longer goes on without them and keeps its values
 * when it ends; the requests go on with the last values read.
 */
export const PARAMS_WAIT_MS = 2000;

let lastGood: Record<string, string | undefined> = {};
/**
 * When the values read go stale. Kept here as well as in the provider's cache, which keeps no
 * empty result: with no parameter stored under the prefix, SSM would be asked on every request.
 */
let freshUntil = 0;
/** After a failed read, SSM is left alone for one cache period rather than asked on every request. */
let retryAfter = 0;
/** The read under way: requests that find the cache expired at the same moment share it. */
let reading: Promise<void> | undefined;
/**
 * Reads are numbered as they begin: a read that outlived its wait and answers after a later one
 * has answered brings older values, and is dropped.
 */
let begun = 0;
let applied = 0;
const reported = new Set<string>();
const UNREACHABLE = 'ssm-unreachable';

/**
 * The operator parameters as of at most one cache period ago. When SSM cannot be read, the last
 * values read are kept (the defaults before any): a request never fails for a parameter.
 *
 *   t=0 read ─ cached ──────── t=maxAge read ─ cached ───   (reads fail: last values kept, and
 *                                                            SSM left alone for one period)
 */
export async function getParams(): Promise<Params> {
  const { paramsPrefix, paramsCacheSeconds } = getConfig();
  if (Date.now() >= Math.max(freshUntil, retryAfter)) {
    reading ??= read(paramsPrefix, paramsCacheSeconds).finally(() => (reading = undefined));
    await reading;
  }
  const { params, rejected } = parseParams(lastGood);
  for (const r of rejected) {
    reportOnce(`${r.name}=${r.value}`, () =>
      logger.warn('Invalid parameter value ignored; using its default', { parameter: `${paramsPrefix}${r.name}`, value: r.value }),
    );
  }
  return params;
}

async function read(prefix: string, maxAge: number): Promise<void> {
  const number = ++begun;
  // Always SSM: this module's period is the only cache. The provider's own would hand back its
  // copy at the very millisecond it expires (it expires strictly after its age), and that copy
  // would then be kept for one more period.
  const attempt = paramsProvider.getMultiple(prefix, { forceFetch: true }).then((values) => {
    if (number < applied) return;
    applied = number;
    lastGood = values ?? {};
    freshUntil = Date.now() + maxAge * 1000;
    reported.delete(UNREACHABLE); // so that the next outage is reported too
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ParamsTimeoutError(`SSM did not answer within ${PARAMS_WAIT_MS} ms`)), PARAMS_WAIT_MS);
  });
  try {
    await Promise.race([attempt, waited]);
  } catch (error) {
    retryAfter = Date.now() + maxAge * 1000;
    reportOnce(UNREACHABLE, () => logger.warn('SSM parameters unreadable; using the last values read or the defaults', { error: error as Error }));
  } finally {
    clearTimeout(timer);
  }
}

class ParamsTimeoutError extends Error {
  override readonly name = 'ParamsTimeoutError';
}

function reportOnce(key: string, report: () => void): void {
  if (reported.has(key)) return;
  reported.add(key);
  report();
}
