import { catalogue } from '../catalogue';
import { readRecorded } from '../store/recorded';
import { diffCatalogue, type ModelDiff } from './diff';
import { migrate, type MigrationReport, type Progress } from './engine';
import { catalogueFingerprint } from './plan';

/**
 * What the CLI asks the migration function of a stage (`--stage`), and what it answers: the diff
 * of the catalogue bundled in the function, or a stretch of migration (at most `seconds`, then it
 * stops at a page boundary with its checkpoint saved, for the CLI to invoke it again).
 */
export type MigrationRequest = { action: 'diff' } | { action: 'migrate'; seconds: number; concurrency?: number };

export interface DiffAnswer {
  /** Of the catalogue the stage runs, to compare with the one the CLI reads. */
  fingerprint: string;
  diffs: ModelDiff[];
}

export interface MigrateAnswer {
  fingerprint: string;
  report: MigrationReport;
  /** The last progress of the stretch, for the CLI's progress bar. */
  progress: Progress | null;
}

/** Margin left in the function's time after a stretch: the last page, the checkpoint, the answer. */
const MARGIN_MS = 60_000;

export async function answerMigration(request: MigrationRequest, remainingMs: number): Promise<DiffAnswer | MigrateAnswer> {
  const fingerprint = catalogueFingerprint(catalogue);
  if (request.action === 'diff') return { fingerprint, diffs: diffCatalogue(catalogue, await readRecorded()) };
  const deadline = Date.now() + Math.max(1000, Math.min(request.seconds * 1000, remainingMs - MARGIN_MS));
  let progress: Progress | null = null;
  const report = await migrate({
    catalogue,
    deadline,
    ...(request.concurrency ? { concurrency: request.concurrency } : {}),
    onProgress: (p) => (progress = p),
  });
  return { fingerprint, report, progress };
}
