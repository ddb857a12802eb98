import { WebhookError, renderError, renderInternal, type HttpResponse } from '../envelope';
import { logger } from '../observability/logger';

/**
 * The answer to a failure: a `WebhookError` becomes its documented answer; anything else is logged
 * with its stack and answered `Internal error` with the request id. A module of its own so that
 * /web/session/authenticate shares it without importing the webhook routes' parameters and API
 * log (and their SSM and S3 clients).
 */
export function answerError(id: string | number | null, error: unknown, requestId: string): HttpResponse {
  if (error instanceof WebhookError) return renderError(id, error, requestId);
  logger.error('Unhandled error', { requestId, error: error as Error });
  return renderInternal(id, requestId);
}
