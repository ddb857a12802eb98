/**
 * The functions' own log lines (Powertools, JSON), for tests of what is reported there.
 *
 * Import this module before any other of the file: the logger takes its level from the
 * environment when it is created, and every invocation resets it to that level.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';

/**
 * The JSON log lines written while `fn` runs; they are kept from the test output. Anything else
 * goes through: the test runner reports earlier tests on the same streams meanwhile.
 */
export async function functionLogLines<T>(fn: () => Promise<T>): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  const capture = (stream: number) => (chunk: unknown, ...rest: unknown[]): boolean => {
    if (typeof chunk !== 'string' || !chunk.startsWith('{')) return (originals[stream] as (...args: unknown[]) => boolean).call(streams[stream], chunk, ...rest);
    for (const line of chunk.split('\n')) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === 'object') lines.push(parsed as Record<string, unknown>);
      } catch {
        // not a log line of the functions
      }
    }
    return true;
  };
  streams.forEach((s, i) => (s.write = capture(i) as typeof s.write));
  try {
    return { result: await fn(), lines };
  } finally {
    streams.forEach((s, i) => (s.write = originals[i]!));
  }
}
