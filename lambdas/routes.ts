/**
 * The routes of the API and the handler file of each, for the CDK stack and the local API
 * Gateway alike. `records` and `auth` say what the function may do with those tables (least
 * privilege in the CDK stack); every webhook route that reads records also writes API logs.
 */
export interface RouteEntry {
  path: string;
  /** The one HTTP method the route answers; any other is 405. @default 'POST' */
  method?: 'GET' | 'POST';
  /** Handler file in lambdas/, without extension. */
  handler: string;
  /** Whether API Gateway runs the authorizer first. */
  authorized: boolean;
  records: 'none' | 'read' | 'write';
  auth: 'none' | 'read' | 'write';
}

/** The HTTP method of a route. */
export const methodOf = (route: RouteEntry): 'GET' | 'POST' => route.method ?? 'POST';

export const ROUTES: readonly RouteEntry[] = [
  { path: '/api/create_data', handler: 'create_data', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/update_data', handler: 'update_data', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/create_update_data', handler: 'create_update_data', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/call_function', handler: 'call_function', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/search_data', handler: 'search_data', authorized: true, records: 'read', auth: 'none' },
  // The API described from the catalogue: no table, no parameter, no API log.
  { path: '/api/fields_get', handler: 'fields_get', authorized: true, records: 'none', auth: 'none' },
  { path: '/api/openapi.json', method: 'GET', handler: 'openapi', authorized: false, records: 'none', auth: 'none' },
  // Reads users and company names; writes sessions and failed-login counts.
  { path: '/web/session/authenticate', handler: 'authenticate', authorized: false, records: 'read', auth: 'write' },
];

/** The authorizer's handler file. */
export const AUTHORIZER_HANDLER = 'authorizer';
