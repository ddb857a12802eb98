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
const inside = (folder: string, path: string): boolean => relative(folder, path).split('/')[0] !== '..';
const outside = (...folders: string[]) => files.filter((f) => !folders.some((folder) => inside(folder, f.path)));
/** The imports by relative path, from files in the folders `from`, of targets that `allowed` refuses. */
function importsLeaving(from: readonly string[], allowed: (target: string) => boolean): string[] {
  return files
    .filter((f) => from.some((folder) => inside(folder, f.path)))
    .flatMap((f) => [...f.text.matchAll(/from '(\.[^']*)'/g)].map((m) => ({ file: f.path, target: join(dirname(f.path), m[1]!) })))
    .filter(({ target }) => !allowed(target))
    .map(({ file, target }) => `${file} imports ${target}`);
}

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
  assert.deepEqual(importsLeaving(['shared/catalogue'], (target) => inside('shared/catalogue', target)), []);
});

test("search_data's pure stages (domain, conditions, planner) import none of the stages that read", () => {
  const pure = ['domain', 'conditions', 'planner'].map((stage) => `shared/query/${stage}`);
  const reading = ['execution', 'output'].map((stage) => `shared/query/${stage}`);
  assert.deepEqual(importsLeaving(pure, (target) => !reading.some((folder) => inside(folder, target))), []);
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
