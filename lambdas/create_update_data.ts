import { routeHandler } from '../shared/lambda/route';
import { createUpdateData } from '../shared/operations/upsert';

/** POST /api/create_update_data: updates what a search_key selects, or creates it; race-free. */
export const handler = routeHandler({ name: 'create_update_data', run: createUpdateData, writesRecords: true });
