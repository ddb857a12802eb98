/**
 * Synthesizes the stack as `npx cdk synth` does (cdk.json's context, plus the test's; stage `test`
 * with an alarm address unless the test says otherwise), into a
 * temporary cdk.out. Bundling runs esbuild for every function (a few seconds each on a busy
 * machine): only the test file about bundles synthesizes with `bundle: true`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { stageStack, type WebhookStack } from '../../infra/stack';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Construct = { node: { defaultChild?: unknown } };

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export interface OwnFunction {
  name: string;
  id: string;
  props: Record<string, any>;
  statements: Statement[];
}

export interface Synthesized {
  stack: WebhookStack;
  template: Template;
  /** The cloud assembly directory (asset folders are `asset.<hash>`). */
  outdir: string;
  /** The template's resources of a type, by logical id. */
  resources(type: string): Record<string, Resource>;
  /** `{Ref: ...}` and `{Fn::GetAtt: [..., 'Arn']}` of a construct, as the template writes them. */
  ref(construct: Construct): { Ref: string };
  arnOf(construct: Construct): { 'Fn::GetAtt': [string, 'Arn'] };
  /** The stack's own functions (not CDK's custom resource handler): each route's, the authorizer, any other. */
  functions(): OwnFunction[];
  cleanup(): void;
}

const root = join(import.meta.dirname, '..', '..');

export function synthesize(options: { bundle: boolean; context?: Record<string, unknown> }): Synthesized {
  const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'webhook-cdk-'));
  const context: Record<string, unknown> = { ...cdkJson.context, stage: 'test', alarmEmail: 'alarms@example.com', ...options.context };
  // CDK's own switch for skipping asset bundling (what `cdk synth --exclusively` uses).
  if (!options.bundle) context['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir, context });
  const stack = stageStack(app);
  const template = Template.fromStack(stack);
  const resources = (type: string) => template.findResources(type) as Record<string, Resource>;
  const id = (construct: Construct) => logicalId(stack, construct);
  return {
    stack,
    template,
    outdir,
    resources,
    ref: (construct) => ({ Ref: id(construct) }),
    arnOf: (construct) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] }),
    functions: () =>
      stack.functions.all.map(({ name, fn }) => ({
        name,
        id: id(fn),
        props: resources('AWS::Lambda::Function')[id(fn)]!.Properties,
        statements: statementsOfRole(template, id(fn.role!)),
      })),
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** The logical id of a construct's CloudFormation resource, as the template names it. */
export function logicalId(stack: WebhookStack, construct: Construct): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<WebhookStack['getLogicalId']>[0]);
}

/** Every IAM statement attached to a role, by the role's logical id. */
export function statementsOfRole(template: Template, roleId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Actions a set of statements allows on one resource (compared as CloudFormation renders it). */
export function actionsOn(statements: Statement[], resource: unknown): string[] {
  const key = JSON.stringify(resource);
  const on = (r: unknown) => (Array.isArray(r) ? r : [r]).some((x) => JSON.stringify(x) === key);
  return statements.filter((st) => st.Effect === 'Allow' && on(st.Resource)).flatMap(actionsOf).sort();
}
