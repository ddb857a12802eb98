/**
 * The routes of the API and the handler file of each, for the CDK stack and the local API
 * Gateway alike. `records` and `auth` say what the function may do with those tables (least
 * privilege in the CDK stack); every webhook route also writes API logs.
 */
export interface RouteEntry {
  path: string;
  /** Handler file in lambdas/, without extension. */
  handler: string;
  /** Whether API Gateway runs the authorizer first. */
  authorized: boolean;
  records: 'none' | 'read' | 'write';
  auth: 'none' | 'read' | 'write';
}

export const ROUTES: readonly RouteEntry[] = [
  { path: '/api/create_data', handler: 'create_data', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/update_data', handler: 'update_data', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/create_update_data', handler: 'create_update_data', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/call_function', handler: 'call_function', authorized: true, records: 'write', auth: 'none' },
  { path: '/api/search_data', handler: 'search_data', authorized: true, records: 'read', auth: 'none' },
  // Reads users and company names; writes sessions and failed-login counts.
  { path: '/web/session/authenticate', handler: 'authenticate', authorized: false, records: 'read', auth: 'write' },
  // Reads the session of the cookie and deletes it.
  { path: '/web/session/destroy', handler: 'destroy_session', authorized: false, records: 'none', auth: 'write' },
];

/**
 * The operators' console: its page and its JSON API, every method on `/console` and every path
 * under it, in one function without the authorizer (it checks its own sessions).
 */
export const CONSOLE_ROUTE = { prefix: '/console', handler: 'console' } as const;

/** The authorizer's handler file. */
export const AUTHORIZER_HANDLER = 'authorizer';
