import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The document as served: with a `servers` entry naming the base path it was reached under (the
 * stage, `/prod`, or a custom domain's base path), so that a client reading it from
 * `https://<host>/prod/api/openapi.json` sends its calls to `/prod/api/...`. Served at a host's
 * root, it has none: the document's host is then the server.
 */
export function withServer(text: string, event: Pick<APIGatewayProxyEvent, 'resource' | 'requestContext'>): string {
  const full = event.requestContext?.path ?? '';
  const base = event.resource && full.endsWith(event.resource) ? full.slice(0, -event.resource.length) : '';
  if (base === '' || !text.startsWith('{')) return text;
  return `{"servers":${JSON.stringify([{ url: base }])},${text.slice(1)}`;
}
