import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

const PERIOD = Duration.minutes(5);

/**
 * Thresholds per 5 minutes. A 5xx, a crashed function or a throttled function should never happen
 * (SPEC §9: no input produces a 5xx), so one is worth a look. Keys hitting their usage plan is
 * expected now and then; only a sustained rate is.
 */
export const THRESHOLDS = { serverErrors: 1, functionErrors: 1, functionThrottles: 1, keyThrottles: 50 } as const;

export interface AlarmsProps {
  stage: string;
  api: RestApi;
  accessLog: LogGroup;
  functions: readonly { name: string; fn: IFunction }[];
  email?: string;
}

/** Alarms on errors and throttles, sent to one SNS topic (subscribe to it, or pass `alarmEmail`). */
export class Alarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: `Webhook ${props.stage} alarms`, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    this.alarm('ApiServerErrors', props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }), THRESHOLDS.serverErrors, 'API answered 5xx');
    // API Gateway has no metric of 429s alone: count them in the access log.
    const throttled = new MetricFilter(this, 'KeyThrottlesFilter', {
      logGroup: props.accessLog,
      filterPattern: FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: 'Webhook',
      metricName: `Throttled-${props.stage}`,
      metricValue: '1',
      defaultValue: 0,
    });
    this.alarm('KeyThrottles', throttled.metric({ period: PERIOD, statistic: 'Sum' }), THRESHOLDS.keyThrottles, 'API keys throttled (429)');
    for (const { name, fn } of props.functions) {
      this.alarm(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), THRESHOLDS.functionErrors, `${name} failed`);
      this.alarm(`${name}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), THRESHOLDS.functionThrottles, `${name} throttled`);
    }
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): void {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `${description}: ${threshold} or more in 5 minutes`,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
  }
}
