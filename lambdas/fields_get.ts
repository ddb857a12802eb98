import { describeHandler } from '../shared/lambda/describe';
import { fieldsGet } from '../shared/operations/fields-get';

/** POST /api/fields_get: a model's fields (as Odoo's fields_get) and methods, or the models. */
export const handler = describeHandler(fieldsGet);
