import { DeadlineExceeded, recordAttempt, timeLeft, type AttemptFate } from './deadline';

/**
 * What every AWS client of the functions shares: timeouts on each attempt, retries with backoff
 * that never sleep past the current deadline, and a deadline check before and during each attempt.
 *
 *   attempt 1 ──x timeout── backoff ── attempt 2 ──x── backoff (cut to the time left) ── refused: DeadlineExceeded
 *                                                                                    │
 *                                                                          deadline ─┘
 */
export interface ClientTimeouts {
  /** Longest wait for a connection. @default 1000 */
  connectionTimeoutMs?: number;
  /** Longest an attempt may wait for its answer; past it the attempt fails and is retried. */
  requestTimeoutMs: number;
  /** Attempts in all, the first included, as long as the deadline allows. @default 8 */
  maxAttempts?: number;
}

/** Backoff before retry `attempt` (2, 3, ...): full jitter, base 50 ms, at most 2 s. */
export const retryDelay = (attempt: number): number => Math.random() * Math.min(2000, 50 * 2 ** attempt);

/** Client settings (`requestHandler`, `retryStrategy`) for `new XClient({...})`. */
export function clientConfig(t: ClientTimeouts) {
  return {
    requestHandler: {
      connectionTimeout: t.connectionTimeoutMs ?? 1000,
      requestTimeout: t.requestTimeoutMs,
      // Without it the handler only warns when the time has passed, and the call waits on.
      throwOnRequestTimeout: true,
    },
    retryStrategy: new DeadlineRetries(t.maxAttempts ?? 8),
  };
}

/** What the SDK's retry middleware gives and asks of a retry strategy (`RetryStrategyV2`). */
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}
type RetryErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

/**
 * Retries of one call, bounded by its attempts and the time left, and by nothing else. The SDK's
 * standard strategy also draws every retry from a quota its client shares (500 tokens, 14 a
 * retry): calls of other requests that time out together (the local API runs every request of
 * every function in one process; a container keeps its client across invocations) use it up, and
 * the next call that times out is not retried at all, although its request has time left. Here
 * each call's retries are its own; the request's deadline is what stops a retry storm.
 */
class DeadlineRetries {
  constructor(private readonly maxAttempts: number) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, error: { errorType: RetryErrorType }): Promise<RetryToken> {
    const retries = previous.getRetryCount() + 1;
    // As the SDK's standard strategy: timeouts, lost connections, 500-504 and throttling.
    const retryable = error.errorType === 'TRANSIENT' || error.errorType === 'THROTTLING';
    if (!retryable || retries >= this.maxAttempts) throw new Error('No retry token available');
    return token(retries, Math.max(0, Math.min(retryDelay(retries), timeLeft())));
  }

  recordSuccess(): void {}
}

const token = (retries: number, delay: number): RetryToken => ({ getRetryCount: () => retries, getRetryDelay: () => delay });

type Handler = (args: object) => Promise<unknown>;
interface MiddlewareStack {
  add(mw: (next: Handler) => Handler, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void;
}

/**
 * Adds to a client, inside its retries (once per attempt): the deadline check (an attempt is not
 * sent once the time is up, and one still waiting when it is up stops being waited for; its
 * connection ends by the request timeout), and the attempt's fate for a scope that watches.
 */
export function enforceDeadlines<C extends { middlewareStack: object }>(client: C): C {
  // The SDK types `add` per step with overloads a generic caller cannot name: one cast, here.
  (client.middlewareStack as MiddlewareStack).add(
    (next) => async (args) => {
      const left = timeLeft();
      if (left <= 0) {
        recordAttempt('not-applied');
        throw new DeadlineExceeded(false);
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        // Node's timers hold at most about 24.8 days: a bound further away than that is none.
        if (left < MAX_TIMER_MS) timer = setTimeout(() => reject(new DeadlineExceeded(true)), left);
      });
      try {
        const out = await Promise.race([next(args), late]);
        recordAttempt('answered');
        return out;
      } catch (error) {
        recordAttempt(fateOf(error));
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'deadline' },
  );
  return client;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Connection failures that happen before a byte of the request leaves. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * What a failed attempt tells: a 4xx is the service refusing it before it applied (throttling,
 * validation, a cancelled transaction); a connection that never opened sent nothing; a 5xx, a
 * timeout or a connection lost midway leave it open whether the request applied.
 */
function fateOf(error: unknown): AttemptFate {
  const e = error as { $metadata?: { httpStatusCode?: number }; code?: string; name?: string } | null;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status < 500 ? 'answered' : 'no-answer';
  if (e instanceof DeadlineExceeded) return e.sent ? 'no-answer' : 'not-applied';
  if (NOT_SENT.has(e?.code ?? '') || e?.name === 'ConnectionTimeoutError') return 'not-applied';
  return 'no-answer';
}
