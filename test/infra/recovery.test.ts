/**
 * The recovery of a stage (infra/recovery.ts): the scheduled function that settles writes whose
 * request died midway.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionsOf, logicalId, statementsOfRole, synthesize, type Synthesized } from '../support/cdk';

let s: Synthesized;
before(() => {
  s = synthesize({ bundle: false });
});
after(() => s?.cleanup());

describe('the recovery', () => {
  test('runs every minute, its failures not retried (the next run does the same work), within a minute', () => {
    const fn = s.stack.recovery.function.fn;
    const [rule] = Object.values(s.resources('AWS::Events::Rule'));
    assert.equal(rule!.Properties.ScheduleExpression, 'rate(1 minute)');
    assert.equal(rule!.Properties.State, 'ENABLED');
    const [target] = rule!.Properties.Targets as { Arn: unknown; RetryPolicy?: { MaximumRetryAttempts: number } }[];
    assert.deepEqual(target!.Arn, { 'Fn::GetAtt': [logicalId(s.stack, fn), 'Arn'] });
    assert.equal(target!.RetryPolicy?.MaximumRetryAttempts, 0);
    const props = s.resources('AWS::Lambda::Function')[logicalId(s.stack, fn)]!.Properties;
    assert.equal(props.Timeout, 60);
    const permissions = Object.values(s.resources('AWS::Lambda::Permission')).filter((p) => JSON.stringify(p.Properties.FunctionName).includes(logicalId(s.stack, fn)));
    assert.deepEqual(permissions.map((p) => p.Properties.Principal), ['events.amazonaws.com']);
  });

  test('reads and writes the records table, appends API logs, reads the parameters: no attachment, no key, no Scan', () => {
    const statements = statementsOfRole(s.template, logicalId(s.stack, s.stack.recovery.function.fn.role!)).filter((st) => !actionsOf(st).every((a) => a.startsWith('xray:')));
    const on = (resource: unknown) =>
      statements.filter((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]).some((r) => JSON.stringify(r) === JSON.stringify(resource))).flatMap(actionsOf).sort();
    assert.deepEqual(on(s.arnOf(s.stack.data.tables.records)), [
      'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem', 'dynamodb:DeleteItem',
      'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem',
    ]);
    assert.deepEqual(on(s.arnOf(s.stack.data.tables.logs)), ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    const all = statements.flatMap(actionsOf);
    assert.ok(all.includes('ssm:GetParametersByPath'));
    assert.ok(!all.includes('dynamodb:Scan'));
    assert.ok(!JSON.stringify(statements).includes(logicalId(s.stack, s.stack.data.tables.auth)), 'no key or session');
    assert.ok(!JSON.stringify(statements).includes('attachments/'), 'no attachment bytes');
  });
});
