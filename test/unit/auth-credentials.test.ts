import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCookie, readCredentials } from '../../shared/auth/credentials';

test('a Bearer token or an x-api-key header is a key, header names in any case', () => {
  assert.deepEqual(readCredentials({ Authorization: 'Bearer whk_a' }), { kind: 'key', key: 'whk_a' });
  assert.deepEqual(readCredentials({ authorization: '  bearer   whk_a ' }), { kind: 'key', key: 'whk_a' });
  assert.deepEqual(readCredentials({ 'X-API-Key': ' whk_b ' }), { kind: 'key', key: 'whk_b' });
});

test('an Authorization header that is not one Bearer token is malformed, whatever else is sent', () => {
  for (const authorization of ['Basic dXNlcjpwdw==', 'Bearer', 'Bearer a b', 'whk_a']) {
    assert.deepEqual(readCredentials({ authorization, 'x-api-key': 'whk_b', cookie: 'session_id=s' }), { kind: 'malformed' }, authorization);
  }
});

test('the session_id cookie is a session, read among other cookies and from repeated Cookie headers', () => {
  assert.deepEqual(readCredentials({ cookie: 'theme=dark; session_id=abc; lang=en' }), { kind: 'session', sessionId: 'abc' });
  assert.deepEqual(readCredentials({ Cookie: 'session_id="abc"' }), { kind: 'session', sessionId: 'abc' });
  assert.deepEqual(readCredentials({ cookie: 'b=2' }, { Cookie: ['a=1', 'session_id=xyz'] }), { kind: 'session', sessionId: 'xyz' });
});

test('a key wins over a session cookie', () => {
  assert.deepEqual(readCredentials({ 'x-api-key': 'whk_a', cookie: 'session_id=abc' }), { kind: 'key', key: 'whk_a' });
});

test('no credentials, or only empty ones, are none', () => {
  for (const headers of [undefined, null, {}, { authorization: '  ' }, { 'x-api-key': '' }, { cookie: 'session_id=; other_session_id=x' }]) {
    assert.deepEqual(readCredentials(headers), { kind: 'none' }, JSON.stringify(headers));
  }
});

test('a cookie name must match whole', () => {
  assert.equal(readCookie(['xsession_id=a; session_idx=b'], 'session_id'), undefined);
  assert.equal(readCookie(['a=b=c; session_id=d=e'], 'session_id'), 'd=e');
});
