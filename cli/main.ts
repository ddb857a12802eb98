/**
 * The operator CLI: `npm run <group> -- <command> [options]`, against the local stack by default
 * and against a deployed stage with `--stage <name>`.
 *
 *   npm run params -- list
 *   npm run logs -- --since 1h --state failed --stage prod
 */
import { WebhookError } from '../shared/envelope';
import { GROUPS, OVERVIEW, helpFor } from './help';
import { STACK_NOT_RUNNING, TargetError, isConnectionRefused, resolveTarget, type Target } from './target';
import { UsageError } from './usage';

/** A command group: `run` gets the arguments after the group's name, without `--stage`. */
export interface CommandGroup {
  run(args: string[], target: Target): Promise<void>;
}

/** Groups are loaded only after the target is resolved: their AWS clients read its environment. */
const LOADERS: Record<(typeof GROUPS)[number], () => Promise<CommandGroup>> = {
  keys: () => import('./commands/keys'),
  users: () => import('./commands/users'),
  params: () => import('./commands/params'),
  logs: () => import('./commands/logs'),
  env: () => import('./commands/env'),
  catalogue: () => import('./commands/catalogue'),
};

function takeStage(args: string[]): { stage: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let stage: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--stage') stage = args[++i];
    else if (a.startsWith('--stage=')) stage = a.slice('--stage='.length);
    else rest.push(a);
  }
  if (stage === '') throw new UsageError('--stage needs a stage name');
  return { stage, rest };
}

let target: Target | undefined;

async function main(argv: string[]): Promise<number> {
  const [group, ...args] = argv;
  const load = group ? LOADERS[group as keyof typeof LOADERS] : undefined;
  if (!load) {
    const asked = group === '--help' || group === '-h';
    (asked ? console.log : console.error)(OVERVIEW);
    return asked ? 0 : 2;
  }
  // Before anything reaches for a stack: help needs none.
  const help = helpFor(group!, args);
  if (help !== null) {
    console.log(help);
    return 0;
  }
  const { stage, rest } = takeStage(args);
  target = await resolveTarget(stage);
  await (await load()).run(rest, target);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A value the shared checks refuse (a log filter, an id) is a mistake in the command line too.
    const usage = error instanceof UsageError || (error instanceof WebhookError && error.code === 'INVALID_VALUE');
    if (usage || error instanceof TargetError) {
      console.error((error as Error).message);
      process.exit(usage ? 2 : 1);
    }
    if (target?.kind === 'local' && isConnectionRefused(error)) console.error(STACK_NOT_RUNNING);
    else console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
