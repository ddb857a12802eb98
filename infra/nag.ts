/**
 * cdk-nag: the stack checked against AWS's AwsSolutions and Serverless rule packs, with the
 * findings it keeps on purpose acknowledged (infra/nag-acknowledgments.ts, each with its reason).
 *
 *   npm run nag     checks a dev stage and a named one (with alarmEmail), without bundling;
 *                   exits 1 on any finding not acknowledged, or an acknowledgment matching none
 *
 * The CDK app (infra/app.ts) registers the same packs and acknowledgments, so `cdk synth` and
 * `cdk deploy` stop on a finding that is not acknowledged.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { acknowledgments } from './nag-acknowledgments';
import { stageStack, type WebhookStack } from './stack';

const ROOT = join(import.meta.dirname, '..');

export const nagPacks = (scope?: IConstruct): NagPack[] => [new AwsSolutionsChecks(scope), new ServerlessChecks(scope)];

/** Records the stack's acknowledgments on its constructs, where the packs look for them. */
export function acknowledge(stack: WebhookStack): void {
  for (const { id, reason, on } of acknowledgments(stack)) for (const construct of on) Validations.of(construct).acknowledge({ id, reason });
}

/** Runs the packs on a stack's constructs at synthesis, and stops synthesis on a finding. */
export function checkAtSynthesis(app: App, stack: WebhookStack): void {
  acknowledge(stack);
  Validations.of(app).addPlugins(...(nagPacks(app) as IPolicyValidationPlugin[]));
}

export interface Finding {
  id: string;
  severity: string;
  description: string;
  /** The construct path of the resource. */
  path: string;
}

/** What the packs find in a stack, acknowledged findings left out. */
export function findings(stack: WebhookStack): Finding[] {
  return nagPacks().flatMap((pack) =>
    pack.validateScope(stack).violations.flatMap((v) =>
      v.violatingResources.map((r) => ({
        id: v.ruleName,
        severity: v.severity ?? 'error',
        description: v.description,
        path: (r as { constructPath?: string }).constructPath ?? r.resourceLogicalId ?? '',
      })),
    ),
  );
}

export interface NagReport {
  /** Findings no acknowledgment covers. */
  unacknowledged: Finding[];
  /** Acknowledgments (`id @ construct path in the stack`) that cover no finding in any stage checked. */
  stale: string[];
}

/**
 * Checks stages built from cdk.json's context and `contexts` (one stack each), without bundling:
 * each with its acknowledgments, for findings left; and each without, to find acknowledgments that
 * no longer match a finding (the rule was fixed, or the construct renamed).
 */
export function nagReport(contexts: Record<string, unknown>[]): NagReport {
  const unacknowledged: Finding[] = [];
  const used = new Map<string, boolean>();
  for (const context of contexts) {
    withStack(context, (stack) => {
      acknowledge(stack);
      unacknowledged.push(...findings(stack));
    });
    withStack(context, (stack) => {
      const all = findings(stack);
      for (const { id, on } of acknowledgments(stack)) {
        for (const construct of on) {
          // The construct's path within its stack: the same in every stage.
          const key = `${id} @ ${construct.node.path.slice(stack.node.path.length)}`;
          const covers = all.some((f) => f.id === id && (f.path === construct.node.path || f.path.startsWith(`${construct.node.path}/`)));
          used.set(key, (used.get(key) ?? false) || covers);
        }
      }
    });
  }
  return { unacknowledged, stale: [...used].filter(([, covers]) => !covers).map(([key]) => key) };
}

/** The stages `npm run nag` checks: dev (no alarm address) and a named stage with one. */
export const NAG_STAGES: Record<string, unknown>[] = [{ stage: 'dev' }, { stage: 'prod', alarmEmail: 'alarms@example.com' }];

function withStack(context: Record<string, unknown>, check: (stack: WebhookStack) => void): void {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'webhook-nag-'));
  try {
    // CDK's own switch for skipping asset bundling: the rules read the template, not the code.
    const app = new App({ outdir, context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] } });
    check(stageStack(app));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  const { unacknowledged, stale } = nagReport(NAG_STAGES);
  for (const f of unacknowledged) console.log(`${f.severity} ${f.id}: ${f.description}\n    ${f.path}`);
  for (const s of stale) console.log(`stale acknowledgment (no finding to acknowledge): ${s}`);
  const stages = NAG_STAGES.map((c) => c.stage).join(', ');
  console.log(unacknowledged.length + stale.length === 0
    ? `cdk-nag (AwsSolutions, Serverless), stages ${stages}: no finding but those acknowledged in infra/nag-acknowledgments.ts`
    : `cdk-nag: ${unacknowledged.length} finding(s) not acknowledged, ${stale.length} stale acknowledgment(s)`);
  process.exit(unacknowledged.length + stale.length === 0 ? 0 : 1);
}
