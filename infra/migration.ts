import { Duration } from 'aws-cdk-lib';
import type { Access } from './access';
import type { Functions, StackFunction } from './functions';

/**
 * The migration function: what `npm run catalogue -- migrate --stage <name>` invokes, a stretch
 * at a time, to bring the stored records to the catalogue bundled in it (the stage's). It reads
 * and writes the records table (a Query of a model's records and item-level writes: no Scan) and
 * nothing else: no logs, no attachments, no parameters, no other table. Like every function of
 * the stack, it is traced, and alarmed on its errors, throttles and runs near its timeout.
 */
export const MIGRATION_ACCESS: Access = { records: 'write', auth: 'none', logs: false, attachments: 'none', params: false };

export function addMigrationFunction(functions: Functions): StackFunction {
  return functions.add({
    handler: 'migrate',
    description: 'Migrates the stored records to the catalogue (npm run catalogue -- migrate --stage)',
    access: MIGRATION_ACCESS,
    // A stretch of work is cut well within it; the CLI asks for another.
    timeout: Duration.minutes(15),
    memorySize: 1024,
  });
}
