import { WebhookError, renderError, renderInternal, type HttpResponse } from '../envelope';
import { logger } from '../observability/logger';
import { StoreError } from '../store/errors';
import { isUnavailable } from './unavailable';

/**
 * The answer to a failure: its documented error, with `Retry-After` when it says when to come back
 * (`details.retry_after`, seconds); `UNAVAILABLE` for an AWS service that kept failing; else
 * `Internal error` with the request id, logged with its stack. A module of its own so that
 * /web/session/authenticate shares it without importing the webhook routes' parameters and API
 * log (and their SSM and S3 clients).
 */
export function answerError(id: string | number | null, error: unknown, requestId: string): HttpResponse {
  if (error instanceof WebhookError) {
    const answer = renderError(id, error, requestId);
    const retryAfter = error.details.retry_after;
    return typeof retryAfter === 'number' ? { ...answer, headers: { ...answer.headers, 'retry-after': String(retryAfter) } } : answer;
  }
  if (isUnavailable(error)) {
    logger.warn('AWS service unavailable past retries', { requestId, error: error as Error });
    return renderError(id, unavailable(error), requestId);
  }
  logger.error('Unhandled error', { requestId, error: error as Error });
  return renderInternal(id, requestId);
}

/**
 * The 503 answer, true to what the request left behind: nothing; part of it (rollback_except off,
 * or written before the failure); a part the recovery undoes; or an outcome DynamoDB never told.
 */
function unavailable(error: unknown): WebhookError {
  const left = error instanceof StoreError ? error.leftover : null;
  if (left?.outcomeUnknown) {
    return new WebhookError(
      'UNAVAILABLE',
      'DynamoDB did not confirm the write before the deadline: it may have been made. Send the request again with the same Idempotency-Key to learn its outcome, or look the records up before sending it again.',
      { outcome: 'unknown' },
    );
  }
  if (left?.committed) {
    return new WebhookError('UNAVAILABLE', 'The service became busy or unavailable after the request wrote records; what was written stays: do not send the request again as it is.', { committed: true });
  }
  if (left?.recoveryPending) {
    return new WebhookError(
      'UNAVAILABLE',
      'The service is busy or unavailable; the part of the request that was written is being undone and will not remain. Retry the request later.',
      { committed: false, recovery: 'pending' },
    );
  }
  return new WebhookError('UNAVAILABLE', 'The service is busy or unavailable; nothing was written. Retry the request later.', { committed: false });
}
