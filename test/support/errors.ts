import { WebhookError } from '../../shared/envelope';

/** The WebhookError a function throws (anything else is rethrown); fails when it throws nothing. */
export function thrown(fn: () => unknown): WebhookError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WebhookError) return e;
    throw e;
  }
  throw new Error('expected a WebhookError, nothing was thrown');
}
