import { CatalogueError } from './errors';
import type { FieldDef, Model, ModelSpec } from './types';
import { integer, char, datetime } from './fields';

/** Field names the store keeps for itself on every record item. */
const RESERVED = new Set(['pk', 'sk', 'attachment_ids']);

/** Fields every model has, whatever its file says. */
const BASE_FIELDS: Record<string, FieldDef> = {
  id: integer({ readonly: true, label: 'ID' }),
  display_name: char({ readonly: true, label: 'Display name' }),
  create_date: datetime({ readonly: true, label: 'Created on' }),
  write_date: datetime({ readonly: true, label: 'Last updated on' }),
};

export interface Catalogue {
  readonly models: ReadonlyMap<string, Model>;
  /** Models removed on purpose: `migrate` deletes their records. */
  readonly retiredModels: readonly string[];
  /** The model of that name, or undefined. */
  get(name: string): Model | undefined;
}

export interface CatalogueOptions {
  /** Models removed on purpose. @default [] */
  retiredModels?: readonly string[];
}

/**
 * Builds the served catalogue from model files and checks that it holds together (every relation
 * points at a model, every one2many at a many2one back, every aggregate at a line field), so that a
 * mistake in a model file fails at start-up and in the tests, never in a request.
 */
export function buildCatalogue(specs: readonly ModelSpec[], options: CatalogueOptions = {}): Catalogue {
  const models = new Map<string, Model>();
  for (const spec of specs) {
    if (models.has(spec.name)) throw new CatalogueError(`model '${spec.name}' is defined twice`);
    models.set(spec.name, toModel(spec));
  }
  for (const model of models.values()) check(model, models);
  const retiredModels = options.retiredModels ?? [];
  for (const name of retiredModels) {
    if (models.has(name)) throw new CatalogueError(`model '${name}' is retired and defined`);
  }
  return catalogueOf(models, retiredModels);
}

/** A catalogue over models already checked (the models as served, see migration/view.ts). */
export function catalogueOf(models: ReadonlyMap<string, Model>, retiredModels: readonly string[]): Catalogue {
  return { models, retiredModels, get: (name) => models.get(name) };
}

function toModel(spec: ModelSpec): Model {
  for (const name of Object.keys(spec.fields)) {
    if (RESERVED.has(name) || name.startsWith('_') || name in BASE_FIELDS || !/^[a-z][a-z0-9_]*$/.test(name)) {
      throw new CatalogueError(`${spec.name}: '${name}' cannot be a field name`);
    }
  }
  const fields: Record<string, FieldDef> = { ...BASE_FIELDS, ...spec.fields };
  const indexed = Object.entries(fields)
    .filter(([, f]) => f.index || f.unique)
    .map(([name]) => name);
  const guarded = indexed.filter((name) => fields[name]!.unique);
  const companyField = fields.company_id;
  const retired = spec.retired ?? [];
  for (const name of retired) {
    if (name in fields) throw new CatalogueError(`${spec.name}: '${name}' is retired and still a field`);
  }
  return {
    name: spec.name,
    description: spec.description,
    recName: spec.recName ?? 'name',
    order: spec.order ?? 'id',
    fields,
    methods: spec.methods ?? {},
    indexed,
    // As built, the catalogue is served as declared; the stored records may lag it (migration/view.ts).
    guarded,
    building: [],
    maintained: { indexes: indexed, guards: guarded },
    retired,
    companyScoped: companyField?.type === 'many2one' && companyField.comodel === 'res.company',
    archivable: fields.active?.type === 'boolean',
    companyRecords: spec.companyRecords === true,
    shards: checkShards(spec),
  };
}

const MAX_SHARDS = 256;

function checkShards(spec: ModelSpec): number {
  const shards = spec.shards ?? 1;
  // A power of two, so that raising it splits every shard in two and a search merges few of them.
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS || (shards & (shards - 1)) !== 0) {
    throw new CatalogueError(`${spec.name}: shards must be a power of two from 1 to ${MAX_SHARDS}, not ${String(spec.shards)}`);
  }
  return shards;
}

function check(model: Model, models: Map<string, Model>): void {
  const where = (field: string) => `${model.name}.${field}`;
  for (const [name, field] of Object.entries(model.fields)) {
    if ((field.index || field.unique) && (field.type === 'one2many' || field.type === 'many2many' || field.type === 'text' || field.type === 'binary')) {
      throw new CatalogueError(`${where(name)}: a ${field.type} field cannot be indexed`);
    }
    if (field.type === 'many2one' || field.type === 'one2many' || field.type === 'many2many') {
      const comodel = models.get(field.comodel);
      if (!comodel) throw new CatalogueError(`${where(name)}: unknown model '${field.comodel}'`);
      if (field.type === 'one2many') {
        const inverse = comodel.fields[field.inverse];
        if (inverse?.type !== 'many2one' || inverse.comodel !== model.name) {
          throw new CatalogueError(`${where(name)}: '${field.comodel}.${field.inverse}' is not a many2one to '${model.name}'`);
        }
      }
    }
    if (field.type === 'binary' && model.fields[field.size]?.type !== 'integer') {
      throw new CatalogueError(`${where(name)}: its size field '${field.size}' is not an integer field`);
    }
    if ((field.type === 'integer' || field.type === 'float') && field.aggregate) {
      const over = model.fields[field.aggregate.over];
      if (over?.type !== 'one2many') throw new CatalogueError(`${where(name)}: '${field.aggregate.over}' is not a one2many`);
      const summed = models.get(over.comodel)?.fields[field.aggregate.field];
      if (summed?.type !== 'float' && summed?.type !== 'integer') {
        throw new CatalogueError(`${where(name)}: '${over.comodel}.${field.aggregate.field}' is not a number field`);
      }
    }
    if (field.convert && (field.type === 'one2many' || field.type === 'many2many' || field.type === 'binary')) {
      throw new CatalogueError(`${where(name)}: a ${field.type} field cannot declare a conversion`);
    }
    if ((field.type === 'integer' || field.type === 'float') && field.compute) {
      for (const dep of field.compute.depends) {
        if (!model.fields[dep]) throw new CatalogueError(`${where(name)}: depends on unknown field '${dep}'`);
      }
    }
  }
  if (!model.fields[model.recName]) throw new CatalogueError(`${model.name}: display field '${model.recName}' is not a field`);
}
