import { routeHandler } from '../shared/lambda/route';
import { callFunction } from '../shared/operations/call';

/** POST /api/call_function: runs a registered method on the record(s) a search_key selects. */
export const handler = routeHandler({ name: 'call_function', run: callFunction, writesRecords: true });
