import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OUTPUTS, paramsPrefixFor } from '../shared/deployment';
import { Alarms } from './alarms';
import { Api } from './api';
import { Data } from './data';
import { Functions } from './functions';
import { addMigrationFunction } from './migration';
import { Params } from './params';
import { SeedCompany } from './seed';
import type { Settings } from './settings';

export interface WebhookStackProps extends StackProps {
  settings: Settings;
}

/**
 * One stage of the product: data (tables, bucket), operator parameters, a function per route and
 * the authorizer, the REST API with its usage plan, alarms, and company 1. Its outputs are what
 * the operator CLI reads with `--stage` (shared/deployment.ts).
 */
export class WebhookStack extends Stack {
  readonly data: Data;
  readonly functions: Functions;
  readonly api: Api;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: WebhookStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const prefix = paramsPrefixFor(settings.stage);

    this.data = new Data(this, 'Data');
    const params = new Params(this, 'Params', { prefix });
    this.functions = new Functions(this, 'Functions', {
      data: this.data,
      paramsPrefix: prefix,
      paramArns: params.arns,
      dbName: settings.dbName,
      catalogueModule: settings.catalogueModule,
    });
    const migration = addMigrationFunction(this.functions);
    this.api = new Api(this, 'Http', { stage: settings.stage, routes: this.functions.routes, authorizer: this.functions.authorizer });
    new SeedCompany(this, 'SeedCompany', { table: this.data.tables.records });
    this.alarms = new Alarms(this, 'Alarms', {
      stage: settings.stage,
      api: this.api.api,
      accessLog: this.api.accessLog,
      functions: [
        ...this.functions.routes.map(({ route, fn }) => ({ name: route.handler, fn })),
        { name: 'authorizer', fn: this.functions.authorizer },
      ],
      email: settings.alarmEmail,
    });

    const output = (name: string, value: string, description: string) => new CfnOutput(this, name, { value, description });
    const { data, api, alarms } = this;
    output(OUTPUTS.apiUrl, api.url, 'Base URL of the routes: POST <ApiUrl>/api/create_data');
    output(OUTPUTS.recordsTable, data.tables.records.tableName, 'DynamoDB table of records');
    output(OUTPUTS.authTable, data.tables.auth.tableName, 'DynamoDB table of API keys, users and sessions');
    output(OUTPUTS.logsTable, data.tables.logs.tableName, 'DynamoDB table of API logs');
    output(OUTPUTS.filesBucket, data.bucket.bucketName, 'S3 bucket of attachments and spilled log bodies');
    output(OUTPUTS.paramsPrefix, prefix, 'SSM prefix of the operator parameters');
    output(OUTPUTS.usagePlanId, api.usagePlan.usagePlanId, 'Usage plan every API key joins');
    output(OUTPUTS.migrationFunction, migration.functionName, 'Function `npm run catalogue -- migrate --stage` invokes');
    output('AlarmTopicArn', alarms.topic.topicArn, 'SNS topic of the alarms');
  }
}
