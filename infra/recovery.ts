import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { Access } from './access';
import type { Functions, StackFunction } from './functions';

/**
 * The recovery (docs/writes.md): every minute it settles the writes of several transactions whose
 * request died before it could finish or undo them (a timeout, an out-of-memory kill), and writes
 * what happened into their API logs. It reads and writes the records table and appends to the logs
 * table; it reads the parameters (the rollback switch a write was made under is in its journal, but
 * logging and previews are the stage's), and touches no attachment or key.
 */
export const RECOVERY_ACCESS: Access = { records: 'write', auth: 'none', logs: true, attachments: 'none', params: true };

/** How often the recovery runs: a write is settled within about a minute after its request ended. */
export const RECOVERY_RATE = Duration.minutes(1);

export interface Recovery {
  function: StackFunction;
  schedule: Rule;
}

export function addRecovery(scope: Construct, functions: Functions): Recovery {
  const fn = functions.add({
    handler: 'recovery',
    description: 'Settles writes whose request died midway (every minute)',
    access: RECOVERY_ACCESS,
    // A run stops taking writes in hand well before this; the next run goes on.
    timeout: Duration.seconds(60),
    memorySize: 1024,
  });
  const schedule = new Rule(scope, 'RecoverySchedule', {
    description: 'Runs the recovery of writes whose request died midway',
    schedule: Schedule.rate(RECOVERY_RATE),
    // A run that fails is not retried: the next one, a minute later, does the same work.
    targets: [new LambdaFunction(fn.fn, { retryAttempts: 0 })],
  });
  return { function: fn, schedule };
}
