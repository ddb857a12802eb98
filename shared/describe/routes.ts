import type { Catalogue, Model } from '../catalogue';
import type { JsonSchema } from '../resolver/convert';
import { rpcAnswer, success } from './envelope';
import { FIELD_ATTRIBUTES } from './fields';
import { parameterSchema } from './methods';
import { ref } from './payloads';

/** What the document says of one route, besides its errors (envelope.ts) and examples. */
export interface RouteDoc {
  summary: string;
  description: string;
  /** `params` of the JSON-RPC request (POST routes). */
  params?: JsonSchema;
  /** The answer's body: the JSON-RPC answer, or the document itself. */
  answer: JsonSchema;
}

/** An object with exactly these properties, `required` among them. */
const object = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required.length > 0 ? { required } : {}),
});

const DRY_RUN: JsonSchema = { type: ['boolean', 'null'], description: 'check everything, write nothing: the answer says what would be written' };
const MULTI: JsonSchema = { type: ['boolean', 'null'], description: 'the search_key may select several records' };
const ID: JsonSchema = { type: 'integer', minimum: 1 };

/** `params` of a route, one variant per model: `{"model": "<name>", "vals": {...}}`. */
function perModel(models: readonly Model[], vals: (model: Model) => JsonSchema): JsonSchema {
  return { oneOf: models.map((m) => object({ model: { const: m.name, description: m.description }, vals: vals(m) }, ['model', 'vals'])) };
}

/** A write route's success `result`: its own, or a dry run's. */
const written = (result: JsonSchema): JsonSchema => ({ anyOf: [result, ref('DryRun')] });

const updated = (extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  required: ['id', ...Object.keys(extra)],
  description: 'the id (a list with multi), the search_key as sent, and the result_field values',
  properties: { id: { anyOf: [ID, { type: 'array', items: ID }] }, ...extra },
});

/** Components the routes refer to, besides the payloads'. */
export function routeSchemas(catalogue: Catalogue): Record<string, JsonSchema> {
  const counts: JsonSchema = { type: 'object', additionalProperties: { type: 'integer', minimum: 1 }, description: 'records, by model' };
  return {
    DryRun: object(
      {
        dry_run: { const: true },
        would: object(
          {
            create: counts,
            update: counts,
            delete: counts,
            auto_create: {
              type: 'array',
              items: object({ model: { type: 'string' }, values: { type: 'object', description: 'its provisional id and values, stored form' } }, ['model', 'values']),
            },
            method: object({ name: { type: 'string' }, result: { description: 'what the method returned' } }, ['name', 'result']),
          },
          ['create', 'update', 'delete', 'auto_create'],
        ),
      },
      ['dry_run', 'would'],
    ),
    SearchPayload: object({
      search_domain: {
        description: "an Odoo domain: Python-literal text (`\"[('state', '=', 'sale')]\"`) or a JSON array",
        anyOf: [{ type: 'string' }, { type: 'array' }, { type: 'null' }],
      },
      search_field: { type: ['array', 'null'], items: { type: 'string' }, description: 'field names; `field{sub, sub2{subsub}}` expands a relation' },
      order: { type: ['string', 'null'], description: '`date_order desc, name`' },
      limit: { anyOf: [{ type: 'integer', minimum: 0 }, { enum: [null, false] }] },
      offset: { anyOf: [{ type: 'integer', minimum: 0 }, { enum: [null, false] }] },
      count: { type: ['boolean', 'null'], description: 'also answer `total`' },
    }),
    FieldDescription: {
      type: 'object',
      description: "A field as Odoo's fields_get describes it, plus `index` and `unique`",
      required: ['type', 'string'],
      properties: Object.fromEntries(
        FIELD_ATTRIBUTES.map((a) => [
          a,
          a === 'selection' ? { type: 'array', items: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'string' }] } }
            : a === 'digits' ? { type: 'array', items: { type: 'integer' } }
              : ['name', 'type', 'string', 'relation', 'relation_field'].includes(a) ? { type: 'string' }
                : { type: 'boolean' },
        ]),
      ),
    },
    MethodDescription: object(
      { description: { type: 'string' }, multi: { type: 'boolean' }, parameters: { type: 'object', description: "JSON Schema of 'parameter'" } },
      ['description', 'multi', 'parameters'],
    ),
    ...Object.fromEntries(
      [...catalogue.models.values()].flatMap((m) =>
        Object.entries(m.methods).map(([name, def]) => [`Parameters.${m.name}.${name}`, parameterSchema(def)]),
      ),
    ),
  };
}

/** Every route's document, by handler name. */
export function routeDocs(catalogue: Catalogue): Record<string, RouteDoc> {
  const models = [...catalogue.models.values()];
  const callable = models.filter((m) => Object.keys(m.methods).length > 0);
  const outcome = (result: JsonSchema, extra?: Record<string, JsonSchema>): JsonSchema =>
    rpcAnswer({ anyOf: [success(result, extra), ref('HandledFailure')] });
  const searchKeyVals = (m: Model, more: Record<string, JsonSchema>) =>
    object({ search_key: ref(`SearchKey.${m.name}`), payload: ref(`Write.${m.name}`), ...more }, ['search_key', 'payload']);
  const updateVals = (m: Model) =>
    searchKeyVals(m, { multi: MULTI, auto_create: ref('AutoCreate'), result_field: ref(`ResultField.${m.name}`), dry_run: DRY_RUN });

  return {
    create_data: {
      summary: 'Create a record',
      description: 'Creates one record with its lines, looked-up relations, auto-created records and attachments.',
      params: perModel(models, (m) =>
        object({ payload: ref(`Create.${m.name}`), auto_create: ref('AutoCreate'), result_field: ref(`ResultField.${m.name}`), dry_run: DRY_RUN }, ['payload']),
      ),
      answer: outcome(written({ type: 'object', required: ['id'], properties: { id: ID }, description: 'the id and the result_field values' })),
    },
    update_data: {
      summary: 'Update the records a search_key selects',
      description: 'Exactly one record must match, or several with `multi`. one2many: a list or `replace` replaces the lines, `add` appends.',
      params: perModel(models, updateVals),
      answer: outcome(written(updated())),
    },
    create_update_data: {
      summary: 'Update, or create when the search_key selects nothing',
      description: "With no match, creates the record from the payload and the search_key's equality values; concurrent identical calls create one record.",
      params: perModel(models, updateVals),
      answer: outcome(written(updated({ created: { type: 'boolean' } }))),
    },
    call_function: {
      summary: 'Call a method of the records a search_key selects',
      description: 'Only the methods registered for the model, with parameters checked against their schema.',
      params: perModel(callable, (m) =>
        object(
          {
            search_key: ref(`SearchKey.${m.name}`),
            payload: {
              oneOf: Object.keys(m.methods).map((name) =>
                object(
                  {
                    method: { const: name, description: m.methods[name]!.doc },
                    parameter: ref(`Parameters.${m.name}.${name}`),
                    context: { type: 'object', description: 'e.g. {"lang": "th_TH"}' },
                  },
                  ['method'],
                ),
              ),
            },
            dry_run: DRY_RUN,
          },
          ['search_key', 'payload'],
        ),
      ),
      answer: outcome({ description: "the method's return value (dates and records rendered as search_data renders them), or a dry run's answer" }),
    },
    search_data: {
      summary: 'Search records',
      description: 'Records matching an Odoo domain, ordered and paged, with the fields asked for.',
      params: object({ model: { enum: models.map((m) => m.name) }, vals: object({ payload: ref('SearchPayload') }) }, ['model', 'vals']),
      answer: outcome(
        { type: 'array', items: { type: 'object', required: ['id'], properties: { id: ID } } },
        { next_offset: { type: 'integer', description: 'when more records match' }, total: { type: 'integer', description: 'with count' } },
      ),
    },
    fields_get: {
      summary: "Describe a model (Odoo's fields_get), or list the models",
      description: "With a model: its fields keyed by name as Odoo's fields_get describes them (`vals.allfields` and `vals.attributes` narrow them), and beside them its methods with their parameters. Without: the models the caller may use.",
      params: object({
        model: { enum: models.map((m) => m.name) },
        vals: object({ allfields: { type: 'array', items: { type: 'string' } }, attributes: { type: 'array', items: { enum: [...FIELD_ATTRIBUTES] } } }),
      }),
      answer: outcome(
        {
          anyOf: [
            { type: 'object', additionalProperties: ref('FieldDescription'), description: 'the fields, by name' },
            { type: 'array', items: object({ model: { type: 'string' }, name: { type: 'string' } }, ['model', 'name']), description: 'the models' },
          ],
        },
        { methods: { type: 'object', additionalProperties: ref('MethodDescription') } },
      ),
    },
    openapi: {
      summary: 'This document',
      description: 'The OpenAPI 3.1 description of the API, generated from the catalogue. No credentials needed.',
      answer: { type: 'object', required: ['openapi', 'paths'], properties: { openapi: { const: '3.1.0' } } },
    },
    authenticate: {
      summary: 'Log in',
      description: "A user's login and password: Odoo-like session info and an HttpOnly `session_id` cookie that authenticates the other routes.",
      params: object({ db: { type: 'string' }, login: { type: 'string' }, password: { type: 'string', format: 'password' } }, ['db', 'login', 'password']),
      answer: rpcAnswer({
        type: 'object',
        required: ['uid', 'name', 'username', 'company_id', 'user_companies'],
        properties: { uid: { type: 'integer' }, name: { type: 'string' }, username: { type: 'string' }, company_id: { type: 'integer' }, user_companies: { type: 'object' }, db: { type: 'string' } },
      }),
    },
  };
}
