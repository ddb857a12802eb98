import { App } from 'aws-cdk-lib';
import { readSettings } from './settings';

/**
 * The CDK app (`npx cdk synth|deploy -c stage=<name>`): one stack per stage (infra/stack.ts),
 * checked at synthesis against cdk-nag's AwsSolutions and Serverless packs (infra/nag.ts): a
 * finding that is not acknowledged stops the synthesis, and so the deploy.
 */
const app = new App();
const settings = readSettings(app.node);
// The stack's modules load the catalogue (the seed records it): name the deployment's first.
if (settings.catalogueModule) process.env.CATALOGUE_MODULE = settings.catalogueModule;
const [{ checkAtSynthesis }, { stageStack }] = await Promise.all([import('./nag'), import('./stack')]);
checkAtSynthesis(app, stageStack(app));
app.synth();
