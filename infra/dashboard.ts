import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { AlarmStatusWidget, Dashboard, GraphWidget, Metric, TextWidget, type Alarm, type IMetric, type IWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { methodOf, type RouteEntry } from '../lambdas/routes';
import type { TableName } from '../shared/tables';
import type { StackFunction } from './functions';

const PERIOD = Duration.minutes(5);
const WIDTH = 8;
const HEIGHT = 6;

export interface DashboardProps {
  stage: string;
  api: RestApi;
  routes: readonly RouteEntry[];
  functions: readonly StackFunction[];
  tables: Record<TableName, Table>;
  apiLogsNotWritten: IMetric;
  alarms: readonly Alarm[];
}

/**
 * One CloudWatch dashboard per stage (`webhook-<stage>`): each route's traffic, errors and
 * latency as callers see them (API Gateway's metrics of its method), the functions'
 * duration and concurrency, DynamoDB's consumption and throttling per table, the API logs not
 * written, and the state of every alarm.
 */
export class StageDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const route = (r: RouteEntry, metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiName: props.api.restApiName, Stage: props.stage, Resource: r.path, Method: methodOf(r) },
        period: PERIOD,
        statistic,
        label: r.path,
      });
    const perRoute = (title: string, metricName: string, statistic: string) =>
      graph(title, props.routes.map((r) => route(r, metricName, statistic)));
    const functions = (title: string, metrics: (f: StackFunction) => IMetric[]) => graph(title, props.functions.flatMap(metrics));
    const tables = (title: string, metrics: (name: TableName, table: Table) => IMetric[]) =>
      graph(title, (Object.entries(props.tables) as [TableName, Table][]).flatMap(([name, table]) => metrics(name, table)));
    const sum = (label: string) => ({ period: PERIOD, statistic: 'Sum', label });

    const rows: IWidget[][] = [
      [new TextWidget({ markdown: `# Webhook API, stage ${props.stage}\nPer 5 minutes. docs/deploying.md says what each alarm means.`, width: 24, height: 2 })],
      [
        perRoute('Requests per route', 'Count', 'Sum'),
        perRoute('Client errors (4xx) per route', '4XXError', 'Sum'),
        perRoute('Server errors (5xx) per route', '5XXError', 'Sum'),
      ],
      [
        perRoute('Latency p99 per route (ms)', 'Latency', 'p99'),
        perRoute('Latency p50 per route (ms)', 'Latency', 'p50'),
        graph('API logs not written', [props.apiLogsNotWritten]),
      ],
      [
        functions('Function duration p99 (ms)', (f) => [f.fn.metricDuration({ period: PERIOD, statistic: 'p99', label: f.name })]),
        functions('Concurrent executions (max)', (f) => [f.fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: 'Maximum', label: f.name })]),
        functions('Function errors and throttles', (f) => [f.fn.metricErrors(sum(`${f.name} errors`)), f.fn.metricThrottles(sum(`${f.name} throttles`))]),
      ],
      [
        tables('DynamoDB read units consumed', (name, t) => [t.metricConsumedReadCapacityUnits(sum(name))]),
        tables('DynamoDB write units consumed', (name, t) => [t.metricConsumedWriteCapacityUnits(sum(name))]),
        tables('DynamoDB throttle events', (name, t) => [t.metric('ReadThrottleEvents', sum(`${name} reads`)), t.metric('WriteThrottleEvents', sum(`${name} writes`))]),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: HEIGHT })],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `webhook-${props.stage}`, widgets: rows, defaultInterval: Duration.hours(3) });
  }
}

function graph(title: string, metrics: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left: metrics, width: WIDTH, height: HEIGHT });
}
