import { DeadlineExceeded } from './deadline';

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ThrottledException',
  'SlowDown',
  'TransactionInProgressException',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether an error says that an AWS service (or the way to it) failed after the retries, rather
 * than that the code is wrong: throttling, a server-side fault, a timeout, a network failure, the
 * request's deadline. Such a request is answered 503 UNAVAILABLE (retry later), not 500.
 */
export function isServiceFailure(error: unknown): boolean {
  if (error instanceof DeadlineExceeded) return true;
  const e = error as { name?: string; code?: string; $fault?: string } | null;
  if (!e || typeof e !== 'object') return false;
  return THROTTLING.has(e.name ?? '') || e.$fault === 'server' || e.name === 'TimeoutError' || NETWORK.has(e.code ?? '');
}
