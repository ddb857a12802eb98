/**
 * Merges the pages of several shards, each in key order, into one stream in key order, as a
 * listing over shards must: every shard's first page is read at once (one round), and a shard's
 * next page only when the merge reaches the end of the one it holds, so that a search that stops
 * after ten items reads at most one page per shard.
 */
export async function* mergeShards<T>(shards: readonly AsyncIterator<T[]>[], compare: (a: T, b: T) => number): AsyncGenerator<T[]> {
  if (shards.length === 1) {
    for (let page = await shards[0]!.next(); !page.done; page = await shards[0]!.next()) yield page.value;
    return;
  }
  const heads = shards.map((iterator) => ({ iterator, buffer: [] as T[], done: false }));
  for (;;) {
    await Promise.all(
      heads.map(async (h) => {
        while (!h.done && h.buffer.length === 0) {
          const page = await h.iterator.next();
          if (page.done) h.done = true;
          else h.buffer = [...page.value];
        }
      }),
    );
    const live = heads.filter((h) => h.buffer.length > 0);
    if (live.length === 0) return;
    // Items may be given out while every shard that can still have some holds one to compare with.
    const out: T[] = [];
    for (;;) {
      let first: (typeof heads)[number] | undefined;
      for (const h of live) if (h.buffer.length > 0 && (!first || compare(h.buffer[0]!, first.buffer[0]!) < 0)) first = h;
      if (!first) break;
      out.push(first.buffer.shift()!);
      if (first.buffer.length === 0 && !first.done) break;
    }
    yield out;
  }
}

/** DynamoDB's order of sort keys: their UTF-8 bytes. */
export const byKey = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
