/**
 * What the API log costs a call, and what a listing costs as the logs table grows.
 */
import { listLogs, recordCall } from '../../shared/logs';
import { parseParams } from '../../shared/params';
import { startTestApi } from '../support/api';
import { watchCalls } from '../support/sdk-calls';
import { ms, percentile, report } from './support';

// Read when the first request reads its configuration: parameter changes below apply within 1 s.
process.env.PARAMS_CACHE_SECONDS = '1';

const api = await startTestApi();
const settle = () => new Promise((r) => setTimeout(r, 1300));
const N = 60;

async function measure(label: string, payload: Record<string, unknown>) {
  const times: number[] = [];
  let logCalls = 0;
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    const { calls } = await watchCalls(() => api.call('/api/create_data', { model: 'res.partner', vals: { payload } }), { includeLogs: true });
    times.push(performance.now() - start);
    logCalls += calls.filter((c) => c.tables.includes(process.env.LOGS_TABLE!)).length;
  }
  return [label, ms(percentile(times, 50)), ms(percentile(times, 95)), (logCalls / N).toFixed(1)];
}

const small = { name: 'Bench' };
const large = { name: 'Bench', street: 'x'.repeat(3000) };
// Warm-up: connections, code paths and the parameter cache, before any measurement.
for (let i = 0; i < 20; i++) await api.call('/api/create_data', { model: 'res.partner', vals: { payload: small } });
await api.setParam('create_data_log', 'false');
await settle();
const rows = [await measure('log off', small)];
await api.setParam('create_data_log', 'true');
await settle();
rows.push(await measure('log on, previews whole', small), await measure('log on, 3 KB request spilled to S3', large));
report({
  title: 'API log cost per create_data call',
  columns: ['case', 'p50', 'p95', 'log table calls'],
  rows,
  notes: [
    `${N} sequential calls each, over HTTP through the local API Gateway; the log is written after the answer is made and before the function returns.`,
    'The spilled case adds one S3 PutObject before the PutItem (not a DynamoDB call, so not counted in the last column).',
    'On a shared 2-core machine the differences between rows are within its noise: read the call counts.',
  ],
});

const params = parseParams({}).params;
const principal = { name: 'bench', id: 'key:bench', companyId: 1, allowedCompanyIds: 'all' as const };
const listingRows: (string | number)[][] = [];
let written = 0;
for (const size of [200, 2000]) {
  for (; written < size; written += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordCall(
          {
            functionName: 'create_data',
            startedAt: Date.now() - i,
            finishedAt: Date.now(),
            principal,
            requestId: `bench-${written + i}`,
            sourceIp: '127.0.0.1',
            replayOf: null,
            request: { model: (written + i) % 10 === 0 ? 'sale.order' : 'res.partner', vals: {} },
            response: { statusCode: 200, body: '{}' },
            ...((written + i) % 20 === 0 ? { error: new Error('bench') } : { resIds: [1] }),
            rollbackExcept: true,
          },
          params,
        ),
      ),
    );
  }
  for (const [label, filter] of [
    ['newest 50', {}],
    ['newest 50 failed', { state: 'failed' as const }],
    ['newest 50 of sale.order', { model: 'sale.order' }],
  ] as const) {
    const start = performance.now();
    const { calls } = await watchCalls(
      async () => {
        let n = 0;
        for await (const _ of listLogs(filter, { limit: 50 })) n++;
      },
      { includeLogs: true },
    );
    listingRows.push([size, label, calls.length, calls.filter((c) => c.command !== 'QueryCommand').length, ms(performance.now() - start)]);
  }
}
report({
  title: 'Listing API logs as the table grows',
  columns: ['logs in table', 'listing', 'Queries', 'other calls (Scan...)', 'time'],
  rows: listingRows,
  notes: ['A listing reads one page of each of the 8 shards at once, then a shard\'s next page only when the merge needs it: its cost follows the limit, not the table.'],
});
await api.stop();
process.exit(0);
