/** The OpenAPI document, put in the openapi function's bundle by infra/openapi-bundle.ts. */
declare module 'webhook-openapi-document' {
  const document: Record<string, unknown>;
  export default document;
}
