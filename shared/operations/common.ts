import { setTimeout as sleep } from 'node:timers/promises';
import { WebhookError, quote } from '../envelope';
import { isServiceFailure } from '../aws/errors';
import { StoreError } from '../store';
import type { OperationContext } from './context';

export { requireModel } from './models';

/** An optional true/false switch of a request (`vals.multi`, `payload.count`); absent or null is false. */
export function readFlag(raw: unknown, name: string): boolean {
  if (raw === undefined || raw === null) return false;
  if (typeof raw !== 'boolean') throw new WebhookError('INVALID_VALUE', `'${name}' must be true or false`, { path: name });
  return raw;
}

/** A unique value taken by a concurrent request is found by the next attempt's lookups. */
const MAX_DUPLICATE_ATTEMPTS = 3;

/** Backoff before attempt `n + 1` after a lost race: full jitter, base 25 ms, at most 1 s. */
const raceDelay = (n: number): number => Math.random() * Math.min(1000, 25 * 2 ** n);

/**
 * Runs a request's reads and writes again, with backoff and jitter, when its transaction lost a
 * race (a condition failed because another request wrote first), as long as nothing of it stayed
 * written and another attempt is expected to end before the request's time for work is up: under
 * contention (fifty identical upserts at once) every request gets through, one after another.
 * A unique value still taken after three attempts is a DUPLICATE.
 *
 * A failure after something of the request was written (a read for the answer, after the commit)
 * says so: the request must not be sent again as if nothing had happened.
 */
export async function withRetries<T>(ctx: Pick<OperationContext, 'budget' | 'writes'>, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    const started = Date.now();
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StoreError)) {
        if (ctx.writes.stayed && isServiceFailure(error)) throw new StoreError({ reason: 'unavailable' }, { committed: true }, { cause: error });
        throw error;
      }
      const reason = error.failure.reason;
      const pause = raceDelay(n);
      // Another attempt like this one would end after the time for work: answer now instead.
      const late = Date.now() + pause + (Date.now() - started) > ctx.budget.workUntil;
      const racing = reason === 'conflict' || (reason === 'duplicate' && n < MAX_DUPLICATE_ATTEMPTS);
      if (!racing || error.mayHaveWritten || ctx.writes.stayed || late) {
        // Records written earlier in the request (auto_create with rollback_except off) stay too.
        const told = ctx.writes.stayed && !error.leftover.committed ? new StoreError(error.failure, { ...error.leftover, committed: true }, { cause: error }) : error;
        throw storeFailure(told);
      }
      await sleep(pause);
    }
  }
}

/** What a lost race left: nothing (retry now), part of it, or a part that may be there a while. */
function conflictText(error: StoreError): string {
  if (error.leftover.committed) return 'it was not written whole.';
  return error.mayHaveWritten ? 'retry later.' : 'nothing was written, retry.';
}

/** What a failure left behind, in the words of its answer. */
function leftoverText(error: StoreError): string {
  const left = error.leftover;
  if (left.kept.length > 0) {
    const records = left.kept.map((k) => `${k.model},${k.id}`).join(', ');
    return ` Part of the request stayed: other requests changed ${records} meanwhile, and their changes are kept.`;
  }
  if (left.committed) return ' Part of the request was committed (rollback_except is off).';
  if (left.outcomeUnknown) return ' DynamoDB did not confirm part of the write: it may have been made; look the records up before sending the request again.';
  if (left.recoveryPending) return ' The part of it that was written is being undone and will not remain.';
  return '';
}

/** What a failure left, for its details: whether part of it stayed, or may be there until the recovery undoes it or for good. */
function leftoverDetails(error: StoreError): { committed: boolean; outcome?: 'unknown'; recovery?: 'pending' } {
  const left = error.leftover;
  if (left.committed) return { committed: true };
  if (left.outcomeUnknown) return { committed: false, outcome: 'unknown' };
  return left.recoveryPending ? { committed: false, recovery: 'pending' } : { committed: false };
}

/** The caller's view of a write that did not go through; unavailability is answered by the route. */
export function storeFailure(error: StoreError): Error {
  const f = error.failure;
  const partly = leftoverText(error);
  const left = leftoverDetails(error);
  switch (f.reason) {
    case 'duplicate':
      if (f.field === 'search_key') {
        return new WebhookError('DUPLICATE', `Another request is creating a '${f.model}' record with this search_key; retry.${partly}`, {
          model: f.model,
          ...left,
        });
      }
      return new WebhookError('DUPLICATE', `'${f.field}': ${quote(f.value)} already exists in '${f.model}'.${partly}`, {
        model: f.model,
        field: f.field,
        value: f.value,
        ...left,
      });
    case 'conflict':
      return new WebhookError('CONFLICT', `The records changed while the request was written; ${conflictText(error)}${partly}`, { model: f.model, ...left });
    case 'too_large':
      return new WebhookError(
        'LIMIT_EXCEEDED',
        `A '${f.model}' record would hold ${f.bytes} bytes, more than the 400 KB a record may hold; nothing was written`,
        { model: f.model, bytes: f.bytes },
      );
    case 'unavailable':
      return error; // not the caller's doing: answered 503 UNAVAILABLE by the route (lambda/errors.ts)
    case 'key_taken':
      return error; // a retry sent while this request ran: answered by the route (shared/idempotency)
  }
}
