/**
 * `npm run bench`: starts the embedded stack, runs every test/bench/*.bench.ts file one after the
 * other (alone on the machine, so that they do not measure each other), then writes what they
 * report to bench/results.json and bench/results.md. Ratios measured side by side within one file
 * are what to read: this machine is shared and its absolute times vary.
 *
 *   npm run bench                              every benchmark
 *   npm run bench -- test/bench/x.bench.ts     only these
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { awsEnvironment, startEmulators } from '../../local/emulators';
import type { BenchSection } from './support';

const root = join(import.meta.dirname, '../..');
const out = join(root, 'bench');
const parts = join(out, 'parts');

/** The order of the results: what a request costs first, then what the machine shows of it. */
const ORDER = ['rounds', 'latency', 'bundles', 'search', 'logs', 'auth'];
const rank = (file: string) => {
  const i = ORDER.indexOf(file.replace(/\.(bench\.ts|json)$/, ''));
  return i < 0 ? ORDER.length : i;
};
const byOrder = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const files = requested.length > 0
    ? requested
    : readdirSync(import.meta.dirname).filter((f) => f.endsWith('.bench.ts')).sort(byOrder).map((f) => join(import.meta.dirname, f));
  rmSync(parts, { recursive: true, force: true });
  mkdirSync(parts, { recursive: true });
  const emulators = await startEmulators();
  let failed = 0;
  try {
    const env = {
      ...process.env,
      ...awsEnvironment(emulators.endpoints),
      PARAMS_CACHE_SECONDS: '30',
      CATALOGUE_CACHE_SECONDS: '30',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      // The benchmarks send requests back to back with one key: they measure the API, not the
      // usage plan's throttle (50 requests a second), which would answer them 429 in a few seconds.
      THROTTLE_RATE_LIMIT: '1000000',
      THROTTLE_BURST_LIMIT: '1000000',
    };
    for (const file of files) {
      console.log(`# ${relative(root, file)}`);
      const code = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', relative(root, file)], { cwd: root, env, stdio: 'inherit' });
        child.on('exit', (c) => resolve(c ?? 1));
      });
      if (code !== 0) failed++;
    }
  } finally {
    await emulators.stop();
  }
  const sections: BenchSection[] = readdirSync(parts)
    .sort(byOrder)
    .flatMap((f) => JSON.parse(readFileSync(join(parts, f), 'utf8')) as BenchSection[]);
  const previous = existsSync(join(out, 'results.json')) && requested.length > 0
    ? (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { sections: BenchSection[] }).sections
    : [];
  // A section measured again takes its place; a new one comes last.
  const merged = [
    ...previous.map((p) => sections.find((s) => s.title === p.title) ?? p),
    ...sections.filter((s) => !previous.some((p) => p.title === s.title)),
  ];
  const meta = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length };
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ ...meta, sections: merged }, null, 2)}\n`);
  writeFileSync(join(out, 'results.md'), markdown(merged, meta));
  rmSync(parts, { recursive: true, force: true });
  console.log(`results: ${relative(root, join(out, 'results.md'))}`);
  return failed > 0 ? 1 : 0;
}

function markdown(sections: BenchSection[], meta: { date: string; node: string; cpus: number }): string {
  const lines = [
    `# Benchmarks`,
    '',
    `Measured ${meta.date.slice(0, 10)} on Node ${meta.node}, ${meta.cpus} cores, against the embedded stack, by \`npm run bench\`. How to read them: docs/benchmarks.md.`,
    '',
  ];
  for (const s of sections) {
    lines.push(`## ${s.title}`, '', `| ${s.columns.join(' | ')} |`, `|${s.columns.map(() => '---').join('|')}|`);
    for (const row of s.rows) lines.push(`| ${row.join(' | ')} |`);
    lines.push('');
    for (const note of s.notes ?? []) lines.push(`- ${note}`);
    if (s.notes?.length) lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
