import { WebhookError, quote } from '../envelope';
import { StoreError, backoff, sleep } from '../store';
import type { OperationContext } from './context';

export { requireModel } from './models';

/** An optional true/false switch of a request (`vals.multi`, `payload.count`); absent or null is false. */
export function readFlag(raw: unknown, name: string): boolean {
  if (raw === undefined || raw === null) return false;
  if (typeof raw !== 'boolean') throw new WebhookError('INVALID_VALUE', `'${name}' must be true or false`, { path: name });
  return raw;
}

/** How many times a request runs before it reports CONFLICT (or DUPLICATE, after fewer tries). */
export const MAX_ATTEMPTS = 6;
/** A unique value taken by a concurrent request is found by the next attempt's lookups. */
const MAX_DUPLICATE_ATTEMPTS = 3;

/**
 * Runs a request's reads and writes again, with backoff and jitter, when its transaction lost a
 * race (a condition failed because another request wrote first), as long as nothing of it stayed
 * committed and another attempt fits before the deadline. A unique value still taken after the
 * retries is a DUPLICATE.
 */
export async function withRetries<T>(ctx: Pick<OperationContext, 'deadline'>, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    const started = Date.now();
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      if (error.failure.reason === 'too_large') throw storeFailure(error);
      const limit = error.failure.reason === 'duplicate' ? MAX_DUPLICATE_ATTEMPTS : MAX_ATTEMPTS;
      const pause = backoff(n);
      // Another attempt like this one would finish after the deadline: answer now instead.
      const late = Date.now() + pause + (Date.now() - started) > ctx.deadline;
      if (error.committed || n >= limit || late) throw storeFailure(error);
      await sleep(pause);
    }
  }
}

/** The caller's view of a write that did not go through. */
export function storeFailure(error: StoreError): WebhookError {
  const f = error.failure;
  const partly = !error.committed
    ? ''
    : error.undoFailed
      ? ' Part of the request was committed and could not be undone.'
      : ' Part of the request was committed (rollback_except is off).';
  switch (f.reason) {
    case 'duplicate':
      if (f.field === 'search_key') {
        return new WebhookError('DUPLICATE', `Another request is creating a '${f.model}' record with this search_key; retry.${partly}`, {
          model: f.model,
          committed: error.committed,
        });
      }
      return new WebhookError('DUPLICATE', `'${f.field}': ${quote(f.value)} already exists in '${f.model}'.${partly}`, {
        model: f.model,
        field: f.field,
        value: f.value,
        committed: error.committed,
      });
    case 'conflict':
      return new WebhookError('CONFLICT', `The records changed while the request was written; nothing was written, retry.${partly}`, {
        model: f.model,
        committed: error.committed,
      });
    case 'too_large':
      return new WebhookError(
        'LIMIT_EXCEEDED',
        `A '${f.model}' record would hold ${f.bytes} bytes, more than the 400 KB a record may hold; nothing was written`,
        { model: f.model, bytes: f.bytes },
      );
    case 'unavailable':
      throw error; // not the caller's doing: answered 503 UNAVAILABLE by the route (lambda/unavailable.ts)
  }
}
