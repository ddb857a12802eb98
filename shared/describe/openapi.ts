import pkg from '../../package.json' with { type: 'json' };
import type { RouteEntry } from '../../lambdas/routes';
import type { Catalogue } from '../catalogue';
import type { JsonSchema } from '../resolver/convert';
import { envelopeSchemas, errorResponses, rpcRequest } from './envelope';
import { EXAMPLES, type RouteExample } from './examples';
import { payloadSchemas } from './payloads';
import { routeDocs, routeSchemas } from './routes';

export interface OpenApiOptions {
  /** The routes to describe (lambdas/routes.ts). */
  routes: readonly RouteEntry[];
  /** Base URLs of the API (`https://<id>.execute-api.<region>.amazonaws.com/prod`); none: the document's own host. */
  servers?: readonly string[];
}

const CREDENTIALS = [{ bearer: [] }, { apiKey: [] }, { session: [] }];

const DESCRIPTION = `JSON-RPC over HTTPS, wire-compatible with Odoo's usability_webhooks module.

Every route but this document's is a POST of \`{"jsonrpc": "2.0", "method": "call", "id": 7, "params": {...}}\`.
A handled outcome is HTTP 200 with \`result\`: \`{"is_success": true, "result": ..., "messages": "..."}\`, or
\`{"is_success": false, "messages": "...", "error": {"code", "message", "details"}, "request_id": "..."}\` when the request was
understood and refused (nothing written). A protocol failure (malformed body, credentials, throttling, a fault) is a
JSON-RPC \`error\` with its HTTP status and the code in \`error.data.code\`. \`ErrorCode\` lists every code with its status.

The schemas are generated from the catalogue of models and from the code that checks requests, so they cannot drift.`;

/**
 * The OpenAPI 3.1 document of the API: every route with its JSON-RPC request (per model: the
 * payload with its relational formats and required fields, search_data's payload, the methods'
 * parameters from their own zod schemas), its answers (every error code with its HTTP status)
 * and examples that run as written. Pure: the same catalogue gives the same document.
 */
/** The header that makes a write safe to send again (docs/idempotency.md). */
const IDEMPOTENCY_KEY: JsonSchema = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Names the request so that sending it again never writes twice: the same key with the same params gets the first answer again (`Idempotent-Replayed: true`), with other params 422 IDEMPOTENCY_KEY_REUSED, while the first still runs 409 IDEMPOTENCY_IN_PROGRESS. Scoped to the caller and the route; kept `idempotency_hours`.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
};

const REPLAYED: JsonSchema = {
  description: '`true` when the answer is the one kept for the request\'s Idempotency-Key, given again: nothing was written.',
  schema: { type: 'string', const: 'true' },
};

export function openApiDocument(catalogue: Catalogue, options: OpenApiOptions): JsonSchema {
  const docs = routeDocs(catalogue);
  const paths: Record<string, JsonSchema> = {};
  for (const route of options.routes) {
    const doc = docs[route.handler];
    if (!doc) throw new Error(`openapi: the route ${route.path} (${route.handler}) has no description in shared/describe/routes.ts`);
    const method = (route.method ?? 'POST').toLowerCase();
    const examples = EXAMPLES.filter((e) => e.route === route.handler);
    paths[route.path] = {
      [method]: {
        operationId: route.handler,
        summary: doc.summary,
        description: doc.description,
        security: route.authorized ? CREDENTIALS : route.sessionCookie ? [{ session: [] }] : [],
        ...(route.records === 'write' ? { parameters: [IDEMPOTENCY_KEY] } : {}),
        ...(doc.params
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: rpcRequest(doc.params), examples: exampleMap(examples.filter((e) => e.params), (e) => ({ jsonrpc: '2.0', method: 'call', id: 1, params: e.params })) } },
              },
            }
          : {}),
        responses: {
          '200': {
            description: doc.params ? 'A handled outcome: a success, or a failure the caller is told about' : doc.summary,
            ...(route.records === 'write' ? { headers: { 'Idempotent-Replayed': REPLAYED } } : {}),
            content: {
              'application/json': {
                schema: doc.answer,
                ...(examples.some((e) => e.result !== undefined) ? { examples: exampleMap(examples.filter((e) => e.result !== undefined), (e) => ({ jsonrpc: '2.0', id: 1, result: e.result })) } : {}),
              },
            },
          },
          ...errorResponses(route),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Webhook API', version: pkg.version, description: DESCRIPTION },
    ...(options.servers?.length ? { servers: options.servers.map((url) => ({ url })) } : {}),
    paths,
    components: {
      schemas: { ...envelopeSchemas(), ...routeSchemas(catalogue), ...payloadSchemas(catalogue) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API key made by `npm run keys -- create`' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'the same key, in a header of its own' },
        session: { type: 'apiKey', in: 'cookie', name: 'session_id', description: 'the cookie of /web/session/authenticate' },
      },
    },
  };
}

function exampleMap(examples: readonly RouteExample[], value: (e: RouteExample) => unknown): Record<string, JsonSchema> {
  return Object.fromEntries(examples.map((e) => [e.name, { summary: e.summary, value: value(e) }]));
}
