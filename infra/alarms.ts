import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { API_LOG_NOT_WRITTEN } from '../shared/observability/messages';
import type { TableName } from '../shared/tables';
import type { StackFunction } from './functions';

const PERIOD = Duration.minutes(5);

/**
 * Thresholds per 5-minute period. A 5xx, a crashed or throttled function, a DynamoDB system error
 * or an API log lost should never happen (no input produces a 5xx), so one is worth a look. Keys
 * hitting their usage plan, and DynamoDB throttling a burst that the SDK then retries, are
 * expected now and then: only a sustained rate is.
 */
export const THRESHOLDS = {
  serverErrors: 1,
  functionErrors: 1,
  functionThrottles: 1,
  keyThrottles: 50,
  apiLogsNotWritten: 1,
  tableThrottles: 10,
  tableSystemErrors: 1,
  /** Of a function's timeout, its slowest invocation in a period. */
  durationOfTimeout: 0.8,
  /** Of the account's concurrency quota, the executions claimed at the peak of a period. */
  concurrencyOfQuota: 0.8,
  /** API latency p99 (ms), authorizer and function included, 3 periods in a row. */
  latencyP99Ms: 5000,
} as const;

/** The DynamoDB operations the functions send: the ones whose system errors count. */
const TABLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.DELETE_ITEM,
  Operation.BATCH_WRITE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/** The namespace of the stack's own metrics, counted from its logs. */
export const METRICS_NAMESPACE = 'Webhook';

export interface AlarmsProps {
  stage: string;
  api: RestApi;
  accessLog: ILogGroup;
  functions: readonly StackFunction[];
  tables: Record<TableName, Table>;
  /** The account's Lambda concurrent executions quota in the region. */
  concurrencyQuota: number;
  email?: string;
}

/** Alarms on what needs an operator, sent to one SNS topic (mailed to `alarmEmail`). */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  /** The count of API logs not written, over every function that writes them. */
  readonly apiLogsNotWritten: IMetric;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: `Webhook ${props.stage} alarms`, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    const api = props.api;
    this.alarm('ApiServerErrors', api.metricServerError({ period: PERIOD, statistic: 'Sum' }), {
      threshold: THRESHOLDS.serverErrors,
      description: 'API answered 5xx',
    });
    this.alarm('ApiLatency', api.metricLatency({ period: PERIOD, statistic: 'p99' }), {
      threshold: THRESHOLDS.latencyP99Ms,
      periods: 3,
      description: `API latency p99 at or above ${THRESHOLDS.latencyP99Ms} ms`,
      unit: 'for 15 minutes',
    });
    // API Gateway has no metric of 429s alone: count them in the access log.
    const throttled = new MetricFilter(this, 'KeyThrottlesFilter', {
      logGroup: props.accessLog,
      filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: `Throttled-${props.stage}`,
      metricValue: '1',
      defaultValue: 0,
    });
    this.alarm('KeyThrottles', throttled.metric({ period: PERIOD, statistic: 'Sum' }), {
      threshold: THRESHOLDS.keyThrottles,
      description: 'API keys throttled (429)',
    });

    this.apiLogsNotWritten = this.countApiLogsNotWritten(props);
    this.alarm('ApiLogsNotWritten', this.apiLogsNotWritten, {
      threshold: THRESHOLDS.apiLogsNotWritten,
      description: 'API logs not written (function log: "API log not written")',
    });

    for (const { name, fn, spec } of props.functions) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), { threshold: THRESHOLDS.functionErrors, description: `${name} failed` });
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), { threshold: THRESHOLDS.functionThrottles, description: `${name} throttled` });
      const limit = Math.round(spec.timeout.toMilliseconds() * THRESHOLDS.durationOfTimeout);
      this.alarm(`${name}NearTimeout`, fn.metricDuration({ period: PERIOD, statistic: 'Maximum' }), {
        threshold: limit,
        description: `${name} ran ${limit} ms or more (${THRESHOLDS.durationOfTimeout * 100}% of its ${spec.timeout.toSeconds()} s timeout)`,
        unit: 'once in 5 minutes',
      });
    }
    const claimed = new Metric({ namespace: 'AWS/Lambda', metricName: 'ClaimedAccountConcurrency', period: PERIOD, statistic: 'Maximum' });
    const concurrencyLimit = Math.round(props.concurrencyQuota * THRESHOLDS.concurrencyOfQuota);
    this.alarm('Concurrency', claimed, {
      threshold: concurrencyLimit,
      description: `Lambda concurrency claimed in the account reached ${concurrencyLimit} (${THRESHOLDS.concurrencyOfQuota * 100}% of its quota of ${props.concurrencyQuota})`,
      unit: 'at a peak of 5 minutes',
    });

    for (const [name, table] of Object.entries(props.tables) as [TableName, Table][]) {
      const throttles = new MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
          writes: table.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
        },
        period: PERIOD,
        label: `${name} throttle events`,
      });
      this.alarm(`${title(name)}TableThrottles`, throttles, { threshold: THRESHOLDS.tableThrottles, description: `DynamoDB throttled the ${name} table` });
      const systemErrors = table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: PERIOD, statistic: 'Sum' });
      this.alarm(`${title(name)}TableSystemErrors`, systemErrors, { threshold: THRESHOLDS.tableSystemErrors, description: `DynamoDB system errors on the ${name} table` });
    }
  }

  /**
   * The writer logs `API log not written` when an API log cannot be put (shared/logs/writer.ts):
   * a metric filter on each function log group that may log it counts the lines, into one metric.
   */
  private countApiLogsNotWritten(props: AlarmsProps): IMetric {
    const metricName = `ApiLogsNotWritten-${props.stage}`;
    for (const { name, spec, logGroup } of props.functions) {
      if (!spec.access.logs) continue;
      new MetricFilter(this, `${name}ApiLogsNotWrittenFilter`, {
        logGroup,
        filterPattern: apiLogNotWrittenPattern(),
        metricNamespace: METRICS_NAMESPACE,
        metricName,
        metricValue: '1',
        defaultValue: 0,
      });
    }
    return new Metric({ namespace: METRICS_NAMESPACE, metricName, period: PERIOD, statistic: 'Sum' });
  }

  private alarm(id: string, metric: IMetric, options: { threshold: number; description: string; periods?: number; unit?: string }): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold: options.threshold,
      evaluationPeriods: options.periods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: options.unit ? `${options.description}, ${options.unit}` : `${options.description}: ${options.threshold} or more in 5 minutes`,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/** The function log lines of an API log not written (JSON lines of the Powertools logger). */
export const apiLogNotWrittenPattern = () => FilterPattern.stringValue('$.message', '=', API_LOG_NOT_WRITTEN);

const title = (name: string) => name[0]!.toUpperCase() + name.slice(1);
