import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// The demo catalogue, or in a Lambda bundle the deployment's own module: the CDK stack points this
// specifier at the module named by its `catalogueModule` setting (an esbuild alias).
import * as bundled from '#catalogue';
import { CatalogueError } from './errors';
import { buildCatalogue, type Catalogue } from './registry';
import type { ModelSpec } from './types';

/** What a catalogue module exports. */
export interface CatalogueModule {
  models: readonly ModelSpec[];
  /** Models removed on purpose: `migrate` deletes their records. */
  retiredModels?: readonly string[];
}

/**
 * The module named by `CATALOGUE_MODULE` (a path, relative to the working directory), read by the
 * local stack, the CLI and the tests; without it, the bundled one.
 */
async function load(path: string | undefined): Promise<CatalogueModule> {
  if (!path) return bundled;
  const url = pathToFileURL(resolve(path)).href;
  let loaded: Partial<CatalogueModule>;
  try {
    loaded = (await import(url)) as Partial<CatalogueModule>;
  } catch (error) {
    throw new CatalogueError(`CATALOGUE_MODULE '${path}' cannot be loaded: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(loaded.models)) throw new CatalogueError(`CATALOGUE_MODULE '${path}' does not export 'models', a list of model specs`);
  const retired = loaded.retiredModels;
  if (retired !== undefined && !(Array.isArray(retired) && retired.every((m) => typeof m === 'string'))) {
    throw new CatalogueError(`CATALOGUE_MODULE '${path}': 'retiredModels' must be a list of model names`);
  }
  return loaded as CatalogueModule;
}

const module = await load(process.env.CATALOGUE_MODULE);

/** The catalogue this deployment runs. */
export const catalogue: Catalogue = buildCatalogue(module.models, { retiredModels: module.retiredModels ?? [] });
