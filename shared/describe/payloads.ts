import type { Catalogue, FieldDef, Model } from '../catalogue';
import { BASE64_WITH_WHITESPACE } from '../resolver/attachments';
import { scalarSchema, type JsonSchema } from '../resolver/convert';
import { MAX_SEARCH_KEY_VALUES } from '../operations/limits';

/**
 * JSON Schemas of what the write routes read, per model, built from the catalogue and the
 * resolver's own value schemas (resolver/convert.ts), in the shapes the resolver reads
 * (resolver/payload.ts): one component per model and kind, `$ref`-ed from the routes.
 *
 *   Create.<model>            vals.payload of create_data: required fields required
 *   Write.<model>             vals.payload of update_data: any writable field
 *   Line.<model>.<one2many>   a line of that one2many: a new record, without the field that points back
 *   Lookup.<model>            a many2one value: an id, {"id": n} or {"<indexed field>": value}
 *   SearchKey.<model>         vals.search_key: indexed fields (or paths through many2one fields)
 *   ResultField.<model>       vals.result_field
 */
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** `null` and `false` clear a field that may be cleared. */
const CLEAR: JsonSchema = { enum: [null, false], description: 'clears the field' };
const ID: JsonSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };

export const ATTACHMENT: JsonSchema = {
  type: 'object',
  description: 'A file stored in S3, linked to the record of this level by an `ir.attachment` record.',
  required: ['name', 'datas'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, pattern: '\\S' },
    datas: { type: 'string', minLength: 1, pattern: BASE64_WITH_WHITESPACE, contentEncoding: 'base64', description: 'the bytes, base64' },
    mimetype: {
      type: ['string', 'null'],
      description: 'else guessed from the name\'s extension, else `application/octet-stream`',
    },
  },
};

/** `[...]` (replace) or `{"mode": "add"|"replace", "records": [...]}`; null or false clear. */
function modeList(item: JsonSchema, what: string): JsonSchema {
  return {
    description: `${what}: a list (replace) or {"mode": "add"|"replace", "records": [...]}; null or false clear`,
    anyOf: [
      { type: 'array', items: item },
      {
        type: 'object',
        additionalProperties: false,
        properties: { mode: { enum: ['add', 'replace', null], default: 'replace' }, records: { type: ['array', 'null'], items: item } },
      },
      CLEAR,
    ],
  };
}

/** A value of a writable field, as readRecord takes it. */
function valueSchema(model: Model, name: string, field: FieldDef): JsonSchema {
  const description = field.label ?? name;
  switch (field.type) {
    case 'many2one':
      return { description, ...(field.required ? ref(`Lookup.${field.comodel}`) : { anyOf: [ref(`Lookup.${field.comodel}`), CLEAR] }) };
    case 'many2many':
      return modeList(ref(`Lookup.${field.comodel}`), `${description}: records of '${field.comodel}'`);
    case 'one2many':
      return modeList(ref(`Line.${model.name}.${name}`), `${description}: lines of '${field.comodel}'`);
    default: {
      const scalar = { description, ...scalarSchema(field, model.indexed.includes(name)) };
      return field.required ? scalar : { anyOf: [scalar, CLEAR] };
    }
  }
}

/** Fields a payload may set: neither readonly (computed, kept by the system) nor file contents. */
const writable = (model: Model, skip?: string): [string, FieldDef][] =>
  Object.entries(model.fields).filter(([name, f]) => !f.readonly && f.type !== 'binary' && name !== skip);

/** A record's payload: `required` for a new record, `skip` the field a line's parent fills in. */
function recordSchema(model: Model, options: { create: boolean; skip?: string; description: string }): JsonSchema {
  const fields = writable(model, options.skip);
  const required = options.create ? fields.filter(([, f]) => f.required && f.default === undefined).map(([n]) => n) : [];
  return {
    type: 'object',
    description: options.description,
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(fields.map(([name, f]) => [name, valueSchema(model, name, f)])),
      attachment_ids: { anyOf: [{ type: 'array', items: ref('Attachment') }, CLEAR] },
    },
    ...(required.length > 0 ? { required } : {}),
  };
}

const SAFE_INTEGER: JsonSchema = { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

/** A value a lookup compares with: never empty; an id, or any id a many2one may hold. */
function keyValueSchema(model: Model, name: string): JsonSchema {
  const field = model.fields[name]!;
  if (name === 'id') return ID;
  if (field.type === 'many2one') return SAFE_INTEGER;
  const schema = scalarSchema(field, true);
  return schema.type === 'string' ? { ...schema, minLength: 1 } : schema;
}

/** A value a search_key compares with: any safe integer for ids, a value of the field otherwise. */
function searchKeyValueSchema(model: Model, name: string): JsonSchema {
  const field = model.fields[name]!;
  return name === 'id' || field.type === 'many2one' ? SAFE_INTEGER : scalarSchema(field, true);
}

const keyFields = (model: Model): string[] => ['id', ...model.indexed.filter((n) => n !== 'id')];

function lookupSchema(model: Model): JsonSchema {
  return {
    description: `A '${model.name}' record: its id, or exactly one of its indexed fields (${keyFields(model).join(', ')}) with the value to look up`,
    anyOf: [
      ID,
      {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        additionalProperties: false,
        properties: Object.fromEntries(keyFields(model).map((n) => [n, keyValueSchema(model, n)])),
      },
    ],
  };
}

function searchKeySchema(model: Model): JsonSchema {
  const oneOrList = (value: JsonSchema): JsonSchema => ({
    anyOf: [value, { type: 'array', minItems: 1, maxItems: MAX_SEARCH_KEY_VALUES, items: value }],
  });
  return {
    type: 'object',
    description:
      'Indexed fields (or paths through indexed many2one fields, such as `partner_id.ref`): a value means `=`, a list `in`; every key must match.' +
      (model.archivable ? ' `active` reaches archived records.' : ''),
    minProperties: 1,
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(keyFields(model).map((n) => [n, oneOrList(searchKeyValueSchema(model, n))])),
      ...(model.archivable ? { active: { type: 'boolean' } } : {}),
    },
    patternProperties: { '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$': { description: 'a path through many2one fields' } },
  };
}

function resultFieldSchema(model: Model): JsonSchema {
  const name = { enum: Object.keys(model.fields).filter((n) => model.fields[n]!.type !== 'binary') };
  return { description: 'Fields returned with the id, rendered as search_data renders them', anyOf: [name, { type: 'array', items: name }] };
}

/**
 * `vals.auto_create`: keyed by the name of a many2one or many2many field of any model, the record
 * to create (a payload of the related model; the lookup value is added to it) or, for a
 * many2many, a list of them.
 */
function autoCreateSchema(catalogue: Catalogue): JsonSchema {
  const comodels = new Map<string, Set<string>>();
  for (const model of catalogue.models.values()) {
    for (const [name, f] of Object.entries(model.fields)) {
      if (f.type === 'many2one' || f.type === 'many2many') comodels.set(name, (comodels.get(name) ?? new Set()).add(f.comodel));
    }
  }
  const template = (models: Set<string>): JsonSchema => {
    const one = [...models].map((m) => ref(`Write.${m}`));
    const single = one.length === 1 ? one[0]! : { anyOf: one };
    return { anyOf: [single, { type: 'array', items: single }] };
  };
  return {
    type: 'object',
    description: 'Records to create when a lookup of that field finds nothing',
    additionalProperties: false,
    properties: Object.fromEntries([...comodels].map(([name, models]) => [name, template(models)])),
  };
}

/** The payload components of every model of the catalogue. */
export function payloadSchemas(catalogue: Catalogue): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { Attachment: ATTACHMENT, AutoCreate: autoCreateSchema(catalogue) };
  for (const model of catalogue.models.values()) {
    out[`Create.${model.name}`] = recordSchema(model, { create: true, description: `A new '${model.name}' record (${model.description})` });
    out[`Write.${model.name}`] = recordSchema(model, { create: false, description: `Changes to a '${model.name}' record (${model.description})` });
    out[`Lookup.${model.name}`] = lookupSchema(model);
    out[`SearchKey.${model.name}`] = searchKeySchema(model);
    out[`ResultField.${model.name}`] = resultFieldSchema(model);
    for (const [name, f] of Object.entries(model.fields)) {
      if (f.type !== 'one2many') continue;
      out[`Line.${model.name}.${name}`] = recordSchema(catalogue.get(f.comodel)!, {
        create: true,
        skip: f.inverse,
        description: `A new line of '${model.name}.${name}' (a '${f.comodel}' record; '${f.inverse}' is filled in)`,
      });
    }
  }
  return out;
}
