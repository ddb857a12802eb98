/**
 * The migration function of a stage (infra/migration.ts), and the catalogue bundled in the
 * functions: synthesized with the `catalogueModule` setting, its bundle diffs and migrates the
 * stored records to that catalogue, as `npm run catalogue -- migrate --stage` has it do in AWS.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Context } from 'aws-lambda';
import { OUTPUTS } from '../../shared/deployment';
import type { DiffAnswer, MigrateAnswer, MigrationRequest } from '../../shared/migration/remote';
import { startTestApi, type TestApi } from '../support/api';
import { fixture } from '../support/catalogue-stack';
import { actionsOf, statementsOfRole, synthesize, type Resource, type Synthesized } from '../support/cdk';
import { createRecord } from '../support/rpc';

process.env.CDK_VALIDATION = 'false';
// No request runs beside this test's migration: it need not wait for any to end.
process.env.MIGRATION_SETTLE_SECONDS = '1';

let s: Synthesized;
let api: TestApi;
let migration: { id: string; fn: Resource };
before(async () => {
  s = synthesize({ bundle: true, context: { catalogueModule: fixture('partner-phone-indexed') } });
  api = await startTestApi();
  const [id, fn] = Object.entries(s.resources('AWS::Lambda::Function')).find(([, f]) => String(f.Properties.Description).startsWith('Migrates'))!;
  migration = { id, fn };
});
after(async () => {
  s?.cleanup();
  await api?.stop();
});

describe('the migration function', () => {
  test('runs up to 15 minutes, on the stack environment of the other functions, named by a stack output', () => {
    assert.equal(migration.fn.Properties.Timeout, 900);
    assert.equal(migration.fn.Properties.Environment.Variables.MIGRATION_SETTLE_SECONDS, '60');
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    assert.deepEqual(outputs[OUTPUTS.migrationFunction]!.Value, { Ref: migration.id });
  });

  test('reads and writes the records table item by item, and nothing else: no Scan, no other table, bucket or parameter (but its traces)', () => {
    const role = (migration.fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    // Its X-Ray traces aside, which every function writes (actions that take no resource).
    const statements = statementsOfRole(s.template, role).filter((st) => !actionsOf(st).every((a) => a.startsWith('xray:')));
    const records = s.arnOf(s.stack.data.tables.records);
    for (const st of statements) assert.deepEqual(st.Resource, records, JSON.stringify(st));
    assert.deepEqual(statements.flatMap(actionsOf).sort(), [
      'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
      'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
    ]);
  });

  test("its bundle holds the deployment's catalogue, not the demo: it diffs and migrates the stored records to it", async () => {
    const partner = await createRecord(api, 'res.partner', { name: 'Bundled', phone: '555-0100' });
    const file = join(s.outdir, `asset.${(migration.fn.Properties.Code.S3Key as string).replace(/\.zip$/, '')}`, 'index.mjs');
    const { handler } = (await import(pathToFileURL(file).href)) as { handler: (r: MigrationRequest, c: Context) => Promise<unknown> };
    const context = { awsRequestId: 'migration-test', functionName: 'migrate', getRemainingTimeInMillis: () => 900_000 } as Context;
    const diff = (await handler({ action: 'diff' }, context)) as DiffAnswer;
    assert.deepEqual(diff.diffs.map((d) => [d.model, d.changes]), [['res.partner', [{ kind: 'build', family: 'index:phone', reason: 'new' }]]]);
    const run = (await handler({ action: 'migrate', seconds: 60 }, context)) as MigrateAnswer;
    assert.deepEqual([run.report.done, run.report.models.map((m) => m.model)], [true, ['res.partner']]);
    assert.ok(run.report.records >= 1 && partner > 0);
    assert.deepEqual(((await handler({ action: 'diff' }, context)) as DiffAnswer).diffs, []);
  });
});
