import { Duration } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Access } from './access';
import type { Functions } from './functions';

/**
 * The migration function: what `npm run catalogue -- migrate --stage <name>` invokes, a stretch
 * at a time, to bring the stored records to the catalogue bundled in it (the stage's). It reads
 * and writes the records table (a Query of a model's records and item-level writes: no Scan) and
 * nothing else: no logs, no attachments, no parameters, no other table.
 */
export const MIGRATION_ACCESS: Access = { records: 'write', auth: 'none', logs: false, attachments: 'none', params: false };

export function addMigrationFunction(functions: Functions): NodejsFunction {
  return functions.function('migrate', 'Migrates the stored records to the catalogue (npm run catalogue -- migrate --stage)', MIGRATION_ACCESS, {
    // A stretch of work is cut well within it; the CLI asks for another.
    timeout: Duration.minutes(15),
    memorySize: 1024,
  });
}
