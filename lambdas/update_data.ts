import { routeHandler } from '../shared/lambda/route';
import { updateData } from '../shared/operations/update';

/** POST /api/update_data: changes the record(s) a search_key selects. */
export const handler = routeHandler({ name: 'update_data', run: updateData, writesRecords: true });
