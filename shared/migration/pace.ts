import { pushedBack } from '../store/backfill';

/**
 * Bounded concurrency that backs off when DynamoDB pushes back, so that a migration takes the
 * table's spare capacity and no more: at most `max` calls in flight; throttling (or a conflict with
 * live transactions) halves the limit and retries the call after a pause with jitter, and every
 * run of `limit` successes raises it by one again (additive increase, multiplicative decrease).
 */
export class Pace {
  private limit: number;
  private active = 0;
  private successes = 0;
  private readonly waiting: (() => void)[] = [];
  /** Calls DynamoDB refused for throttling or a conflict, each retried. */
  throttled = 0;

  constructor(
    private readonly max: number,
    private readonly attempts = 12,
  ) {
    this.limit = Math.max(1, Math.ceil(max / 2));
  }

  /** The current number of calls allowed in flight. */
  get concurrency(): number {
    return this.limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.acquire();
      try {
        const result = await task();
        if (++this.successes >= this.limit) {
          this.successes = 0;
          this.limit = Math.min(this.max, this.limit + 1);
        }
        return result;
      } catch (error) {
        if (!pushedBack(error) || attempt >= this.attempts) throw error;
        this.throttled++;
        this.successes = 0;
        this.limit = Math.max(1, Math.floor(this.limit / 2));
      } finally {
        this.release();
      }
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(5000, 50 * 2 ** attempt)));
    }
  }

  private async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
