/**
 * What authentication costs: a password hash, a login (right, wrong, unknown login: the last two
 * must cost the same), and the authorizer's decision with and without its container cache.
 */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorize } from '../../shared/auth/authorize';
import { generateKey, newKeyId, saveKey } from '../../shared/auth/keys';
import { hashPassword } from '../../shared/auth/passwords';
import { startTestApi } from '../support/api';
import { createUser, login } from '../support/auth';
import { watchAllCalls } from '../support/sdk-calls';
import { ms, percentile, report } from './support';

const N = 20;
// Logins follow each other as fast as they go: the login route's throttle would only answer 429.
const api = await startTestApi({ openRouteThrottle: { rateLimit: 100_000, burstLimit: 100_000 } });

async function sample(fn: (i: number) => Promise<unknown>, n = N): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    times.push(performance.now() - start);
  }
  return times;
}
const sample1 = (fn: () => Promise<unknown>) => sample(fn, 1);

const row = (what: string, times: number[], calls: number | string) => [what, ms(percentile(times, 50)), ms(percentile(times, 95)), calls];

const hashes = await sample(() => hashPassword('a bench password'));
await createUser('bench', 'a bench password', { companyId: 1 });
// Four free failures per login name: each wrong attempt uses a login of its own, so none is locked.
await Promise.all(Array.from({ length: N }, (_, i) => createUser(`bench-${i}`, 'a bench password', { companyId: 1 })));
const good = await sample(() => login(api, { db: 'webhook', login: 'bench', password: 'a bench password' }));
// Interleaved, so that the machine's load falls on both alike.
const wrong: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < N; i++) {
  wrong.push(...(await sample1(() => login(api, { db: 'webhook', login: `bench-${i}`, password: 'wrong password' }))));
  unknown.push(...(await sample1(() => login(api, { db: 'webhook', login: `nobody-${i}`, password: 'a bench password' }))));
}
const callsOf = async (fn: () => Promise<unknown>) => (await watchAllCalls(fn)).calls.length;
const loginCalls = await callsOf(() => login(api, { db: 'webhook', login: 'bench', password: 'a bench password' }));
const wrongCalls = await callsOf(() => login(api, { db: 'webhook', login: 'bench', password: 'wrong password' }));
const unknownCalls = await callsOf(() => login(api, { db: 'webhook', login: 'nobody', password: 'a bench password' }));

const keys = await Promise.all(
  Array.from({ length: N }, async () => {
    const key = generateKey();
    const keyId = newKeyId();
    await saveKey(key, { keyId, principal: { name: 'bench', id: `key:${keyId}`, companyId: 1, allowedCompanyIds: [1] }, createdAt: new Date().toISOString() });
    return key;
  }),
);
const event = (key: string) => ({ type: 'REQUEST', methodArn: 'arn:aws:execute-api:r:1:api/prod/POST/api/create_data', headers: { 'x-api-key': key } }) as unknown as APIGatewayRequestAuthorizerEvent;
const firstReads = await sample((i) => authorize(event(keys[i]!)));
const cachedReads = await sample((i) => authorize(event(keys[i]!)));
const cachedCalls = await callsOf(() => authorize(event(keys[0]!)));

report({
  title: 'Authentication',
  columns: ['what', 'p50', 'p95', 'DynamoDB calls'],
  rows: [
    row('scrypt hash of a password (N=2^15, r=8, p=1)', hashes, 0),
    row('login, right password', good, loginCalls),
    row('login, wrong password', wrong, wrongCalls),
    row('login, unknown login (dummy hash)', unknown, unknownCalls),
    row('authorizer, key not yet cached', firstReads, 1),
    row('authorizer, key cached (AUTH_CACHE_SECONDS)', cachedReads, cachedCalls),
  ],
  notes: [
    `${N} samples each, over HTTP through the local API Gateway for logins, in-process for the authorizer.`,
    'A wrong password and an unknown login should cost the same: both check one scrypt hash.',
  ],
});
await api.stop();
