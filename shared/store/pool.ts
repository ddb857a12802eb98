/**
 * Runs `task` over `items` with at most `limit` at a time, results in the items' order. With
 * `stopOnFailure`, no new task starts once one has failed (those never started are `skipped`).
 */
export async function settleAll<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  options: { stopOnFailure?: boolean } = {},
): Promise<(PromiseSettledResult<R> | { status: 'skipped' })[]> {
  const results: (PromiseSettledResult<R> | { status: 'skipped' })[] = items.map(() => ({ status: 'skipped' }));
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !(failed && options.stopOnFailure)) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await task(items[i]!) };
      } catch (reason) {
        failed = true;
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `settleAll` for tasks that must all succeed: the first failure is thrown, after all have ended. */
export async function mapAll<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = await settleAll(items, limit, task);
  const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<R>).value);
}
