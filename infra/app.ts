import { App } from 'aws-cdk-lib';
import { checkAtSynthesis } from './nag';
import { stageStack } from './stack';

/**
 * The CDK app (`npx cdk synth|deploy -c stage=<name>`): one stack per stage (infra/stack.ts),
 * checked at synthesis against cdk-nag's AwsSolutions and Serverless packs (infra/nag.ts): a
 * finding that is not acknowledged stops the synthesis, and so the deploy.
 */
const app = new App();
checkAtSynthesis(app, stageStack(app));
app.synth();
