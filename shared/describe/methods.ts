import { toJSONSchema } from 'zod/mini';
import type { Model } from '../catalogue';
import type { MethodDef } from '../catalogue';
import type { JsonSchema } from '../resolver/convert';

export type { JsonSchema };

/** A callable method as fields_get and the OpenAPI document describe it. */
export interface MethodDescription {
  description: string;
  /** Whether it takes several records at once (else the search_key must select one). */
  multi: boolean;
  /** JSON Schema of `payload.parameter`, from the very schema call_function checks it with. */
  parameters: JsonSchema;
}

/** The schema of what a caller sends as `parameter` (zod's input side: before any transform). */
export function parameterSchema(def: MethodDef): JsonSchema {
  const { $schema: _dialect, ...schema } = toJSONSchema(def.parameters, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return schema;
}

export function describeMethods(model: Model): Record<string, MethodDescription> {
  return Object.fromEntries(
    Object.entries(model.methods).map(([name, def]) => [name, { description: def.doc, multi: def.multi, parameters: parameterSchema(def) }]),
  );
}
