import { char } from '../fields';
import type { ModelSpec } from '../types';

export const resCompany: ModelSpec = {
  name: 'res.company',
  description: 'Companies',
  companyRecords: true,
  fields: {
    name: char({ required: true, unique: true }),
    email: char(),
  },
};
