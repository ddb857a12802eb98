/**
 * What a benchmark file reports: sections of a table. `npm run bench` gathers the sections of
 * every file into bench/results.json and bench/results.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface BenchSection {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** What the numbers mean, targets missed and why. */
  notes?: string[];
}

const sections: BenchSection[] = [];

export function report(section: BenchSection): void {
  sections.push(section);
  const file = process.argv[1] ?? 'bench';
  const dir = join(import.meta.dirname, '../../bench/parts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${basename(file).replace(/\.bench\.ts$/, '')}.json`), `${JSON.stringify(sections, null, 2)}\n`);
}

/** Percentile of sorted-or-not samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const ms = (n: number): string => `${n.toFixed(1)} ms`;
