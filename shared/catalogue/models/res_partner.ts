import { active, boolean, char, company, float, many2many, many2one, one2many } from '../fields';
import type { ModelSpec } from '../types';

export const resPartner: ModelSpec = {
  name: 'res.partner',
  description: 'Contacts',
  fields: {
    name: char({ required: true, index: true }),
    email: char({ index: true }),
    ref: char({ unique: true, label: 'Reference' }),
    phone: char(),
    function: char({ label: 'Job position' }),
    street: char(),
    city: char(),
    is_company: boolean({ default: false }),
    company_id: company(),
    parent_id: many2one('res.partner', { index: true, label: 'Related company' }),
    child_ids: one2many('res.partner', 'parent_id', { label: 'Contacts' }),
    category_id: many2many('res.partner.category', { label: 'Tags' }),
    credit_limit: float({ digits: 2 }),
    active: active(),
  },
};
