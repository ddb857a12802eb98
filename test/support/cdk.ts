/**
 * Synthesizes the stack as `npx cdk synth` does (cdk.json's context, plus the test's), into a
 * temporary cdk.out. Bundling runs esbuild for every function (a few seconds each on a busy
 * machine): a test file synthesizes once with `bundle: true`, and only where bundles matter.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readSettings } from '../../infra/settings';
import { WebhookStack } from '../../infra/stack';
import { stackName } from '../../shared/deployment';

export interface Synthesized {
  stack: WebhookStack;
  template: Template;
  /** The cloud assembly directory (asset folders are `asset.<hash>`). */
  outdir: string;
  cleanup(): void;
}

const root = join(import.meta.dirname, '..', '..');

export function synthesize(options: { bundle: boolean; context?: Record<string, unknown> }): Synthesized {
  const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'webhook-cdk-'));
  const context: Record<string, unknown> = { ...cdkJson.context, stage: 'test', ...options.context };
  // CDK's own switch for skipping asset bundling (what `cdk synth --exclusively` uses).
  if (!options.bundle) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir, context });
  const settings = readSettings(app.node);
  const stack = new WebhookStack(app, stackName(settings.stage), { settings });
  const template = Template.fromStack(stack);
  return { stack, template, outdir, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** The logical id of a construct's CloudFormation resource, as the template names it. */
export function logicalId(stack: WebhookStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<WebhookStack['getLogicalId']>[0]);
}

/** Every IAM statement attached to a role, by the role's logical id. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
