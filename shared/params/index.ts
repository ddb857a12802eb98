import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { getConfig } from '../config';
import { logger } from '../observability/logger';
import { parseParams, type Params } from './definitions';

export * from './definitions';

/**
 * One SSM client and cache per container. `getMultiple` reads the whole prefix with
 * GetParametersByPath (SSM pages it, 10 parameters a page) at most once per cache period
 * (`PARAMS_CACHE_SECONDS`), never per request. Short timeouts: a slow SSM must not hold requests,
 * whose answers never depend on reaching it.
 */
export const paramsProvider = new SSMProvider({
  clientConfig: { maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 } },
});

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
  try {
    lastGood = (await paramsProvider.getMultiple(prefix, { maxAge })) ?? {};
    freshUntil = Date.now() + maxAge * 1000;
    reported.delete(UNREACHABLE); // so that the next outage is reported too
  } catch (error) {
    retryAfter = Date.now() + maxAge * 1000;
    reportOnce(UNREACHABLE, () => logger.warn('SSM parameters unreadable; using the last values read or the defaults', { error: error as Error }));
  }
}

function reportOnce(key: string, report: () => void): void {
  if (reported.has(key)) return;
  reported.add(key);
  report();
}
