/** The console's page as files: small, no build step, and nothing that turns text into HTML or code. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const dir = join(import.meta.dirname, '../../console/public');
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

test("the page's own code is under 100 KB, in files served as they are", () => {
  const bytes = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  assert.ok(bytes < 100 * 1024, `${bytes} bytes`);
  for (const f of files) assert.match(f, /\.(html|js|css|svg)$/, f);
});

test('no script puts text into the page as HTML or runs text as code', () => {
  for (const f of files.filter((name) => name.endsWith('.js'))) {
    assert.doesNotMatch(read(f), /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(\s*['"`]/, f);
  }
});

test('the HTML has no inline script, style or event handler, and loads nothing from elsewhere', () => {
  const html = read('index.html');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i);
  for (const f of files.filter((name) => name.endsWith('.js'))) assert.doesNotMatch(read(f), /from ['"](https?:)?\/\//, f);
});
