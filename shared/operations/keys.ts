import { checkKeys } from '../envelope';
import type { LoggedRoute } from '../params';

/** Keys of `params` on every webhook route. */
const PARAMS_KEYS = ['model', 'vals'] as const;

/** Keys of search_data's `payload`. */
export const SEARCH_PAYLOAD_KEYS = ['search_field', 'search_domain', 'order', 'limit', 'offset', 'count'] as const;
/** Keys of call_function's `payload`. */
export const CALL_PAYLOAD_KEYS = ['method', 'parameter', 'context'] as const;

const WRITES: readonly LoggedRoute[] = ['create_data', 'update_data', 'create_update_data', 'call_function'];
const BY_SEARCH_KEY: readonly LoggedRoute[] = ['update_data', 'create_update_data', 'call_function'];

/**
 * The keys of `vals`, each with the routes that take it: a new option of `vals` is one line here.
 * The order is the order the accepted keys are listed in messages.
 */
const VALS_KEYS: Record<string, readonly LoggedRoute[]> = {
  payload: [...WRITES, 'search_data'],
  search_key: BY_SEARCH_KEY,
  auto_create: ['create_data', 'update_data', 'create_update_data'],
  result_field: ['create_data', 'update_data', 'create_update_data'],
  multi: ['update_data', 'create_update_data'],
  dry_run: WRITES,
};

/** The keys of `vals` a route takes. */
export const valsKeys = (route: LoggedRoute): string[] => Object.keys(VALS_KEYS).filter((key) => VALS_KEYS[key]!.includes(route));

/** Payload keys sent one level too high, beside `payload`, get a hint to move them inside it. */
const PAYLOAD_KEYS: Partial<Record<LoggedRoute, readonly string[]>> = { search_data: SEARCH_PAYLOAD_KEYS, call_function: CALL_PAYLOAD_KEYS };

/** Refuses a key of `params` or `vals` the route does not read (UNKNOWN_KEY), before anything is read. */
export function checkRouteKeys(route: LoggedRoute, params: Record<string, unknown>, vals: Record<string, unknown>): void {
  checkKeys(params, { where: 'params', reader: route, accepted: PARAMS_KEYS });
  const inside = PAYLOAD_KEYS[route];
  checkKeys(vals, { where: 'vals', reader: route, accepted: valsKeys(route), ...(inside ? { inside: { key: 'payload', keys: inside } } : {}) });
}
