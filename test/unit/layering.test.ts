import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import madge from 'madge';

const root = join(import.meta.dirname, '../..');

/** The TypeScript files of the code the functions run: lambdas/ and shared/. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = [...sources('lambdas'), ...sources('shared')].map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
const outside = (...folders: string[]) => files.filter((f) => !folders.some((folder) => relative(folder, f.path).split('/')[0] !== '..'));

test('the records table is reached only through the store', () => {
  const reaching = outside('shared/store').filter(
    (f) => /\brecordsTable\b/.test(f.text) && f.path !== 'shared/config.ts' && f.path !== 'shared/deployment.ts',
  );
  assert.deepEqual(reaching.map((f) => f.path), []);
  const keyLayout = outside('shared/store').filter((f) => /\b(recordPartition|recordKey|indexPartition|guardKey|counterKey)\b/.test(f.text));
  assert.deepEqual(keyLayout.map((f) => f.path), [], "the records table's key layout is the store's alone");
});

test('only the store, auth (its table) and logs (theirs) send DynamoDB commands', () => {
  const sending = outside('shared/store', 'shared/auth', 'shared/logs').filter(
    (f) => /from '@aws-sdk\/(lib-dynamodb|client-dynamodb)'/.test(f.text) || /import \{[^}]*\bdynamo(Client)?\b[^}]*\} from '[./]*\/?store(\/client)?'/.test(f.text),
  );
  assert.deepEqual(sending.map((f) => f.path), []);
});

test('the catalogue is data: it imports nothing of the product outside shared/catalogue', () => {
  const upward = files
    .filter((f) => relative('shared/catalogue', f.path).split('/')[0] !== '..')
    .flatMap((f) => [...f.text.matchAll(/from '(\.[^']*)'/g)].map((m) => `${f.path} imports ${join(dirname(f.path), m[1]!)}`))
    .filter((edge) => relative('shared/catalogue', edge.split(' imports ')[1]!).startsWith('..'));
  assert.deepEqual(upward, []);
});

test('no import cycle among the product files', async () => {
  const graph = await madge(
    ['shared', 'lambdas', 'cli', 'local', 'infra'].map((dir) => join(root, dir)),
    { baseDir: root, fileExtensions: ['ts'], tsConfig: join(root, 'tsconfig.json') },
  );
  assert.ok(graph.obj()['shared/catalogue/types.ts'], 'madge read the sources');
  // An import madge cannot follow could hide a cycle; the one it skips is a module the bundler makes.
  assert.deepEqual(graph.warnings().skipped, ['webhook-openapi-document']);
  assert.deepEqual(graph.circular(), []);
});
