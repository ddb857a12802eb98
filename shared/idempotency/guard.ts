import { setTimeout as sleep } from 'node:timers/promises';
import { WebhookError, type HttpResponse } from '../envelope';
import { StoreError } from '../store/errors';
import { keepAnswer, keyItem, readKept, type KeptAnswer, type KeyScope } from '../store/idempotency';
import type { TxItem } from '../store/types';
import { packAnswer, unpackAnswer } from './answers';
import { REPLAYED_HEADER } from './key';

/** How often a request whose key is in use by another reads the key again, waiting for its answer. */
const POLL_MS = 250;
/** How long it waits at most before answering IDEMPOTENCY_IN_PROGRESS. */
const WAIT_MS = 5000;

export interface GuardFacts {
  /** The request's API log id: the key's item names the request that wrote it. */
  logId: string;
  /** When the request can no longer be running (epoch ms): a key still unanswered after it lost its answer. */
  end: number;
  /** No waiting for another request's answer past this (epoch ms): the end of the time for work. */
  workUntil: number;
  /** `idempotency_hours`: how long the answer is kept. */
  keptHours: number;
  /** When DynamoDB may delete the key (epoch seconds): `idempotency_hours` from now. */
  expiresAt: number;
}

/** A kept answer to give again, and the API log of the request that made it. */
export interface Replay {
  logId: string;
  statusCode: number;
  body: string;
}

/**
 * A request sent with an `Idempotency-Key` (docs/idempotency.md). The key's item is read when the
 * request starts, beside its first reads, and written in its first transaction, so that the key and
 * the request's writes commit together or not at all and a write of one transaction costs no
 * extra round:
 *
 *   read the key ─┐                          ┌─ key there: the kept answer, nothing written
 *   lookups ──────┴─► before the first write ┤
 *                                            └─ absent: the key's item in the first transaction,
 *                                               whose condition lets one request of many through
 *
 * A request that wrote keeps its answer in the key's item (in the round of the API log); one that
 * found the key taken answers what the key holds instead of its own answer.
 */
export class IdempotencyGuard {
  /** This request's first write carried the key's item: its answer is the key's. */
  private carried = false;
  private readonly kept: Promise<KeptAnswer | null>;

  constructor(
    readonly scope: KeyScope,
    readonly digest: string,
    private readonly facts: GuardFacts,
  ) {
    this.kept = readKept(scope);
    this.kept.catch(() => undefined); // awaited before the first write, or when the request ends
  }

  /** Before each write of the request: a key already used ends the request before it writes. */
  async beforeWrite(): Promise<void> {
    if (!this.carried && (await this.kept)) throw new KeyInUse();
  }

  /** The key's item, for the first transaction of the request's writes (until one carried it). */
  leadItem(): TxItem | undefined {
    if (this.carried) return undefined;
    return keyItem(this.scope, { digest: this.digest, logId: this.facts.logId, deadline: this.facts.end, expiresAt: this.facts.expiresAt });
  }

  /** A write went through, or may have: its first transaction carried the key. */
  wrote(): void {
    this.carried = true;
  }

  /**
   * What the request answers once its operation ended: null for its own answer; else the answer
   * the key holds (to give again), or the refusal that says why there is none (thrown).
   */
  async settle(failure: unknown): Promise<Replay | null> {
    if (this.carried) return null;
    const taken = failure instanceof KeyInUse || (failure instanceof StoreError && failure.failure.reason === 'key_taken');
    let kept = await this.kept.catch(() => null);
    if (!taken && !kept) return null;
    if (taken && !kept) kept = await readKept(this.scope);
    const waitUntil = Math.min(Date.now() + WAIT_MS, this.facts.workUntil);
    while (kept && kept.digest === this.digest && kept.state === 'written' && Date.now() < Math.min(kept.deadline, waitUntil)) {
      await sleep(POLL_MS);
      kept = await readKept(this.scope);
    }
    if (!kept) {
      // The request that held the key failed and undid its writes meanwhile: this one may run again.
      throw inProgress('was being used by another request, whose writes were undone');
    }
    if (kept.digest !== this.digest) {
      throw new WebhookError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with other params; nothing was written. Use a new key for a new request.',
        { original_log_id: kept.logId },
      );
    }
    if (kept.answer) return { logId: kept.logId, statusCode: kept.answer.statusCode, body: await unpackAnswer(kept.answer.body) };
    if (Date.now() < kept.deadline) throw inProgress('is in use by a request still running');
    throw new WebhookError(
      'IDEMPOTENCY_ANSWER_LOST',
      `The first request with this Idempotency-Key wrote, but its answer was not kept (its function stopped before keeping it); nothing more was written. Its API log ${kept.logId} says what it wrote.`,
      { original_log_id: kept.logId },
    );
  }

  /** Keeps the request's answer in the key's item, when its write carried the key. */
  async keep(response: HttpResponse): Promise<void> {
    if (this.carried) await keepAnswer(this.scope, this.facts.logId, await packAnswer(this.facts.logId, response, this.facts.keptHours));
  }
}

const inProgress = (why: string) =>
  new WebhookError('IDEMPOTENCY_IN_PROGRESS', `This Idempotency-Key ${why}; nothing was written by this request. Send it again in a second.`, {
    retry_after: 1,
  });

/** The request's key was used before it: it must not write. */
export class KeyInUse extends Error {
  override readonly name = 'KeyInUse';
  constructor() {
    super('Idempotency-Key in use');
  }
}

/**
 * The kept answer given again: the same status and body, byte for byte but the JSON-RPC `id`,
 * which is the new request's, and `Idempotent-Replayed: true`.
 */
export function replayed(kept: Replay, id: string | number | null): HttpResponse {
  const body = JSON.parse(kept.body) as Record<string, unknown>;
  return {
    statusCode: kept.statusCode,
    headers: { 'content-type': 'application/json', [REPLAYED_HEADER]: 'true' },
    body: JSON.stringify({ ...body, id }),
  };
}
