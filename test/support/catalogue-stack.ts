/**
 * A stack run over a changed catalogue, as a deployer runs one: the API restarted on this test
 * file's tables with another CATALOGUE_MODULE, and `npm run catalogue` as a command line, each in
 * a process of its own (a process loads one catalogue).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceEnvironment } from '../../local/names';
import type { RpcAnswer, TestApi } from './api';

const root = join(import.meta.dirname, '../..');

/** Polls `check` until it passes or the deadline passes (functions read the recorded catalogue a cache period late). */
export async function eventually(check: () => Promise<void>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** The handled outcome of a call that must succeed. */
export const success = (res: { status: number; body: any }) => {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.result.is_success, true, JSON.stringify(res.body));
  return res.body.result;
};

export const fixture = (name: string): string => join(root, 'test/fixtures/catalogues', `${name}.ts`);

/** The test run's environment for a child process: not the test runner's marker, which would make it a test file. */
function childEnv(api: TestApi, extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _marker, ...env } = process.env;
  return { ...env, ...resourceEnvironment(api.resources), CATALOGUE_CACHE_SECONDS: '1', POWERTOOLS_LOG_LEVEL: 'SILENT', ...extra };
}

export interface ChildApi {
  url: string;
  call(route: string, model: string, vals: Record<string, unknown>): Promise<RpcAnswer>;
  stop(): Promise<void>;
}

/** The API over `api`'s tables, with the catalogue module `catalogue`, answering `api`'s development key. */
export async function startChildApi(api: TestApi, catalogue: string): Promise<ChildApi> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/child-api.ts'], {
    cwd: root,
    env: childEnv(api, { CATALOGUE_MODULE: catalogue }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening (\S+)/);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the API exited (${code}) before listening: ${out}`)));
  });
  return {
    url,
    call: async (route, model, vals) => {
      const res = await fetch(`${url}/api/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${api.key}` },
        body: JSON.stringify({ jsonrpc: '2.0', params: { model, vals } }),
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A DATA_DIR whose endpoints.json points the CLI at `api`'s tables, as `npm start` writes it. */
function dataDirFor(api: TestApi): string {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-cli-'));
  const endpoints = {
    api: api.url,
    dynamodb: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    s3: process.env.AWS_ENDPOINT_URL_S3,
    ssm: process.env.AWS_ENDPOINT_URL_SSM,
    region: 'us-east-1',
    ...resourceEnvironment(api.resources),
  };
  writeFileSync(join(dir, 'endpoints.json'), JSON.stringify(endpoints));
  return dir;
}

export interface CliRun {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

/** `npm run catalogue -- <args>` against `api`'s tables with the catalogue module `catalogue`. */
export function spawnCatalogueCli(api: TestApi, catalogue: string, args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'catalogue', ...args], {
    cwd: root,
    env: childEnv(api, { DATA_DIR: dataDirFor(api), CATALOGUE_MODULE: catalogue, MIGRATION_SETTLE_SECONDS: '2', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Runs `npm run catalogue -- <args>` to its end. */
export async function catalogueCli(api: TestApi, catalogue: string, args: string[], env: Record<string, string> = {}) {
  const run = spawnCatalogueCli(api, catalogue, args, env);
  const code = await run.exited;
  return { code, ...run.output() };
}
