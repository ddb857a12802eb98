import { functionLogLines } from '../support/function-logs';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiLogNotWrittenPattern } from '../../infra/alarms';
import { API_LOG_NOT_WRITTEN } from '../../shared/observability';
import { dynamoClient } from '../../shared/store/client';
import { RECORDED_PARTITION } from '../../shared/store/keys';
import { useTestApi } from '../support/api';
import { injectFault } from '../support/faults';

const api = useTestApi();

/** Resolves once `count` callers have waited on it: every held call is let go together. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

describe("the functions' own log lines", () => {
  test('concurrent requests of two routes each log under their own function name and request id (correlation_id)', async () => {
    const perRoute = 6;
    const calls = [
      ...Array.from({ length: perRoute }, () => ({ route: 'create_data', vals: { payload: { name: 'Logged' } } })),
      ...Array.from({ length: perRoute }, () => ({ route: 'search_data', vals: { payload: { search_field: ['name'] } } })),
    ];
    // Every request's first records call fails as a bug would, once all the requests have made
    // one: by then each has set up its function's log context, and each then logs its failure.
    // The recorded catalogue's read is left alone: concurrent requests share one (per container).
    const records = api.resources.recordsTable;
    const ownCall = (input: unknown) => JSON.stringify(input).includes(records) && !JSON.stringify(input).includes(RECORDED_PARTITION);
    const heal = injectFault(dynamoClient, (_command, input) => ownCall(input), 'crash', {
      before: barrier(calls.length),
    });
    try {
      const { result, lines } = await functionLogLines(() =>
        Promise.all(calls.map(async ({ route, vals }) => {
          const answer = await api.call(`/api/${route}`, { model: 'res.partner', vals });
          return { route, status: answer.status, requestId: answer.headers.get('x-amzn-requestid')! };
        })),
      );
      assert.deepEqual(result.map((r) => r.status), calls.map(() => 500));
      const failures = lines.filter((line) => line.message === 'Unhandled error');
      assert.equal(failures.length, calls.length);
      for (const line of failures) {
        const request = result.find((r) => r.requestId === line.requestId);
        assert.ok(request, `a request of this test: ${JSON.stringify(line)}`);
        assert.equal(line.function_name, request.route, JSON.stringify(line));
        assert.equal(line.function_request_id, request.requestId, JSON.stringify(line));
        assert.equal(line.correlation_id, request.requestId, JSON.stringify(line));
      }
    } finally {
      heal();
    }
  });

  test('an API log that cannot be written leaves the answer alone, and logs the line its alarm counts, with the request id', async () => {
    const logs = api.resources.logsTable;
    const heal = injectFault(dynamoClient, (command, input) => command.startsWith('Put') && JSON.stringify(input).includes(logs), 'ServiceUnavailable');
    try {
      const { result, lines } = await functionLogLines(() => api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Unlogged' } } }));
      assert.equal(result.body.result.is_success, true);
      const requestId = result.headers.get('x-amzn-requestid');
      const line = lines.find((l) => l.message === API_LOG_NOT_WRITTEN);
      assert.ok(line, JSON.stringify(lines));
      // The alarm's metric filter reads the line's top-level message (infra/alarms.ts).
      assert.equal(apiLogNotWrittenPattern().logPatternString, `{ $.message = "${line.message}" }`);
      assert.equal(line.level, 'ERROR');
      assert.equal(line.correlation_id, requestId);
      assert.equal(line.function_name, 'create_data');
    } finally {
      heal();
    }
  });

  test('an authorizer that fails logs why, under the request id the caller reads in its 500', async () => {
    const auth = api.resources.authTable;
    const heal = injectFault(dynamoClient, (_command, input) => JSON.stringify(input).includes(auth), 'crash');
    try {
      const { result, lines } = await functionLogLines(() => api.call('/api/search_data', { model: 'res.partner', vals: {} }));
      assert.equal(result.status, 500);
      assert.equal(result.body.error.data.code, 'INTERNAL');
      const requestId = result.headers.get('x-amzn-requestid');
      const line = lines.find((l) => l.message === 'Unhandled error');
      assert.ok(line, JSON.stringify(lines));
      assert.equal(line.function_name, 'authorizer');
      assert.equal(line.correlation_id, requestId);
      assert.match(JSON.stringify(line.error), /injected bug/);
    } finally {
      heal();
    }
  });

  test("the console's function logs a failure under its own name and the request id the caller reads", async () => {
    const auth = api.resources.authTable;
    const heal = injectFault(dynamoClient, (_command, input) => JSON.stringify(input).includes(auth), 'crash');
    try {
      const { result, lines } = await functionLogLines(() =>
        fetch(`${api.url}/console/api/login`, {
          method: 'POST',
          headers: { origin: api.url, 'content-type': 'application/json' },
          body: JSON.stringify({ login: 'someone', password: 'anything at all' }),
        }),
      );
      assert.equal(result.status, 500);
      const requestId = result.headers.get('x-amzn-requestid');
      assert.ok(requestId);
      const line = lines.find((l) => l.message === 'Unhandled error');
      assert.ok(line, JSON.stringify(lines));
      assert.equal(line.function_name, 'console');
      assert.equal(line.correlation_id, requestId);
    } finally {
      heal();
    }
  });
});
