/**
 * Knowing when the functions of this test process see what SSM holds, without sleeping out their
 * parameter cache: a slow machine makes a test slower, never wrong.
 */
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { getParams, paramsProvider } from '../../shared/params';

type Handler = (args: { input: object }) => Promise<{ output: object }>;
interface Stack {
  add(mw: (next: Handler, context: { commandName?: string }) => Handler, options: { step: 'initialize'; name: string }): void;
  remove(name: string): boolean;
}

/**
 * Returns once a read of the parameter prefix begun after this call has been answered, and its
 * values are the functions' (they share this process's cache): every request made after it sees
 * what SSM held when it was called. It asks for the parameters as a request does, so that a read
 * starts as soon as the cache period is over. With a frozen clock (`mock.timers`), move the clock
 * past the period first.
 */
export async function paramsReadAgain(deadlineMs = 30_000): Promise<void> {
  const stack = paramsProvider.client.middlewareStack as unknown as Stack;
  const name = `reread-${Math.random().toString(36).slice(2)}`;
  let begun = false;
  let answered = false;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'GetParametersByPathCommand') return next(args);
      // SSM pages the prefix: a read begins with a page asked without a token, ends with one answered without.
      if (!(args.input as { NextToken?: string }).NextToken) begun = true;
      const out = await next(args);
      if (begun && !(out.output as { NextToken?: string }).NextToken) answered = true;
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    const deadline = performance.now() + deadlineMs;
    for (;;) {
      await getParams();
      if (answered) break;
      if (performance.now() > deadline) throw new Error(`the parameters were not read again within ${deadlineMs} ms`);
      await sleep(20);
    }
    // The read's values are kept a few promise steps after SSM's answer.
    await setImmediate();
  } finally {
    stack.remove(name);
  }
}
