/** The operator CLI run as operators run it: a child process, against a test file's local stack. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceEnvironment } from '../../local/names';
import type { TestApi } from './api';

const root = join(import.meta.dirname, '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A DATA_DIR whose endpoints.json (as `npm start` writes it) names this file's stack. */
export function localDataDir(api: TestApi): string {
  const dir = mkdtempSync(join(tmpdir(), 'webhook-cli-'));
  const env = process.env;
  const endpoints = { api: api.url, dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB, s3: env.AWS_ENDPOINT_URL_S3, ssm: env.AWS_ENDPOINT_URL_SSM, region: 'us-east-1' };
  writeFileSync(join(dir, 'endpoints.json'), JSON.stringify({ ...endpoints, ...resourceEnvironment(api.resources) }));
  writeFileSync(join(dir, 'dev-api-key'), `${api.key}\n`);
  return dir;
}

/**
 * `npm run <group> -- <args>`, without npm: node with tsx, as the package scripts run it (`script`:
 * another file of cli/ that a package script runs, such as `cli/openapi.ts`).
 */
export function runCli(args: string[], options: { dataDir: string; stdin?: string; env?: NodeJS.ProcessEnv; script?: string }): Promise<Run> {
  // A variable given as undefined is left out.
  const env = Object.fromEntries(Object.entries({ ...process.env, ...options.env, DATA_DIR: options.dataDir }).filter(([, v]) => v !== undefined));
  const child = spawn(process.execPath, ['--import', 'tsx', options.script ?? 'cli/main.ts', ...args], { cwd: root, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
