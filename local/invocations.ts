import { AsyncLocalStorage } from 'node:async_hooks';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';

/** Runs one invocation of a handler in a context of its own. */
export type InvocationRunner = <T>(requestId: string, invoke: () => Promise<T>) => Promise<T>;

type InvocationContext = Record<string | symbol, unknown>;

/**
 * The Lambda runtime's store of per-invocation values, for invocations that share a process:
 * one AsyncLocalStorage context per invocation.
 */
class InvocationStore extends InvokeStoreBase {
  readonly #contexts = new AsyncLocalStorage<InvocationContext>();

  getContext(): InvocationContext | undefined {
    return this.#contexts.getStore();
  }

  hasContext(): boolean {
    return this.#contexts.getStore() !== undefined;
  }

  get<T = unknown>(key: string | symbol): T | undefined {
    return this.#contexts.getStore()?.[key] as T | undefined;
  }

  set<T = unknown>(key: string | symbol, value: T): void {
    const context = this.#contexts.getStore();
    if (!context) throw new Error('No invocation context to set a value in');
    if (this.isProtectedKey(key)) throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    context[key] = value;
  }

  run<T>(context: InvocationContext, fn: () => T): T {
    return this.#contexts.run(context, fn);
  }
}

/**
 * The local API Gateway runs every function in this one process, many requests at once, where
 * Lambda gives each execution environment one request at a time. Module-scope state that a
 * function keeps per request (the Powertools logger's Lambda context and keys, the tracer's
 * segment) would then be shared by concurrent requests: a log line of one request carried
 * another's function name and request id.
 *
 * Lambda meets the same situation when it runs several invocations in one environment (Lambda
 * Managed Instances), and Powertools handles it: its runtime runs each invocation in a context
 * of its own (`globalThis.awslambda.InvokeStore`), where Powertools keeps its per-invocation
 * state whenever `AWS_LAMBDA_MAX_CONCURRENCY` is set. The local API Gateway does what that
 * runtime does. Outside an invocation (at module load, in a test calling a module directly)
 * Powertools uses the state the process shares, as in any Lambda.
 *
 * The store is installed here rather than through `InvokeStore.getInstanceAsync()`: the AWS SDK
 * creates that process-wide instance on its first call, as one for one invocation at a time.
 */
export function invocationRunner(): InvocationRunner {
  const store = new InvocationStore();
  globalThis.awslambda.InvokeStore = store;
  // Powertools only asks whether it is set; the local API Gateway has no concurrency limit.
  process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';
  return (requestId, invoke) => store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, invoke);
}
