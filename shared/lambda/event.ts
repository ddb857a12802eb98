import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Principal } from '../auth/principal';

/**
 * The principal the authorizer handed to API Gateway (`context.principal`, JSON text: authorizer
 * context values must be strings), or null when the route is reached without one.
 */
export function principalOf(event: APIGatewayProxyEvent): Principal | null {
  const raw = event.requestContext?.authorizer?.principal;
  if (typeof raw !== 'string') return null;
  try {
    const p = JSON.parse(raw) as Principal;
    return typeof p.companyId === 'number' && typeof p.id === 'string' ? p : null;
  } catch {
    return null;
  }
}

/** The request body as text (API Gateway base64-encodes binary media types). */
export function bodyOf(event: APIGatewayProxyEvent): string | null {
  if (event.body === null || event.body === undefined) return null;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

/**
 * The API Gateway request id: the id a caller reads in an answer (`x-amzn-requestid`, and
 * `request_id` in errors) and the API log keeps. The authorizer and the route function of one
 * request see the same one. `fallback` (the Lambda request id) when called without API Gateway.
 */
export const requestIdOf = (event: { requestContext?: { requestId?: string } | null } | null | undefined, fallback: string): string =>
  event?.requestContext?.requestId || fallback;

/** Request headers as API Gateway passes them, to a handler or to the authorizer. */
export type RequestHeaders = Record<string, string | undefined> | null | undefined;

/** A request header, whatever its case (API Gateway passes header names as the client sent them). */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === wanted && v !== undefined) return v;
  return undefined;
}

export const sourceIpOf = (event: APIGatewayProxyEvent): string | null => event.requestContext?.identity?.sourceIp || null;
