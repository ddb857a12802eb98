import { CfnOutput, Stack, type App, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ROUTES } from '../lambdas/routes';
import { OUTPUTS, paramsPrefixFor, stackName } from '../shared/deployment';
import { Alarms } from './alarms';
import { Api } from './api';
import { CONSOLE_RESOURCES, Console } from './console';
import { StageDashboard } from './dashboard';
import { Data } from './data';
import { Firewall } from './firewall';
import { Functions, type StackFunction } from './functions';
import { addMigrationFunction } from './migration';
import { addRecovery, type Recovery } from './recovery';
import { Params } from './params';
import { SeedCompany } from './seed';
import { readSettings, type Settings } from './settings';

export interface WebhookStackProps extends StackProps {
  settings: Settings;
}

/**
 * One stage of the product: data (tables, bucket), operator parameters, a function per route and
 * the authorizer, the operators' console, the REST API with its usage plan and firewall, alarms and
 * a dashboard, and company 1. Its outputs are what the operator CLI reads with `--stage` (shared/deployment.ts).
 */
export class WebhookStack extends Stack {
  readonly data: Data;
  readonly params: Params;
  readonly functions: Functions;
  /** The function `npm run catalogue -- migrate --stage` invokes. */
  readonly migration: StackFunction;
  /** The scheduled function that settles writes whose request died midway. */
  readonly recovery: Recovery;
  readonly api: Api;
  readonly console: Console;
  readonly firewall: Firewall;
  readonly alarms: Alarms;
  readonly dashboard: StageDashboard;
  readonly seed: SeedCompany;

  constructor(scope: Construct, id: string, props: WebhookStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const prefix = paramsPrefixFor(settings.stage);

    this.data = new Data(this, 'Data');
    const params = (this.params = new Params(this, 'Params', { prefix }));
    this.functions = new Functions(this, 'Functions', {
      data: this.data,
      paramsPrefix: prefix,
      paramArns: params.arns,
      dbName: settings.dbName,
      catalogueModule: settings.catalogueModule,
    });
    // Functions beyond the routes and the authorizer are added here (the migration function, the
    // console's with its methods on the API), before the alarms and the dashboard read
    // `functions.all`; one invoked on a schedule adds its EventBridge rule here too.
    this.migration = addMigrationFunction(this.functions);
    this.recovery = addRecovery(this, this.functions);
    this.api = new Api(this, 'Http', {
      stage: settings.stage,
      routes: this.functions.routes,
      authorizer: this.functions.authorizer.fn,
      openResources: CONSOLE_RESOURCES,
    });
    this.console = new Console(this, 'Console', {
      stage: settings.stage,
      functions: this.functions,
      data: this.data,
      paramArns: params.arns,
      api: this.api.api,
      usagePlan: this.api.usagePlan,
    });
    this.firewall = new Firewall(this, 'Firewall', { name: `webhook-${settings.stage}`, stage: this.api.api.deploymentStage });
    this.seed = new SeedCompany(this, 'SeedCompany', { table: this.data.tables.records });
    this.alarms = new Alarms(this, 'Alarms', {
      stage: settings.stage,
      api: this.api.api,
      accessLog: this.api.accessLog,
      functions: this.functions.all,
      tables: this.data.tables,
      concurrencyQuota: settings.concurrencyQuota,
      email: settings.alarmEmail,
    });
    this.dashboard = new StageDashboard(this, 'Dashboard', {
      stage: settings.stage,
      api: this.api.api,
      routes: ROUTES,
      functions: this.functions.all,
      tables: this.data.tables,
      apiLogsNotWritten: this.alarms.apiLogsNotWritten,
      alarms: this.alarms.alarms,
    });

    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    const { data, api, alarms, migration } = this;
    output(OUTPUTS.apiUrl, api.url, 'Base URL of the routes: POST <ApiUrl>/api/create_data');
    output(OUTPUTS.recordsTable, data.tables.records.tableName, 'DynamoDB table of records');
    output(OUTPUTS.authTable, data.tables.auth.tableName, 'DynamoDB table of API keys, users and sessions');
    output(OUTPUTS.logsTable, data.tables.logs.tableName, 'DynamoDB table of API logs');
    output(OUTPUTS.filesBucket, data.bucket.bucketName, 'S3 bucket of attachments and spilled log bodies');
    output(OUTPUTS.paramsPrefix, prefix, 'SSM prefix of the operator parameters');
    output(OUTPUTS.usagePlanId, api.usagePlan.usagePlanId, 'Usage plan every API key joins');
    output(OUTPUTS.migrationFunction, migration.fn.functionName, 'Function `npm run catalogue -- migrate --stage` invokes');
    output('AlarmTopicArn', alarms.topic.topicArn, 'SNS topic of the alarms');
  }
}

/**
 * The stack of the stage the app's context names (`-c stage=<name>`), as `cdk synth` and `cdk
 * deploy` build it. It is environment-agnostic: no account or region is written into the
 * template (the CLI fills in `us-east-1` when none is configured, which would otherwise end up in
 * every ARN); `cdk deploy` deploys it to the account and region of the credentials in use.
 */
export function stageStack(app: App): WebhookStack {
  const settings = readSettings(app.node);
  return new WebhookStack(app, stackName(settings.stage), { settings, description: `Webhook API, stage ${settings.stage}` });
}
