import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERROR_CODES } from '../../shared/envelope';
import { valsKeys } from '../../shared/operations/keys';
import { LOGGED_ROUTES } from '../../shared/params/definitions';

test('docs/errors.md lists every error code with its HTTP status and meaning, and no other', () => {
  const errorsPage = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
  const rows = [...errorsPage.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.*) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
  const expected = Object.entries(ERROR_CODES).map(([code, e]) => [code, e.status, e.doc]);
  assert.deepEqual(rows.sort(), expected.sort());
});

test('docs/routes.md lists the keys of vals each route takes, as the code accepts them', () => {
  const routesPage = readFileSync(join(import.meta.dirname, '../../docs/routes.md'), 'utf8');
  const rows = [...routesPage.matchAll(/^\| `([a-z_]+)` \| ((?:`[a-z_]+`(?:, )?)+) \|$/gm)].filter((m) => m[2]!.includes('_data') || m[2]!.includes('call_function'));
  const documented = rows.flatMap((m) => [...m[2]!.matchAll(/`([a-z_]+)`/g)].map((r) => `${r[1]} ${m[1]}`));
  const accepted = LOGGED_ROUTES.flatMap((route) => valsKeys(route).map((key) => `${route} ${key}`));
  assert.deepEqual(documented.sort(), accepted.sort());
});
