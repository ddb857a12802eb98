import { routeHandler } from '../shared/lambda/route';
import { searchData } from '../shared/operations/search';

/** POST /api/search_data: records matching an Odoo domain, ordered and paged, with the fields asked for. */
export const handler = routeHandler({ name: 'search_data', run: searchData, readOnly: true });
