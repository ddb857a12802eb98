import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The console's page: plain files under `console/public/` (HTML, ES modules, CSS), served as they
 * are, with no build step. They are read once per container. In Lambda they sit beside the bundle
 * (`$LAMBDA_TASK_ROOT/console/public`, copied there when the CDK bundles the function); elsewhere
 * they are read from this checkout.
 */
export interface Asset {
  body: string;
  contentType: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const ASSETS_DIR = join(process.env.LAMBDA_TASK_ROOT ?? fileURLToPath(new URL('../..', import.meta.url)), 'console', 'public');

let assets: Map<string, Asset> | undefined;

/** The files by path under the console (`index.html`, `app.js`, `views/logs.js`). */
export function consoleAssets(dir = ASSETS_DIR): Map<string, Asset> {
  if (assets) return assets;
  assets = new Map();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const type = TYPES[extname(entry.name)];
    if (!entry.isFile() || !type) continue;
    const path = join(entry.parentPath, entry.name);
    const body = readFileSync(path, 'utf8');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    assets.set(relative(dir, path).split('\\').join('/'), { body, contentType: type, etag });
  }
  return assets;
}
