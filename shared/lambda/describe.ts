import { catalogue, type Catalogue } from '../catalogue';
import { WebhookError, renderSuccess } from '../envelope';
import type { Principal } from '../auth/principal';
import type { Outcome } from '../operations/context';
import { principalOf } from './event';
import { rpcHandler } from './rpc';

/** What a route that describes the API knows of its caller. */
export interface DescribeContext {
  principal: Principal;
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
    return renderSuccess(id, run(params, { principal, catalogue }));
  });
}
