import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { getConfig } from '../config';
import { logger } from '../observability/logger';
import { parseParams, type Params } from './definitions';

export * from './definitions';

/**
 * One SSM client and cache per container. `getMultiple` reads the whole prefix with
 * GetParametersByPath at most once per cache period (`PARAMS_CACHE_SECONDS`), never per request.
 */
const provider = new SSMProvider({ clientConfig: { maxAttempts: 2 } });

let lastGood: Record<string, string | undefined> = {};
/** After a failed read, SSM is left alone for one cache period rather than asked on every request. */
let retryAfter = 0;
const reported = new Set<string>();

/**
 * The operator parameters as of at most one cache period ago. When SSM cannot be read, the last
 * values read are kept (the defaults before any): a request never fails for a parameter.
 */
export async function getParams(): Promise<Params> {
  const { paramsPrefix, paramsCacheSeconds } = getConfig();
  if (Date.now() >= retryAfter) {
    try {
      lastGood = (await provider.getMultiple(paramsPrefix, { maxAge: paramsCacheSeconds })) ?? {};
    } catch (error) {
      retryAfter = Date.now() + paramsCacheSeconds * 1000;
      reportOnce('ssm-unreachable', () => logger.warn('SSM parameters unreadable; using the last values read or the defaults', { error }));
    }
  }
  const { params, rejected } = parseParams(lastGood);
  for (const r of rejected) {
    reportOnce(`${r.name}=${r.value}`, () =>
      logger.warn('Invalid parameter value ignored; using its default', { parameter: `${paramsPrefix}${r.name}`, value: r.value }),
    );
  }
  return params;
}

function reportOnce(key: string, report: () => void): void {
  if (reported.has(key)) return;
  reported.add(key);
  report();
}
