import * as z from 'zod/mini';
import { active, boolean, char, company, float, many2many, many2one, one2many } from '../fields';
import { method } from '../methods';
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
  methods: {
    set_credit_limit: method({
      doc: 'Sets the credit limit; returns it with the note and the language of the context.',
      parameters: z.strictObject({ limit: z.number().check(z.gte(0)), note: z.optional(z.string()) }),
      multi: false,
      run({ records, params, context, write }) {
        for (const partner of records) write(partner, { credit_limit: params.limit });
        return { credit_limit: params.limit, note: params.note ?? null, lang: typeof context.lang === 'string' ? context.lang : null };
      },
    }),
  },
};
