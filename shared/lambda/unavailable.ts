import { isServiceFailure } from '../aws/errors';
import { StoreError } from '../store/errors';

/**
 * Whether an error says that an AWS service (or the way to it) failed past the retries, rather
 * than that the code is wrong. Such a request is answered 503 UNAVAILABLE (retry later), not 500.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreError) return error.failure.reason === 'unavailable';
  return isServiceFailure(error);
}
