import { catalogue, type Catalogue } from '../catalogue';
import { WebhookError, renderSuccess } from '../envelope';
import { accessFor, type Access } from '../auth/access';
import type { Outcome } from '../operations/context';
import { principalOf } from './event';
import { rpcHandler } from './rpc';

/** What a route that describes the API knows of its caller. */
export interface DescribeContext {
  access: Access;
  catalogue: Catalogue;
}

/**
 * A JSON-RPC route that answers from the catalogue alone (`/api/fields_get`): authenticated like
 * the webhook routes, open to a key whatever routes it is limited to, and, since it reads and
 * writes no business record, without operator parameters and without an API log.
 */
export function describeHandler(run: (params: Record<string, unknown>, ctx: DescribeContext) => Outcome) {
  return rpcHandler(({ id, params }, event) => {
    const principal = principalOf(event);
    if (!principal) throw new WebhookError('UNAUTHENTICATED', 'User not authenticated, use the "Authorization" header');
    // The catalogue alone is read: no record, so no model's company scoping applies.
    return renderSuccess(id, run(params, { access: accessFor(principal, []), catalogue }));
  });
}
