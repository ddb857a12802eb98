/**
 * Backfill throughput: `migrate` over a model of many records stored before the catalogue changed
 * (written straight to the table), for an index added, then for a unique constraint added (its
 * index, the check for duplicates, the guards). Records a second, the transactions and calls it
 * took, and how often DynamoDB pushed back.
 */
import { buildCatalogue } from '../../shared/catalogue';
import { migrate } from '../../shared/migration/engine';
import { startTestApi } from '../support/api';
import { writeRecords } from '../support/records';
import { countBy, watchAllCalls } from '../support/sdk-calls';
import { report } from './support';
import { models as phoneIndexed } from '../fixtures/catalogues/partner-phone-indexed';
import { models as cityUnique } from '../fixtures/catalogues/partner-city-unique';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);

const api = await startTestApi();
const loadStarted = performance.now();
await writeRecords('res.partner', RECORDS, (i) => ({ name: `Partner ${i}`, phone: `555-${i}`, city: `City ${i}`, company_id: 1, active: true, is_company: false }));
const loadSeconds = (performance.now() - loadStarted) / 1000;

const rows: (string | number)[][] = [];
for (const [label, models] of [['index added (phone)', phoneIndexed], ['unique constraint added (city): index, check, guards', cityUnique]] as const) {
  const started = performance.now();
  const watched = await watchAllCalls(() => migrate({ catalogue: buildCatalogue(models), settleSeconds: 0 }));
  const seconds = (performance.now() - started) / 1000;
  const r = watched.result;
  if (!r.done || r.refusals.length > 0 || r.models.some((m) => m.refused.length > 0)) throw new Error(`migration not done: ${JSON.stringify(r)}`);
  const calls = countBy(watched.calls);
  rows.push([label, r.records.toLocaleString('en'), seconds.toFixed(1), Math.round(r.records / seconds).toLocaleString('en'), calls.TransactWriteItemsCommand ?? 0, watched.calls.length, r.throttled]);
}
report({
  title: 'Backfill throughput (npm run catalogue -- migrate, locally)',
  columns: ['change', 'records walked', 'seconds', 'records a second', 'transactions', 'DynamoDB calls', 'throttled'],
  rows,
  notes: [
    `${RECORDS.toLocaleString('en')} partners stored before the change, migrated in this process with the default concurrency (16 calls in flight) against DynamoDB Local on this machine, which sets the pace: writing the partners themselves (BatchWriteItem of each record with its index entries and guard, no condition) ran at ${Math.round(RECORDS / loadSeconds).toLocaleString('en')} records a second here. In AWS a transaction takes a few milliseconds and the table's capacity sets the pace (the migration backs off when it is throttled).`,
    'Each transaction writes the entries of up to 25 records, each checked against the version read; a unique constraint walks the records twice (entries, then guards) and reads the index once between.',
    'Records a second counts records walked (a unique constraint walks each twice) over the whole run, checkpoints included.',
  ],
});
await api.stop();
