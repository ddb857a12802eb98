import { routeHandler } from '../shared/lambda/route';
import { createData } from '../shared/operations/create';

/** POST /api/create_data: creates one record with its lines, lookups, auto-creates and attachments. */
export const handler = routeHandler({ name: 'create_data', run: createData, writesRecords: true });
