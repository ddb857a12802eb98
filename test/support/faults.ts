/**
 * Faults injected on purpose, through SDK middleware on the clients the handlers use (the only
 * mocks the tests allow): the chosen calls fail as DynamoDB or S3 would make them fail.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '../../shared/store/client';

export type Fault = 'conflict' | 'crash';

let armed: ((command: string, input: unknown) => Fault | null) | null = null;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      const fault = armed?.(String(context.commandName), args.input);
      if (fault === 'conflict') {
        throw new TransactionCanceledException({
          message: 'Transaction cancelled (injected)',
          $metadata: {},
          CancellationReasons: [{ Code: 'TransactionConflict', Message: 'injected' }],
        });
      }
      if (fault === 'crash') throw Object.assign(new Error('injected fault'), { name: 'InternalServerError' });
      return next(args);
    },
    { step: 'initialize', name: 'testFaults', priority: 'high' },
  );
}

/**
 * Fails DynamoDB calls for which `choose` returns a fault, until `disarm()`. `choose` sees every
 * call's command name (`TransactWriteItemsCommand`, ...) and input.
 */
export function arm(choose: (command: string, input: unknown) => Fault | null): void {
  install();
  armed = choose;
}

export function disarm(): void {
  armed = null;
}


type TransactInput = { TransactItems?: { Put?: { Item?: Record<string, unknown> } }[] };

/**
 * A chooser failing every TransactWriteItems call that puts an item matching `match` (undo
 * transactions delete what was put, so they are never chosen): the same chunk fails on every
 * attempt, or only `times` times.
 */
export function transactionPutting(match: (item: Record<string, unknown>) => boolean, fault: Fault, times = Infinity) {
  let failed = 0;
  return (command: string, input: unknown): Fault | null => {
    if (command !== 'TransactWriteItemsCommand' || failed >= times) return null;
    const items = (input as TransactInput).TransactItems ?? [];
    if (!items.some((t) => t.Put?.Item && match(t.Put.Item))) return null;
    failed++;
    return fault;
  };
}
