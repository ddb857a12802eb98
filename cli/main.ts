/**
 * The operator CLI: `npm run <group> -- <command> [options]`, against the local stack by default
 * and against a deployed stage with `--stage <name>`.
 *
 *   npm run params -- list
 *   npm run logs -- --since 1h --state failed --stage prod
 */
import { resolveTarget, TargetError, type Target } from './target';
import { UsageError } from './usage';

/** A command group: `run` gets the arguments after the group's name, without `--stage`. */
export interface CommandGroup {
  run(args: string[], target: Target): Promise<void>;
}

/** Groups are loaded only after the target is resolved: their AWS clients read its environment. */
const GROUPS: Record<string, () => Promise<CommandGroup>> = {
  keys: () => import('./commands/keys'),
  users: () => import('./commands/users'),
  params: () => import('./commands/params'),
  logs: () => import('./commands/logs'),
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

async function main(argv: string[]): Promise<number> {
  const [group, ...args] = argv;
  const load = group ? GROUPS[group] : undefined;
  if (!load) {
    console.error(`usage: npm run <${Object.keys(GROUPS).join('|')}> -- <command> [--stage <name>]`);
    return 2;
  }
  const { stage, rest } = takeStage(args);
  const target = await resolveTarget(stage);
  await (await load()).run(rest, target);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof TargetError) {
      console.error(error.message);
      process.exit(error instanceof UsageError ? 2 : 1);
    }
    console.error(error instanceof Error ? `error: ${error.message}` : error);
    process.exit(1);
  },
);
