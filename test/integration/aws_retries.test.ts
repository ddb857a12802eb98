import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStallProxy } from '../support/stall-proxy';

// The functions' DynamoDB client reaches DynamoDB through a proxy that holds the calls a rule
// picks, with a short attempt timeout. The shared code is imported only once the endpoint and the
// timeout are set.

const proxy = await startStallProxy(process.env.AWS_ENDPOINT_URL_DYNAMODB!);
process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
const ATTEMPT_MS = 1000;
process.env.DYNAMODB_ATTEMPT_TIMEOUT_MS = String(ATTEMPT_MS);
const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
const { startTestApi } = await import('../support/api');
const { unique } = await import('../support/records');
const { dynamo } = await import('../../shared/store');
const { getConfig } = await import('../../shared/config');

let api: Awaited<ReturnType<typeof startTestApi>>;
before(async () => {
  api = await startTestApi();
});
after(async () => {
  await api.stop();
  await proxy.stop();
});

test('fifty calls whose first attempts all time out at once are each retried: one call\'s retries do not use up another\'s', async () => {
  const CALLS = 50;
  const key = unique('RETRY');
  const picks = (target: string, body: string) => target === 'DynamoDB_20120810.GetItem' && body.includes(key);
  // Every first attempt is held past its timeout; the first retries are held until each call has
  // either sent its retry or given up, so that no retry succeeds before the last first attempt
  // failed (a retry that succeeds gives its share of the SDK's quota back).
  proxy.stall({ when: picks, hold: 'request', ms: 3 * ATTEMPT_MS, times: CALLS });
  const heldRetries = proxy.stall({ when: picks, hold: 'answer', times: CALLS });
  const base = proxy.picked();
  let failed = 0;
  const calls = Array.from({ length: CALLS }, () =>
    dynamo.send(new GetCommand({ TableName: getConfig().recordsTable, Key: { pk: key, sk: '0' } })).catch((error: unknown) => {
      failed++;
      throw error;
    }),
  );
  const settled = Promise.allSettled(calls);
  while (proxy.picked() - base - CALLS + failed < CALLS) await sleep(50);
  proxy.release();
  heldRetries();
  const results = await settled;
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  assert.deepEqual(errors, [], `${errors.length} of ${CALLS} calls were not retried`);
  await proxy.drained();
});
