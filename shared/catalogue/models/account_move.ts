import { char, company, date, float, many2one, one2many, selection } from '../fields';
import type { ModelSpec } from '../types';

export const accountMove: ModelSpec = {
  name: 'account.move',
  description: 'Journal entries and invoices',
  fields: {
    name: char({ index: true, label: 'Number', default: '/' }),
    ref: char({ index: true, label: 'Reference' }),
    move_type: selection(
      [
        ['out_invoice', 'Customer invoice'],
        ['in_invoice', 'Vendor bill'],
        ['out_refund', 'Customer credit note'],
        ['in_refund', 'Vendor credit note'],
        ['entry', 'Journal entry'],
      ],
      { default: 'out_invoice', label: 'Type' },
    ),
    partner_id: many2one('res.partner', { index: true, label: 'Partner' }),
    company_id: company(),
    invoice_date: date({ label: 'Invoice date' }),
    state: selection(
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      { default: 'draft' },
    ),
    invoice_line_ids: one2many('account.move.line', 'move_id', { label: 'Invoice lines' }),
    amount_total: float({
      digits: 2,
      readonly: true,
      aggregate: { over: 'invoice_line_ids', field: 'price_subtotal' },
    }),
  },
};
