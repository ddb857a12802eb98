/**
 * The routes of the API and the handler file of each, for the CDK stack and the local API
 * Gateway alike. `access` says what the function may do with the records table.
 */
export interface RouteEntry {
  path: string;
  /** Handler file in lambdas/, without extension. */
  handler: string;
  /** Whether API Gateway runs the authorizer first. */
  authorized: boolean;
  records: 'read' | 'write';
}

export const ROUTES: readonly RouteEntry[] = [
  { path: '/api/create_data', handler: 'create_data', authorized: true, records: 'write' },
];

/** The authorizer's handler file. */
export const AUTHORIZER_HANDLER = 'authorizer';
