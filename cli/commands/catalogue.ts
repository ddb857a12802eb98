/**
 * `npm run catalogue -- diff | migrate`: what the catalogue (CATALOGUE_MODULE, else the demo)
 * needs of the stored records, and carrying it out: locally in this process, on a stage
 * (`--stage`) by its migration function, which runs in AWS a stretch at a time.
 */
import { catalogue } from '../../shared/catalogue';
import { describeChange, diffCatalogue, type Change, type ModelDiff } from '../../shared/migration/diff';
import { itemsToMove } from '../../shared/migration/move';
import { migrate, type MigrationReport } from '../../shared/migration/engine';
import { catalogueFingerprint } from '../../shared/migration/plan';
import { countLacking } from '../../shared/store/backfill';
import { readRecorded } from '../../shared/store/recorded';
import { parseCommand, positiveInteger } from '../args';
import { USAGES } from '../help';
import { ProgressBar } from '../progress';
import type { Target } from '../target';
import { UsageError } from '../usage';
import { invokeMigration } from './catalogue-stage';

export async function run(args: string[], target: Target): Promise<void> {
  const { positionals, values } = parseCommand(args, { json: { type: 'boolean' }, concurrency: { type: 'string' } }, USAGES.catalogue);
  const [command, ...rest] = positionals;
  if (command === 'diff' && rest.length === 0) return diff(target, values.json === true);
  if (command === 'migrate' && rest.length === 0) return migrateCommand(target, positiveInteger('concurrency', values.concurrency, 16));
  throw new UsageError(USAGES.catalogue!);
}

async function diff(target: Target, json: boolean): Promise<void> {
  const diffs = diffCatalogue(catalogue, await readRecorded());
  const lacking: Record<string, number> = {};
  const moved: Record<string, number> = {};
  for (const d of diffs) {
    for (const c of d.changes) {
      if (c.kind === 'required') lacking[`${d.model}.${c.field}`] = await countLacking(catalogue.get(d.model)!, c.field);
      if (c.kind === 'shards' && d.refusals.length === 0) moved[d.model] = await itemsToMove(catalogue, d.model, c);
    }
  }
  const stage = target.kind === 'aws' ? await invokeMigration(target, { action: 'diff' }) : null;
  const runsAnother = stage !== null && stage.fingerprint !== catalogueFingerprint(catalogue);
  if (json) return void console.log(JSON.stringify({ diffs, lacking, moved, ...(stage ? { stageRunsThisCatalogue: !runsAnother } : {}) }));
  if (runsAnother) console.log(`Note: the stage ${target.stage} runs another catalogue than this one; deploy this one before migrating.\n`);
  printDiff(diffs, { lacking, moved }, target.kind === 'aws' ? ` --stage ${target.stage}` : '');
}

/** Counts that say what a change costs: records lacking a newly required field, items a move copies. */
interface Costs {
  lacking: Record<string, number>;
  moved: Record<string, number>;
}

function printDiff(diffs: readonly ModelDiff[], costs: Costs, stage: string): void {
  if (diffs.length === 0) return void console.log('Nothing to migrate: the stored records are up to date with the catalogue.');
  for (const d of diffs) {
    console.log(d.model);
    for (const c of d.changes) {
      console.log(`  ${describeChange(d.model, c).replace(`${d.model}: `, '').replace(`${d.model}.`, '')}${costOf(d.model, c, costs)}`);
    }
  }
  const refusals = diffs.flatMap((d) => d.refusals);
  if (refusals.length > 0) {
    console.log('\nRefused: migrate does nothing until the catalogue says how:');
    for (const r of refusals) console.log(`  - ${r}`);
  } else {
    console.log(`\nRun \`npm run catalogue -- migrate${stage}\` to carry it out.`);
  }
}

function costOf(model: string, c: Change, costs: Costs): string {
  const lacking = c.kind === 'required' ? costs.lacking[`${model}.${c.field}`] : undefined;
  if (lacking !== undefined) return ` (${lacking} lack it now)`;
  const moved = c.kind === 'shards' ? costs.moved[model] : undefined;
  if (moved !== undefined) return ` (${moved.toLocaleString('en')} items to copy, while its writes are refused)`;
  return '';
}

async function migrateCommand(target: Target, concurrency: number): Promise<void> {
  const bar = new ProgressBar();
  let report: MigrationReport;
  try {
    report = target.kind === 'aws'
      ? await migrateOnStage(target, concurrency, bar)
      : await migrate({ catalogue, concurrency, onProgress: (p) => bar.update(p) });
  } finally {
    bar.end();
  }
  printReport(report);
  const refused = report.models.filter((m) => m.refused.length > 0);
  if (report.refusals.length > 0) throw new Error('migrate refused the catalogue: nothing was migrated');
  if (refused.length > 0) throw new Error(`migrate refused ${refused.flatMap((m) => m.refused.map((f) => `${m.model} ${f}`)).join(', ')}: fix the records and run it again`);
}

/** Invokes the stage's migration function until it is done, a stretch at a time. */
async function migrateOnStage(target: Target, concurrency: number, bar: ProgressBar): Promise<MigrationReport> {
  const { fingerprint } = await invokeMigration(target, { action: 'diff' });
  if (fingerprint !== catalogueFingerprint(catalogue)) {
    console.error(`Note: the stage ${target.stage} runs another catalogue than this one: it migrates to the catalogue it runs.`);
  }
  const models = new Map<string, MigrationReport['models'][number]>();
  let total = { records: 0, throttled: 0, seconds: 0 };
  for (;;) {
    const { report, progress } = await invokeMigration(target, { action: 'migrate', seconds: 60, concurrency });
    if (progress) bar.update({ ...progress, records: total.records + progress.records });
    for (const m of report.models) models.set(m.model, { ...m, resumed: models.get(m.model)?.resumed ?? m.resumed });
    total = { records: total.records + report.records, throttled: total.throttled + report.throttled, seconds: total.seconds + report.seconds };
    if (report.done || report.refusals.length > 0) return { ...report, ...total, models: [...models.values()] };
  }
}

function printReport(report: MigrationReport): void {
  if (report.refusals.length > 0) {
    console.log('Refused: nothing was migrated. The catalogue must say how to carry out:');
    for (const r of report.refusals) console.log(`  - ${r}`);
    return;
  }
  if (report.models.length === 0) return void console.log('Nothing to migrate: the stored records are up to date with the catalogue.');
  for (const m of report.models) {
    console.log(`${m.model}: ${m.finished ? 'migrated' : 'stopped'}${m.resumed ? ' (resumed from a checkpoint)' : ''}`);
    for (const field of new Set(m.duplicates.map((d) => d.field))) {
      const dups = m.duplicates.filter((d) => d.field === field);
      console.log(`  ${field}: not made unique: ${dups.length} values are held by several records of a company:`);
      for (const d of dups.slice(0, 20)) console.log(`    ${JSON.stringify(d.value)} (company ${d.company ?? 'none'}): ids ${d.ids.join(', ')}`);
      if (dups.length > 20) console.log(`    ... and ${dups.length - 20} more`);
      console.log(`    Make them unique (update_data), then run migrate again; until then '${field}' is not enforced.`);
    }
    for (const note of m.notes) console.log(`  ${note}`);
  }
  const rate = report.seconds > 0 ? Math.round(report.records / report.seconds) : 0;
  console.log(`${report.records.toLocaleString('en')} records walked in ${report.seconds.toFixed(1)} s (${rate.toLocaleString('en')} a second); throttled ${report.throttled} times.`);
}
