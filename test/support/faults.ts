/**
 * Faults injected on purpose, through SDK middleware on the clients the handlers use (the only
 * mocks the tests allow): the calls `when` picks fail as the service or the network would make
 * them fail, until the returned function is called.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * `conflict`: a transaction cancelled by a concurrent one; `crash`: a bug (an error no service
 * sends); `throttle`: DynamoDB's ThrottlingException; any other text: an error of that name, a
 * server fault (HTTP 503) when the name says unavailable, internal or timeout, else a client one.
 */
export type Fault = 'conflict' | 'crash' | 'throttle' | (string & {});

type Handler = (args: { input: object }) => Promise<unknown>;

/** The part of a middleware stack the faults use; every SDK client's stack has it. */
interface FaultStack {
  add(
    mw: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: 'initialize' | 'deserialize'; name: string; priority?: 'high' },
  ): void;
  remove(name: string): boolean;
}

export interface FaultOptions {
  /**
   * `initialize` (default): before the SDK's retries, so the call fails once, as if every retry
   * had failed. `deserialize`: inside them, so the SDK's own retry policy sees each failure.
   */
  step?: 'initialize' | 'deserialize';
  /** Awaited before each fault is thrown: holds the failing calls, for example until others arrive. */
  before?: () => Promise<void>;
}

export function injectFault(
  client: { middlewareStack: object },
  when: (command: string, input: Record<string, unknown>) => boolean,
  fault: Fault = 'ServiceUnavailable',
  options: FaultOptions = {},
): () => void {
  const name = `fault-${Math.random().toString(36).slice(2)}`;
  // The SDK types `add` per step with overloads a generic caller cannot name: one cast, here.
  const stack = client.middlewareStack as FaultStack;
  stack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      if (when(command, args.input as Record<string, unknown>)) {
        await options.before?.();
        throw faultError(fault, command);
      }
      return next(args);
    },
    { step: options.step ?? 'initialize', name, priority: 'high' },
  );
  return () => void stack.remove(name);
}

function faultError(fault: Fault, command: string): Error {
  switch (fault) {
    case 'conflict':
      return new TransactionCanceledException({
        message: 'Transaction cancelled (injected)',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict', Message: 'injected' }],
      });
    case 'crash':
      return new TypeError(`injected bug in ${command}`);
    case 'throttle':
      return Object.assign(new Error(`Rate exceeded (injected): ${command}`), {
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    default: {
      const server = /Unavailable|InternalServer|Timeout/.test(fault);
      return Object.assign(new Error(`injected fault: ${command}`), {
        name: fault,
        $fault: server ? 'server' : 'client',
        $metadata: { httpStatusCode: server ? 503 : 400 },
      });
    }
  }
}

type TransactInput = { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] };

/**
 * Picks every TransactWriteItems call that puts an item matching `match` (undo transactions delete
 * what was put, so they are never picked): the same chunk fails on every attempt, or `times` times.
 */
export function transactionPutting(match: (item: Record<string, unknown>) => boolean, times = Infinity) {
  let picked = 0;
  return (command: string, input: Record<string, unknown>): boolean => {
    if (command !== 'TransactWriteItemsCommand' || picked >= times) return false;
    const items = (input as TransactInput).TransactItems ?? [];
    if (!items.some((t) => t.Put?.Item && match(plain(t.Put.Item)))) return false;
    picked++;
    return true;
  };
}

/**
 * Lets the calls `when` picks reach the service (a transaction commits), then loses their answers
 * as a dropped connection would: the SDK and the code see no answer, though the call took effect.
 * Inside the SDK's retries, so each retry is sent (and lost) too.
 */
export function loseAnswers(client: { middlewareStack: object }, when: (command: string, input: Record<string, unknown>) => boolean): () => void {
  const name = `lose-${Math.random().toString(36).slice(2)}`;
  const stack = client.middlewareStack as FaultStack;
  stack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const out = await next(args);
      if (when(command, args.input as Record<string, unknown>)) throw Object.assign(new Error('socket hang up (injected)'), { code: 'ECONNRESET' });
      return out;
    },
    { step: 'deserialize', name, priority: 'high' },
  );
  return () => void stack.remove(name);
}

/** Picks the first `times` calls `when` picks, then none. */
export function firstOnly(when: (command: string, input: Record<string, unknown>) => boolean, times: number) {
  let picked = 0;
  return (command: string, input: Record<string, unknown>): boolean => picked < times && when(command, input) && ++picked > 0;
}

const ATTRIBUTE_TYPES = new Set(['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL']);

/**
 * An item as the document client writes it: inside the SDK's retries (the deserialize step) the
 * input is already in DynamoDB's attribute-value form (`{"S": "..."}`), before them it is not.
 */
function plain(item: Record<string, unknown>): Record<string, unknown> {
  const marshalled = Object.values(item).every((v) => {
    if (!v || typeof v !== 'object' || v instanceof Set) return false;
    const keys = Object.keys(v);
    return keys.length === 1 && ATTRIBUTE_TYPES.has(keys[0]!);
  });
  return marshalled ? unmarshall(item as Parameters<typeof unmarshall>[0]) : item;
}
