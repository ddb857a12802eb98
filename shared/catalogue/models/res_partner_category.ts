import { active, char, integer } from '../fields';
import type { ModelSpec } from '../types';

export const resPartnerCategory: ModelSpec = {
  name: 'res.partner.category',
  description: 'Partner tags',
  fields: {
    name: char({ required: true, index: true }),
    color: integer(),
    active: active(),
  },
};
