import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redact, redactText } from '../../shared/logs/redact';

// A backtracking pattern would take hours on the hostile texts: the test's timeout catches it.
test('an unparseable body is redacted in one pass, even a secret cut short and a hostile 6 MB text', { timeout: 120_000 }, () => {
  assert.equal(redactText('{"token" :\n "abc'), `{"token" :\n "${REDACTED}"`);
  assert.equal(redactText('{"a": "token", "b": "x"}'), '{"a": "token", "b": "x"}');
  // Escaped quotes, none closing: a backtracking pattern would rescan the rest from each of them.
  const hostile = [`{"password": ${'"\\"'.repeat(1_000_000)}`, `{"x": "${'\\"'.repeat(3_000_000)}`];
  for (const text of hostile) assert.equal(typeof redactText(text), 'string');
});

/** The names of secrets a log must never hold the value of. */
const SECRET_NAMES = [
  'password', 'x-api-key', 'api-key', 'api_key', 'apikey', 'pwd', 'pass', 'passphrase', 'secret', 'client_secret', 'private_key',
  'privateKey', 'token', 'access_token', 'refresh_token', 'bearer', 'auth', 'authorization', 'cookie', 'session', 'session_id',
  'sessionId', 'sid', 'otp', 'pin', 'signature', 'credentials',
];
/** Each in other spellings: upper case, `-` for `_` and back, a prefix. */
const spellings = (name: string): string[] => [name, name.toUpperCase(), name.replace(/_/g, '-'), name.replace(/-/g, '_'), `user_${name}`, `X-${name}`];

test('every secret name is redacted in any case, with - or _, at any depth, in a method context too', () => {
  for (const name of SECRET_NAMES) {
    for (const key of spellings(name)) {
      const request = { model: 'res.partner', vals: { payload: { method: 'm', context: { lang: 'th_TH', [key]: 'S3CRET-value' }, parameter: { deep: [{ [key]: 1234 }] } } } };
      const text = JSON.stringify(redact(request));
      assert.ok(!text.includes('S3CRET-value') && !text.includes('1234'), `${key}: ${text}`);
      assert.ok(text.includes('th_TH'), 'the rest stays');
    }
  }
});

test('words that merely contain a short secret name stay: shipping, author, compass, inside, topping', () => {
  const request = { shipping: 'a', author: 'b', compass: 'c', inside: 'd', topping: 'e', passenger: 'f', pinned: 'g', spin: 'h', name: 'i', email: 'j' };
  assert.deepEqual(redact(request), request);
});

test('raw bodies are redacted in their name=value, name: value and quoted forms, for every secret name', () => {
  for (const name of SECRET_NAMES) {
    for (const key of spellings(name)) {
      const forms = [
        `login=shop&${key}=S3CRET-value&x=1`,
        `${key}: S3CRET value with spaces\nnext: line`,
        `{'login': 'shop', '${key}': 'S3CRET-value'}`,
        `{"login": "shop", "${key}": "S3CRET-value", "cut`,
        `{"${key}": 123456789, "x": 1}`,
        `{'${key}': {'user': 'u', 'value': 'S3CRET-value'}, 'x': 1}`,
        `${key} = "S3CRET-value"`,
      ];
      for (const form of forms) {
        const out = redactText(form);
        assert.ok(!out.includes('S3CRET') && !out.includes('123456789'), `${JSON.stringify(form)} -> ${JSON.stringify(out)}`);
      }
    }
  }
  assert.equal(redactText('login=shop&password=hunter2&x=1'), `login=shop&password=${REDACTED}&x=1`);
  assert.equal(redactText('Authorization: Bearer abc.def\nAccept: */*'), `Authorization: ${REDACTED}\nAccept: */*`);
  assert.equal(redactText("{'pin': '1234', 'note': \"it's fine\"}"), `{'pin': '${REDACTED}', 'note': "it's fine"}`);
  assert.equal(redactText('{"auth": {"user": "u", "key": "k"}, "name": "x"}'), `{"auth": ${REDACTED}, "name": "x"}`);
  assert.equal(redactText("it's the session: abc"), `it's the session: ${REDACTED}`);
});

test('a __proto__ key in a request stays a plain key when redacted', () => {
  const copy = redact(JSON.parse('{"__proto__": {"password": "p"}}')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.keys(copy), ['__proto__']);
});
