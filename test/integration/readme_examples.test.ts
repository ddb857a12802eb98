/**
 * The README's examples run as written on a fresh stack (this file's own tables): each `curl` of
 * "Run it, test it" answers what its comment shows, and the request of "The routes" succeeds
 * after them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { useTestApi } from '../support/api';

const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
const section = (title: string) => readme.slice(readme.indexOf(`## ${title}\n`), readme.indexOf('\n## ', readme.indexOf(`## ${title}\n`) + 1));

const api = useTestApi();

test("the first examples answer, on a fresh stack, what the README's comments show", async () => {
  const examples = [...section('Run it, test it').matchAll(/curl -s http:\/\/127\.0\.0\.1:3000(\S+) \\\n[^\n]*\n\s+-d '([^']*)'\n# (.*)/g)];
  assert.equal(examples.length, 3);
  for (const [, route, body, answer] of examples) {
    const res = await api.post(route!, body!, { authorization: `Bearer ${api.key}` });
    assert.deepEqual(res.body, JSON.parse(answer!), body);
  }

  const [, routesExample] = /```json\n(\{"jsonrpc"[^`]*)```/.exec(section('The routes'))!;
  const res = await api.post('/api/create_data', routesExample!, { authorization: `Bearer ${api.key}` });
  assert.equal(res.body.result?.is_success, true, JSON.stringify(res.body));
});
