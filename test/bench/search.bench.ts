/**
 * search_data against model size: an indexed equality search with limit 10 on a model of 1,000
 * records, then of 100,000 (the same model, grown in between), for a value matching 20 records at
 * both sizes and for one matching 2% of the records, and every record ordered by the indexed name
 * ascending and descending (empty values last, then first: the descending read asks for the
 * empty entries too); latency percentiles, the ratio of medians, DynamoDB calls. (The rounds of a
 * nested read are in rounds.bench.ts, its latency in latency.bench.ts.)
 *
 * The records are written straight to the table (BatchWriteItem of the items the store itself
 * builds: records and index entries), which takes a minute or two instead of an hour of API calls.
 */
import { catalogue, type StoredValues } from '../../shared/catalogue';
import { derivedItems, toRecordItem, type Item } from '../../shared/store/items';
import { startTestApi, type TestApi } from '../support/api';
import { writeAll } from '../support/records';
import { countBy, watchCalls } from '../support/sdk-calls';
import { ms, percentile, report } from './support';

const SMALL = 1_000;
const LARGE = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 100;
const tags = catalogue.get('res.partner.category')!;

/** Every 50th record is named `rare` up to the 1,000th, and `common` throughout: 20 and 2% of records. */
function tagValues(id: number): StoredValues {
  const name = id <= SMALL && id % 50 === 0 ? 'rare' : id % 50 === 25 ? 'common' : `tag ${id}`;
  return { name, color: id % 10, active: true, create_date: '2026-01-01 00:00:00', write_date: '2026-01-01 00:00:00' };
}

async function writeTags(from: number, to: number): Promise<void> {
  const items: Item[] = [];
  for (let id = from; id <= to; id++) {
    const values = tagValues(id);
    items.push(toRecordItem(tags, id, values, 1, []), ...derivedItems(tags, id, values).map((d) => d.item));
  }
  await writeAll(items);
}

/**
 * As many items as the large model adds, under a key no search reads: DynamoDB Local (a JVM) and
 * this process then run the small model's measurements as warmed up as the large one's.
 */
async function writeBallast(count: number): Promise<void> {
  const items: Item[] = [];
  for (let i = 0; i < count; i++) items.push({ pk: 'BENCH#ballast', sk: String(i).padStart(8, '0'), name: `ballast ${i}`, n: i });
  await writeAll(items);
}

/** The searches measured: equality on a rare and on a common name, and the whole model by name. */
const SEARCHES: Record<string, Record<string, unknown>> = {
  rare: { search_domain: "[('name', '=', 'rare')]" },
  common: { search_domain: "[('name', '=', 'common')]" },
  'order name': { order: 'name' },
  'order name desc': { order: 'name desc' },
};

/** Calls for every search alternately, after a warm-up, so that all see the same machine. */
async function timeSearches(api: TestApi, values: readonly string[]): Promise<Map<string, { samples: number[]; calls: Record<string, number>; rounds: number }>> {
  const out = new Map<string, { samples: number[]; calls: Record<string, number>; rounds: number }>();
  const params = (value: string) => ({
    model: 'res.partner.category',
    vals: { payload: { ...SEARCHES[value], search_field: ['name'], limit: 10 } },
  });
  for (const value of values) {
    const probe = await watchCalls(() => api.call('/api/search_data', params(value)));
    if (probe.result.body.result?.result?.length !== 10) throw new Error(`unexpected answer: ${JSON.stringify(probe.result.body).slice(0, 300)}`);
    out.set(value, { samples: [], calls: countBy(probe.calls), rounds: probe.rounds });
    for (let i = 0; i < WARM_UP; i++) await api.call('/api/search_data', params(value));
  }
  for (let i = 0; i < RUNS; i++) {
    for (const value of values) {
      const start = performance.now();
      const res = await api.call('/api/search_data', params(value));
      out.get(value)!.samples.push(performance.now() - start);
      if (res.body.result?.result?.length !== 10) throw new Error(`unexpected answer: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const api = await startTestApi();
  try {
    await writeBallast(2 * (LARGE - SMALL));
    const rows: (string | number)[][] = [];
    const measured: Record<string, Record<number, number>> = Object.fromEntries(Object.keys(SEARCHES).map((v) => [v, {}]));
    let loadSeconds = 0;
    for (const [size, from] of [[SMALL, 1], [LARGE, SMALL + 1]] as const) {
      const started = performance.now();
      await writeTags(from, size);
      loadSeconds += (performance.now() - started) / 1000;
      const results = await timeSearches(api, Object.keys(SEARCHES));
      for (const [value, { samples, calls, rounds }] of results) {
        measured[value]![size] = percentile(samples, 50);
        const matches = value === 'rare' ? 20 : value === 'common' ? size / 50 : size;
        const label = value.startsWith('order') ? `every record, ${value}` : `'${value}'`;
        const callText = Object.entries(calls).map(([c, n]) => `${n} ${c.replace(/Command$/, '')}`).join(', ');
        rows.push([size.toLocaleString('en'), `${label} (${matches.toLocaleString('en')} match)`, ms(percentile(samples, 50)), ms(percentile(samples, 90)), ms(percentile(samples, 99)), `${callText} in ${rounds} rounds`]);
      }
    }
    const ratio = (v: string) => (measured[v]![LARGE]! / measured[v]![SMALL]!).toFixed(2);
    report({
      title: "search_data: indexed equality and index order with limit 10, model of 1,000 vs 100,000 records",
      columns: ['records', 'search', 'p50', 'p90', 'p99', 'DynamoDB calls per search'],
      rows,
      notes: [
        `Ratio of medians, 100,000 / 1,000 records, measured in this run: ${Object.keys(SEARCHES).map((v) => `${ratio(v)} for ${v.startsWith('order') ? v : `'${v}'`}`).join(', ')}.`,
        `${RUNS} sequential calls per row through the local API Gateway (authorizer included), after ${WARM_UP} warm-up calls, the searches alternately; the same model grown from 1,000 to 100,000 records between the rows (${Math.round(loadSeconds)} s of BatchWriteItem).`,
        'Before the 1,000-record rows, as many items as the 99,000 records add were written under a key no search reads, so that both rows run on an equally warmed-up DynamoDB Local.',
        'The search reads one page of the name index (the 10 records and one more, to know there is a next page) and the 10 records: the same work at any model size. On a shared machine the latency ratio moves from run to run around 1; the calls and items read do not.',
        'Ordered by name, empty values come last ascending and first descending: the descending read asks for the empty entries (none here: names are required) and for the entries with a value at once, two Queries in one round. Either way it stops at the page.',
      ],
    });
  } finally {
    await api.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
