import { char, company, datetime, float, many2one, one2many, selection, sequence, text } from '../fields';
import type { ModelSpec } from '../types';
import { toDatetime } from '../values';

export const saleOrder: ModelSpec = {
  name: 'sale.order',
  description: 'Sales orders',
  fields: {
    name: char({ unique: true, label: 'Order reference', default: sequence('sale.order', 'S', 5) }),
    partner_id: many2one('res.partner', { required: true, index: true, label: 'Customer' }),
    company_id: company(),
    date_order: datetime({ label: 'Order date', default: ({ now }) => toDatetime(now) }),
    state: selection(
      [
        ['draft', 'Quotation'],
        ['sale', 'Sales order'],
        ['cancel', 'Cancelled'],
      ],
      { default: 'draft' },
    ),
    client_order_ref: char({ index: true, label: 'Customer reference' }),
    note: text(),
    order_line: one2many('sale.order.line', 'order_id', { label: 'Order lines' }),
    amount_total: float({
      digits: 2,
      readonly: true,
      aggregate: { over: 'order_line', field: 'price_subtotal' },
    }),
  },
};
