/**
 * The authorizer's contract with API Gateway, called as API Gateway calls it (a REQUEST event), with
 * the container cache on as in AWS (60 s; the tests pass the time of each decision).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authorize } from '../../shared/auth/authorize';
import { generateKey, hashKey, newKeyId, revokeKey, saveKey } from '../../shared/auth/keys';
import { newSessionId } from '../../shared/auth/sessions';
import { newUsageKey } from '../../shared/auth/users';
import { useTestApi } from '../support/api';
import { saveUserSession } from '../support/auth';
import { countBy, watchAllCalls } from '../support/sdk-calls';

process.env.AUTH_CACHE_SECONDS = '60';

// This file's tables: the keys and sessions the authorizer reads.
useTestApi();

/** What API Gateway accepts as an API key's value, which a usage identifier must be. */
const API_KEY_VALUE = /^[A-Za-z0-9]{20,128}$/;
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/POST/api/create_data';

function event(headers: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: METHOD_ARN,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

async function newKey(name: string) {
  const key = generateKey();
  const keyId = newKeyId();
  const principal = { name, id: `key:${keyId}`, companyId: 1, allowedCompanyIds: [1, 2], routes: ['create_data'] };
  await saveKey(key, { keyId, principal, createdAt: new Date().toISOString() });
  return { key, keyId, principal };
}

test("Allow carries the principal as JSON text and names the key's hash as the usage identifier, for every route of the stage", async () => {
  const { key, principal } = await newKey('shop');
  for (const headers of [{ Authorization: `Bearer ${key}` }, { 'X-Api-Key': key }] as Record<string, string>[]) {
    const decision = await authorize(event(headers));
    assert.equal(decision.principalId, principal.id);
    assert.deepEqual(JSON.parse(String(decision.context?.principal)), principal);
    assert.equal(decision.usageIdentifierKey, hashKey(key));
    assert.match(decision.usageIdentifierKey!, API_KEY_VALUE);
    assert.deepEqual(decision.policyDocument.Statement, [
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abcdef1234/prod/*' },
    ]);
  }
});

test("a session is allowed as its user and metered under the user's usage key", async () => {
  const sessionId = newSessionId();
  const usageKey = newUsageKey();
  const principal = { name: 'Shop', id: 'user:shop', companyId: 1, allowedCompanyIds: [1] };
  const expiresAt = Math.floor(Date.now() / 1000) + 60;
  await saveUserSession(sessionId, { login: 'shop', uid: 2, principal, usageKey, createdAt: new Date().toISOString(), expiresAt });
  const decision = await authorize(event({ Cookie: `session_id=${sessionId}` }));
  assert.equal(decision.principalId, 'user:shop');
  assert.equal(decision.usageIdentifierKey, usageKey);
  assert.match(decision.usageIdentifierKey!, API_KEY_VALUE);
});

test('Deny carries the message the caller reads in context.message', async () => {
  const cases: [Record<string, string>, string][] = [
    [{}, 'User not authenticated, use the "Authorization" header'],
    [{ authorization: 'Bearer whk_unknown' }, 'Invalid apikey'],
    [{ authorization: 'Token abc' }, 'Invalid apikey'],
    [{ cookie: `session_id=${newSessionId()}` }, 'Session expired'],
  ];
  for (const [headers, message] of cases) {
    const decision = await authorize(event(headers));
    assert.equal(decision.policyDocument.Statement[0]!.Effect, 'Deny');
    assert.equal(decision.context?.message, message);
    assert.equal(decision.usageIdentifierKey, undefined);
  }
});

test('a key costs one GetItem, then none while its read is cached', async () => {
  const { key } = await newKey('counted');
  const first = await watchAllCalls(() => authorize(event({ 'x-api-key': key })));
  assert.deepEqual(countBy(first.calls), { GetItemCommand: 1 });
  const second = await watchAllCalls(() => authorize(event({ 'x-api-key': key })));
  assert.equal(second.result.policyDocument.Statement[0]!.Effect, 'Allow');
  assert.deepEqual(second.calls, []);
});

test('a revoked key keeps working in a warm container for at most AUTH_CACHE_SECONDS, then is refused', async () => {
  const { key, keyId } = await newKey('cached');
  const start = Date.now();
  const at = (seconds: number) => new Date(start + seconds * 1000);
  assert.equal((await authorize(event({ 'x-api-key': key }), at(0))).policyDocument.Statement[0]!.Effect, 'Allow');
  await revokeKey(keyId, new Date());
  assert.equal((await authorize(event({ 'x-api-key': key }), at(59))).policyDocument.Statement[0]!.Effect, 'Allow', 'read from the cache');
  const decision = await authorize(event({ 'x-api-key': key }), at(60));
  assert.equal(decision.policyDocument.Statement[0]!.Effect, 'Deny');
  assert.equal(decision.context?.message, 'Invalid apikey');
});

test('an unknown key is not cached: a key saved right after a refusal works at once', async () => {
  const key = generateKey();
  assert.equal((await authorize(event({ 'x-api-key': key }))).policyDocument.Statement[0]!.Effect, 'Deny');
  const keyId = newKeyId();
  await saveKey(key, { keyId, principal: { name: 'late', id: `key:${keyId}`, companyId: 1, allowedCompanyIds: [1] }, createdAt: new Date().toISOString() });
  assert.equal((await authorize(event({ 'x-api-key': key }))).policyDocument.Statement[0]!.Effect, 'Allow');
});

test('a session past its expiry is refused even while cached', async () => {
  const sessionId = newSessionId();
  const principal = { name: 'Brief', id: 'user:brief', companyId: 1, allowedCompanyIds: [1] };
  const expiresAt = Math.floor(Date.now() / 1000) + 30;
  await saveUserSession(sessionId, { login: 'brief', uid: 3, principal, usageKey: newUsageKey(), createdAt: new Date().toISOString(), expiresAt });
  assert.equal((await authorize(event({ cookie: `session_id=${sessionId}` }))).policyDocument.Statement[0]!.Effect, 'Allow');
  const later = new Date((expiresAt + 1) * 1000);
  assert.equal((await authorize(event({ cookie: `session_id=${sessionId}` }), later)).policyDocument.Statement[0]!.Effect, 'Deny');
});

test('a session works until the second of its expiry and not at it, read or cached', async () => {
  const principal = { name: 'Exact', id: 'user:exact', companyId: 1, allowedCompanyIds: [1] };
  const expiresAt = Math.floor(Date.now() / 1000) + 30;
  const newSession = async () => {
    const sessionId = newSessionId();
    await saveUserSession(sessionId, { login: 'exact', uid: 4, principal, usageKey: newUsageKey(), createdAt: new Date().toISOString(), expiresAt });
    return { cookie: `session_id=${sessionId}` };
  };
  const effect = async (headers: Record<string, string>, ms: number) => (await authorize(event(headers), new Date(ms))).policyDocument.Statement[0]!.Effect;
  const cached = await newSession();
  assert.equal(await effect(cached, expiresAt * 1000 - 1), 'Allow', 'the last millisecond before its expiry');
  assert.equal(await effect(cached, expiresAt * 1000), 'Deny', 'its expiry, from the cache');
  const read = await newSession();
  const decision = await authorize(event(read), new Date(expiresAt * 1000));
  assert.deepEqual([decision.policyDocument.Statement[0]!.Effect, decision.context?.message], ['Deny', 'Session expired']);
});
