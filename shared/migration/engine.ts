import { randomBytes } from 'node:crypto';
import type { Catalogue } from '../catalogue';
import { getConfig } from '../config';
import { countLacking } from '../store/backfill';
import { MAX_INDEXED_VALUE_BYTES } from '../store/keys';
import { putCheckpoint, readCheckpoint, readRecorded } from '../store/recorded';
import type { Checkpoint, Duplicate } from './checkpoint';
import { diffCatalogue, type ModelDiff } from './diff';
import { Pace } from './pace';
import { planModel, targetOf } from './plan';
import { describeStep, finish, runStep } from './steps';
import type { StepRun } from './walk';

/**
 * `migrate`: brings the stored records to the catalogue, model by model: what `diff` says, as the
 * steps of plan.ts, each resumable from a checkpoint and safe to run twice. Nothing at all is done
 * while the catalogue has a change it does not say how to carry out (a refusal).
 */
export interface MigrateOptions {
  /** The catalogue to migrate to: the deployment's. */
  catalogue: Catalogue;
  /** Stop at a page boundary once past this time (epoch ms); a later run goes on from there. */
  deadline?: number;
  onProgress?: (p: Progress) => void;
  /** Calls in flight at most (halved on throttling). @default 16 */
  concurrency?: number;
  /** @default getConfig().migrationSettleSeconds */
  settleSeconds?: number;
}

export interface Progress {
  model: string;
  step: string;
  /** Records up to this id (record steps), or items deleted (drops). */
  done: number;
  /** The model's highest id (record steps), or null when unknown. */
  total: number | null;
  /** Records walked by this run so far. */
  records: number;
}

export interface ModelOutcome {
  model: string;
  /** Went on from a checkpoint left by an earlier run. */
  resumed: boolean;
  finished: boolean;
  /** Families refused (`guard:code`, `index:note`): the duplicates and notes say why. */
  refused: string[];
  duplicates: Duplicate[];
  notes: string[];
}

export interface MigrationReport {
  /** Every model is migrated (false: stopped at the deadline; run again to go on). */
  done: boolean;
  /** Changes the catalogue does not say how to carry out: nothing was migrated. */
  refusals: string[];
  models: ModelOutcome[];
  records: number;
  throttled: number;
  seconds: number;
}

export async function migrate(o: MigrateOptions): Promise<MigrationReport> {
  const started = Date.now();
  const diffs = diffCatalogue(o.catalogue, await readRecorded());
  const report: MigrationReport = { done: true, refusals: diffs.flatMap((d) => d.refusals), models: [], records: 0, throttled: 0, seconds: 0 };
  const pace = new Pace(o.concurrency ?? 16);
  const stats = { records: 0 };
  if (report.refusals.length === 0) {
    for (const diff of diffs) {
      const outcome = await migrateModel(o, diff, pace, stats, started);
      report.models.push(outcome);
      if (!outcome.finished) {
        report.done = false;
        break;
      }
    }
  }
  return { ...report, records: stats.records, throttled: pace.throttled, seconds: (Date.now() - started) / 1000 };
}

async function migrateModel(o: MigrateOptions, diff: ModelDiff, pace: Pace, stats: { records: number }, started: number): Promise<ModelOutcome> {
  const { model } = diff;
  const target = targetOf(o.catalogue, model);
  const saved = (await readCheckpoint(model)) as Checkpoint | null;
  const resumed = saved?.target === target;
  const cp = resumed ? saved! : await newCheckpoint(o.catalogue, diff, target);
  await putCheckpoint(model, cp);
  const settleSeconds = o.settleSeconds ?? getConfig().migrationSettleSeconds;
  let label = '';
  const run: StepRun = {
    deployed: o.catalogue,
    model,
    cp,
    pace,
    stats,
    settleSeconds,
    settleFrom: started,
    save: () => putCheckpoint(model, cp),
    progress: (done, total) => o.onProgress?.({ model, step: label, done, total, records: stats.records }),
    overDeadline: () => o.deadline !== undefined && Date.now() > o.deadline,
  };
  const outcome = (finished: boolean): ModelOutcome => ({ model, resumed, finished, refused: cp.refused, duplicates: cp.duplicates, notes: [...cp.notes, ...tooLongNotes(cp)] });
  while (cp.step < cp.steps.length) {
    const step = cp.steps[cp.step]!;
    label = describeStep(step, settleSeconds);
    run.progress(0, null);
    if ((await runStep(run, step)) === 'paused') return outcome(false);
    cp.step++;
    cp.cursor = null;
    delete cp.waitUntil;
    await run.save();
  }
  await finish(run);
  return outcome(true);
}

function tooLongNotes(cp: Checkpoint): string[] {
  return Object.entries(cp.tooLong).map(
    ([field, { count, ids }]) =>
      `index of ${field}: not built: ${count} records hold a value longer than an index entry holds (${MAX_INDEXED_VALUE_BYTES} bytes): ` +
      `ids ${ids.join(', ')}${count > ids.length ? ', ...' : ''}; shorten them (update_data), then run migrate again`,
  );
}

async function newCheckpoint(catalogue: Catalogue, diff: ModelDiff, target: string): Promise<Checkpoint> {
  const recorded = (await readRecorded()).get(diff.model);
  const notes: string[] = [];
  for (const c of diff.changes) {
    if (c.kind !== 'required' || c.fill || !recorded) continue;
    const lacking = await countLacking(catalogue.get(diff.model)!, c.field);
    if (lacking > 0) notes.push(`${lacking} records of '${diff.model}' lack '${c.field}', now required, and it has no default to give them: set it with update_data`);
  }
  return {
    run: randomBytes(4).toString('hex'),
    target,
    steps: planModel(catalogue.get(diff.model), diff),
    step: 0,
    cursor: null,
    version: recorded?.version ?? null,
    refused: [],
    duplicates: [],
    tooLong: {},
    notes,
  };
}
