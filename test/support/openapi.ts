/** Checking values against the OpenAPI document's schemas, with a real JSON Schema 2020-12 validator. */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ROUTES } from '../../lambdas/routes';
import { catalogue as demo, type Catalogue } from '../../shared/catalogue';
import { openApiDocument } from '../../shared/describe/openapi';

export type Doc = Record<string, any>;

export const documentOf = (catalogue: Catalogue = demo): Doc => openApiDocument(catalogue, { routes: ROUTES });

function validator(): Ajv2020 {
  // OpenAPI's own keywords (`x-...`) are annotations to a JSON Schema validator.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

/** A validator of one schema. */
export const compile = (schema: Record<string, unknown>): ValidateFunction => validator().compile(schema);

/** The validator of the schema at a JSON pointer of the document (`/components/schemas/Create.res.partner`). */
export function schemaAt(doc: Doc): (pointer: string) => ValidateFunction {
  const ajv = validator();
  ajv.addSchema(doc, 'openapi');
  return (pointer) => {
    const validate = ajv.getSchema(`openapi#${pointer}`);
    if (!validate) throw new Error(`no schema at ${pointer}`);
    return validate;
  };
}

/** A JSON pointer's escaping of one key (`/api/create_data` is `~1api~1create_data`). */
export const key = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer of a route's request body schema, or of one of its responses. */
export const requestPointer = (path: string, method: string) => `/paths/${key(path)}/${method}/requestBody/content/application~1json/schema`;
export const responsePointer = (path: string, method: string, status: number | string) =>
  `/paths/${key(path)}/${method}/responses/${status}/content/application~1json/schema`;
