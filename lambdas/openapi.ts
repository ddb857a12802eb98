import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { withServer } from '../shared/describe/served';

let documentText: Promise<string> | undefined;

/**
 * The document's JSON text. A deployed function carries the document, generated when the
 * function was bundled (infra/openapi-bundle.ts), so that it neither builds it nor holds the code
 * that does; elsewhere (the local stack) it is generated on the first request. Once per container.
 */
async function load(): Promise<string> {
  if (process.env.WEBHOOK_OPENAPI !== 'bundled') {
    const [{ openApiDocument }, { catalogue }, { ROUTES }] = await Promise.all([
      import('../shared/describe/openapi'),
      import('../shared/catalogue'),
      import('./routes'),
    ]);
    return JSON.stringify(openApiDocument(catalogue, { routes: ROUTES }));
  }
  const { default: document } = await import('webhook-openapi-document');
  return JSON.stringify(document);
}

/**
 * GET /api/openapi.json: the OpenAPI 3.1 document of the API; no credentials. Without the logger
 * and tracer the other functions wear: it calls no AWS service and logs nothing of its own (Lambda's
 * active tracing records its invocations), and its bundle stays the document and little else.
 */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  documentText ??= load().catch((error: unknown) => {
    documentText = undefined;
    throw error;
  });
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
    body: withServer(await documentText, event),
  };
};
