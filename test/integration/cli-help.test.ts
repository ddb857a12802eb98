/**
 * The CLI helps without a stack: every command answers --help and -h with its usage, and a stack
 * that is not running is said in one line that says how to start it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { OVERVIEW, USAGES } from '../../cli/help';
import { STACK_NOT_RUNNING } from '../../cli/target';
import { runCli, type Run } from '../support/cli';

const noStack = mkdtempSync(join(tmpdir(), 'cli-help-'));
after(() => rmSync(noStack, { recursive: true, force: true }));

/** The environment of a shell without any stack: no AWS endpoints. */
const bare = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_ENDPOINT')).map((k) => [k, undefined]));
const cli = (args: string[], dataDir = noStack, script?: string): Promise<Run> => runCli(args, { dataDir, env: bare, ...(script ? { script } : {}) });

/** `npm run openapi` is a script of its own; every other usage is of a group of cli/main.ts. */
const SCRIPTS: Record<string, string> = { openapi: 'cli/openapi.ts' };

/** Runs at most `n` at once: each is a Node process with TypeScript to load. */
async function pool<T, R>(items: T[], n: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  }));
  return out;
}

test('every command and subcommand answers --help and -h with its usage and exit code 0, without a stack', async () => {
  const asked = Object.keys(USAGES).flatMap((command) => {
    const words = SCRIPTS[command] ? [] : command === 'users sessions' ? ['users', 'sessions', 'revoke'] : command.split(' ');
    return ['--help', '-h'].map((flag) => ({ command, args: [...words, flag] }));
  });
  const runs = await pool(asked, 4, ({ command, args }) => cli(args, noStack, SCRIPTS[command]));
  for (const [i, { command, args }] of asked.entries()) {
    const run = runs[i]!;
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, `${USAGES[command]}\n`, args.join(' '));
    assert.equal(run.stderr, '', args.join(' '));
  }
  const options = await cli(['keys', 'create', '--name', 'x', '--help']);
  assert.equal(options.stdout, `${USAGES['keys create']}\n`, 'help wins over other options');
  const overview = await cli(['--help']);
  assert.deepEqual([overview.code, overview.stdout], [0, `${OVERVIEW}\n`]);
});

test('a local stack that is not running is one line that says to run npm start, never a raw connection error', async () => {
  // Ports that were free a moment ago: nothing answers there.
  const closed = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const stopped = mkdtempSync(join(tmpdir(), 'cli-stopped-'));
  const url = `http://127.0.0.1:${closed}`;
  writeFileSync(join(stopped, 'endpoints.json'), JSON.stringify({ api: url, dynamodb: url, s3: url, ssm: url, region: 'us-east-1' }));
  try {
    const runs = await pool([['params', 'list'], ['keys', 'list'], ['logs'], ['users', 'list'], ['catalogue', 'diff']], 4, (args) => cli(args, stopped));
    for (const run of runs) {
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, `${STACK_NOT_RUNNING}\n`);
      assert.doesNotMatch(run.stderr, /ECONNREFUSED/);
    }
    const none = await cli(['params', 'list']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^No local stack found \(.*endpoints\.json is missing\): start it with `npm start`/);
    assert.equal(none.stderr.trim().split('\n').length, 1);
  } finally {
    rmSync(stopped, { recursive: true, force: true });
  }
});
