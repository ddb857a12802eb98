import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOG_FIELDS } from '../../shared/logs/types';
import { PARAM_NAMES, defaultText } from '../../shared/params/definitions';

const operatingPage = readFileSync(join(import.meta.dirname, '../../docs/operating.md'), 'utf8');
const section = (title: string) => operatingPage.slice(operatingPage.indexOf(`## ${title}\n`), operatingPage.indexOf('\n## ', operatingPage.indexOf(`## ${title}\n`) + 1));

test('docs/operating.md lists every operator parameter with its default, and no other', () => {
  const rows = [...section('Operator parameters').matchAll(/^\| ((?:`[a-z_]+`(?:, )?)+) \| `([^`]*)`/gm)];
  const documented = rows.flatMap((m) => [...m[1]!.matchAll(/`([a-z_]+)`/g)].map((n) => [n[1], m[2]]));
  assert.deepEqual(documented.sort(), PARAM_NAMES.map((name) => [name, defaultText(name)]).sort());
});

test('docs/operating.md describes every field of an API log, and no other', () => {
  const rows = [...section('API logs').matchAll(/^\| ((?:`[a-z_]+`(?:, )?)+) \|/gm)];
  const documented = rows.flatMap((m) => [...m[1]!.matchAll(/`([a-z_]+)`/g)].map((n) => n[1]));
  assert.deepEqual(documented.sort(), [...LOG_FIELDS].sort());
});
