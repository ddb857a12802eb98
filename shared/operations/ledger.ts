import type { IdempotencyGuard } from '../idempotency/guard';
import type { JournalRef, WriteFacts } from '../store';

/**
 * The writes of one request. Each commit gets its own id (its transactions' tokens and journal are
 * named after it); the ledger remembers whether anything of the request stayed written, which
 * decides whether it may run again after a failure and what its answer and API log say; and it
 * keeps the journals of writes of several transactions, removed once the answer is given.
 */
export class WriteLedger {
  private count = 0;
  /** Something of the request is written: a commit went through, or part of a failed one stayed. */
  stayed = false;
  /** Journals of writes that went through whole, to remove after the answer. */
  readonly finished: JournalRef[] = [];

  constructor(
    /** Unique per request (its log id): write ids are `<key>.<n>`. */
    private readonly key: string,
    /** What the API log needs, should the recovery have to finish one of the writes. */
    readonly facts: WriteFacts | null,
    /** The request's Idempotency-Key: checked before the first write, written with it. */
    readonly idempotency: IdempotencyGuard | null = null,
  ) {}

  nextId(): string {
    return `${this.key}.${++this.count}`;
  }
}
