import { WebhookError, renderError, renderInternal, type HttpResponse } from '../envelope';
import { logger } from '../observability/logger';
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
    return renderError(id, new WebhookError('UNAVAILABLE', 'The service is busy or unavailable; retry the request later'), requestId);
  }
  logger.error('Unhandled error', { requestId, error: error as Error });
  return renderInternal(id, requestId);
}
