import { getConfig } from '../config';
import { idCounter } from './keys';
import { reserve } from './reads';

/**
 * Record ids, drawn from each model's counter in blocks that a function container keeps, so that
 * the counter's one key does not take a write per request (docs/scale.md, "Record ids").
 *
 * A container that creates records now and then draws exactly the ids each request needs, as one
 * counter per model would: ids are consecutive. One that draws again soon after draws twice the
 * last block (up to MAX_ID_BLOCK): under load the counter takes a write per block, not per
 * request. A block kept longer than ID_BLOCK_MS is dropped, its unused ids never handed out: so an
 * id is never drawn more than that before its record is made, and a record made that much later
 * than another, in any container, has a higher id.
 */
export const MAX_ID_BLOCK = 1000;
export const ID_BLOCK_MS = 10_000;

interface Block {
  next: number;
  /** First id past the block. */
  end: number;
  size: number;
  /** When its draw was sent. */
  drawnAt: number;
}

/** Draws `count` consecutive numbers of a counter and returns the first (store `reserve`, or a dry run's peek). */
export type Draw = (counter: string, count: number) => Promise<number>;

export class IdBlocks {
  private readonly blocks: Map<string, Block>;

  constructor(
    private readonly draw: Draw,
    blocks: ReadonlyMap<string, Block> = new Map(),
    private readonly now: () => number = Date.now,
  ) {
    this.blocks = new Map([...blocks].map(([k, b]) => [k, { ...b }]));
  }

  /** `count` ids of `model` never handed out before, increasing; one counter write at most. */
  async take(model: string, count: number): Promise<number[]> {
    // Keyed by table too: one process may serve several tables (the local stack, tests).
    const key = `${getConfig().recordsTable}\u0000${model}`;
    const block = this.blocks.get(key);
    const fresh = block !== undefined && this.now() - block.drawnAt < ID_BLOCK_MS;
    const ids: number[] = [];
    // Synchronous up to the draw: concurrent requests of one container never take the same id.
    if (fresh) while (ids.length < count && block.next < block.end) ids.push(block.next++);
    const rest = count - ids.length;
    if (rest === 0) return ids;
    const size = Math.max(rest, fresh ? Math.min(2 * block.size, MAX_ID_BLOCK) : 0);
    const drawnAt = this.now();
    const first = await this.draw(idCounter(model), size);
    for (let i = 0; i < rest; i++) ids.push(first + i);
    this.blocks.set(key, { next: first + rest, end: first + size, size, drawnAt });
    return ids;
  }

  /** The same blocks over another draw: what `take` would hand out, without taking it (a dry run). */
  simulate(draw: Draw): IdBlocks {
    return new IdBlocks(draw, this.blocks, this.now);
  }
}

/** This container's record ids. */
export const recordIds = new IdBlocks(reserve);
