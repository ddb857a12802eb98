import { StoreError } from '../store/errors';

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ThrottledException',
  'SlowDown',
  'TransactionInProgressException',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * Whether an error says that an AWS service (or the way to it) failed after the SDK's own retries,
 * rather than that the code is wrong: throttling, a server-side fault, a network failure. Such a
 * request is answered 503 UNAVAILABLE (retry later), not 500.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreError) return error.failure.reason === 'unavailable';
  const e = error as { name?: string; code?: string; $fault?: string } | null;
  if (!e || typeof e !== 'object') return false;
  return THROTTLING.has(e.name ?? '') || e.$fault === 'server' || e.name === 'TimeoutError' || NETWORK.has(e.code ?? '');
}
