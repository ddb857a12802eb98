import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { DiffAnswer, MigrateAnswer, MigrationRequest } from '../../shared/migration/remote';
import type { Target } from '../target';

/** Invokes a stage's migration function (its name is a stack output) and returns its answer. */
export async function invokeMigration(target: Target, request: { action: 'diff' }): Promise<DiffAnswer>;
export async function invokeMigration(target: Target, request: MigrationRequest & { action: 'migrate' }): Promise<MigrateAnswer>;
export async function invokeMigration(target: Target, request: MigrationRequest): Promise<DiffAnswer | MigrateAnswer> {
  if (!target.migrationFunction) throw new Error(`The stage ${target.stage} has no migration function: deploy it with this version first.`);
  const lambda = new LambdaClient({});
  try {
    const res = await lambda.send(new InvokeCommand({ FunctionName: target.migrationFunction, Payload: new TextEncoder().encode(JSON.stringify(request)) }));
    const text = new TextDecoder().decode(res.Payload);
    if (res.FunctionError) throw new Error(`the migration function failed: ${text}`);
    return JSON.parse(text) as DiffAnswer | MigrateAnswer;
  } finally {
    lambda.destroy();
  }
}
