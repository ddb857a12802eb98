import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROUTES } from '../../lambdas/routes';
import { THRESHOLDS, apiLogNotWrittenPattern } from '../../infra/alarms';
import { isWebhookRoute } from '../../infra/access';
import { API_LOG_NOT_WRITTEN } from '../../shared/observability';
import { TABLES, type TableName } from '../../shared/tables';
import { logicalId, synthesize, type Resource, type Synthesized } from '../support/cdk';

// CloudFormation's own validation of the template runs in stack.test.ts; not twice.
process.env.CDK_VALIDATION = 'false';

let s: Synthesized;
before(() => {
  s = synthesize({ bundle: false, context: { concurrencyQuota: '3000' } });
});
after(() => s.cleanup());

const alarms = () => Object.values(s.resources('AWS::CloudWatch::Alarm'));
const onDimension = (alarm: Resource, id: string) => JSON.stringify(alarm.Properties.Dimensions ?? alarm.Properties.Metrics ?? []).includes(`"${id}"`);
const alarmOf = (metric: string, id?: string) => alarms().filter((a) => a.Properties.MetricName === metric && (id === undefined || onDimension(a, id)));

describe('alarms', () => {
  test('every alarm mails the topic, and the topic mails alarmEmail', () => {
    assert.ok(alarms().length > 0);
    assert.ok(alarms().every((a) => JSON.stringify(a.Properties.AlarmActions).includes(logicalId(s.stack, s.stack.alarms.topic))));
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'alarms@example.com' });
  });

  test('API: any 5xx, a p99 latency that stays high for 15 minutes, keys throttled (429 in the access log)', () => {
    assert.equal(alarmOf('5XXError')[0]?.Properties.Namespace, 'AWS/ApiGateway');
    const [latency] = alarmOf('Latency');
    assert.equal(latency?.Properties.ExtendedStatistic, 'p99');
    assert.equal(latency?.Properties.Threshold, THRESHOLDS.latencyP99Ms);
    assert.equal(latency?.Properties.EvaluationPeriods, 3);
    s.template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '{ $.status = "429" }' });
    assert.equal(alarmOf('Throttled-test')[0]?.Properties.Namespace, 'Webhook');
  });

  test('each function: errors, throttles, and a run near its timeout', () => {
    for (const f of s.functions()) {
      assert.equal(alarmOf('Errors', f.id).length, 1, f.name);
      assert.equal(alarmOf('Throttles', f.id).length, 1, f.name);
      const [duration] = alarmOf('Duration', f.id);
      assert.equal(duration?.Properties.Statistic, 'Maximum', f.name);
      assert.equal(duration?.Properties.Threshold, f.props.Timeout * 1000 * THRESHOLDS.durationOfTimeout, f.name);
    }
  });

  test("concurrency: the account's claimed Lambda concurrency near the quota given as concurrencyQuota", () => {
    const [claimed] = alarmOf('ClaimedAccountConcurrency');
    assert.equal(claimed?.Properties.Namespace, 'AWS/Lambda');
    assert.equal(claimed?.Properties.Threshold, 3000 * THRESHOLDS.concurrencyOfQuota);
  });

  test('each table: DynamoDB throttle events and system errors of the operations the functions send', () => {
    const expressions = alarms().filter((a) => a.Properties.Metrics);
    for (const name of Object.keys(TABLES) as TableName[]) {
      const id = logicalId(s.stack, s.stack.data.tables[name]);
      const on = expressions.filter((a) => onDimension(a, id));
      const metricsOf = (a: Resource) => (a.Properties.Metrics as { MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } } }[]).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
      const throttles = on.find((a) => metricsOf(a).some((m) => m.MetricName === 'WriteThrottleEvents'));
      assert.deepEqual(metricsOf(throttles!).map((m) => m.MetricName).sort(), ['ReadThrottleEvents', 'WriteThrottleEvents'], name);
      const system = on.find((a) => metricsOf(a).some((m) => m.MetricName === 'SystemErrors'));
      const operations = metricsOf(system!).map((m) => m.Dimensions.find((d) => d.Name === 'Operation')!.Value);
      assert.ok(['TransactWriteItems', 'Query', 'BatchGetItem', 'PutItem'].every((o) => operations.includes(o)), `${name}: ${operations.join(',')}`);
    }
  });

  test('API logs not written: counted from the log line the writer writes, in the log group of every function that writes API logs (the routes and the recovery)', () => {
    const filters = Object.values(s.resources('AWS::Logs::MetricFilter')).filter((f) => f.Properties.FilterPattern === apiLogNotWrittenPattern().logPatternString);
    assert.equal(apiLogNotWrittenPattern().logPatternString, `{ $.message = "${API_LOG_NOT_WRITTEN}" }`);
    const writers = [...s.stack.functions.routes.filter((r) => isWebhookRoute(r.route)), s.stack.recovery.function];
    assert.deepEqual(
      filters.map((f) => f.Properties.LogGroupName.Ref).sort(),
      writers.map((r) => logicalId(s.stack, r.logGroup)).sort(),
    );
    const metric = (filters[0]!.Properties.MetricTransformations as { MetricName: string }[])[0]!.MetricName;
    assert.equal(alarmOf(metric).length, 1);
    assert.equal(alarmOf(metric)[0]!.Properties.Threshold, 1);
  });
});

describe('dashboard', () => {
  test("one dashboard for the stage: each route's traffic, errors and latency, the functions, each table's consumption, every alarm", () => {
    const [dashboard] = Object.values(s.resources('AWS::CloudWatch::Dashboard'));
    assert.equal(dashboard?.Properties.DashboardName, 'webhook-test');
    const body = JSON.stringify(dashboard!.Properties.DashboardBody);
    for (const route of ROUTES) assert.ok(body.includes(`\\"Resource\\",\\"${route.path}\\"`), route.path);
    for (const metric of ['Count', '4XXError', '5XXError', 'Latency', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits', 'ConcurrentExecutions']) {
      assert.ok(body.includes(`\\"${metric}\\"`), metric);
    }
    for (const name of Object.keys(TABLES) as TableName[]) assert.ok(body.includes(logicalId(s.stack, s.stack.data.tables[name])), name);
    for (const alarm of s.stack.alarms.alarms) assert.ok(body.includes(logicalId(s.stack, alarm)), alarm.node.id);
  });
});
