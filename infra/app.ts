import { App } from 'aws-cdk-lib';
import { stackName } from '../shared/deployment';
import { readSettings } from './settings';

/**
 * The CDK app (`npx cdk synth|deploy -c stage=<name>`): one stack per stage. The account and
 * region are the CLI's (the AWS profile or environment); without them the stack is
 * environment-agnostic, which is all synthesis needs.
 */
const app = new App();
const settings = readSettings(app.node);
// The stack's modules load the catalogue (the seed records it): name the deployment's first.
if (settings.catalogueModule) process.env.CATALOGUE_MODULE = settings.catalogueModule;
const { WebhookStack } = await import('./stack');
new WebhookStack(app, stackName(settings.stage), {
  settings,
  description: `Webhook API, stage ${settings.stage}`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
