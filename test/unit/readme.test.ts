import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MIN_PASSWORD_LENGTH } from '../../cli/password';
import { MAX_LOCK_SECONDS } from '../../shared/auth/login-failures';
import { MAX_PASSWORD_LENGTH } from '../../shared/auth/passwords';
import { ERROR_CODES } from '../../shared/envelope';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from '../../shared/envelope/jsonrpc';
import { MAX_IDEMPOTENCY_KEY_CHARS } from '../../shared/idempotency/key';
import { MAX_MODEL_CHARS, MAX_PREVIEW_CHARS } from '../../shared/logs/record';
import * as operationLimits from '../../shared/operations/limits';
import * as queryLimits from '../../shared/query/limits';
import { MAX_MIMETYPE_CHARS } from '../../shared/resolver/attachments';
import { MAX_FLOAT, MIN_FLOAT } from '../../shared/catalogue/parse';
import { MAX_LINE_DEPTH, MAX_LINES } from '../../shared/resolver/payload';
import { MAX_ROUNDS } from '../../shared/resolver/protocol';
import { MAX_INDEXED_VALUE_BYTES } from '../../shared/store/keys';
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

/** The limits a caller can reach: every one of the limits modules, and those kept beside their check. */
const LIMITS: Record<string, number> = {
  ...operationLimits,
  ...queryLimits,
  ...{ MAX_BODY_BYTES, MAX_JSON_DEPTH, MAX_LINE_DEPTH, MAX_LINES, MAX_INDEXED_VALUE_BYTES, MAX_MIMETYPE_CHARS, MAX_FLOAT, MIN_FLOAT },
  ...{ MAX_ROUNDS, MAX_IDEMPOTENCY_KEY_CHARS, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, MAX_LOCK_SECONDS, MAX_PREVIEW_CHARS, MAX_MODEL_CHARS },
};

/** `5,000 lines` is 5000, `10^-15` is 1e-15: the number a value cell starts with. */
const numberAtStart = (text: string): number => {
  const power = /^10\^(-?\d+)/.exec(text);
  return power ? Number(`1e${power[1]}`) : Number(/^[\d,]+/.exec(text)?.[0].replaceAll(',', '') ?? NaN);
};

test('docs/limits.md gives every limit its value in the code, and no other', () => {
  const limitsPage = readFileSync(join(import.meta.dirname, '../../docs/limits.md'), 'utf8');
  const rows = [...limitsPage.matchAll(/^\| [^|]+ \| ([^|]+) \| [^|]+ \| `([A-Z_]+)` \|$/gm)];
  const documented = rows.map((m) => `${m[2]} ${numberAtStart(m[1]!)}`);
  assert.deepEqual(documented.sort(), Object.entries(LIMITS).map(([name, value]) => `${name} ${value}`).sort());
});
