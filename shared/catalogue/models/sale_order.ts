import * as z from 'zod/mini';
import { char, company, datetime, float, many2one, one2many, selection, sequence, text } from '../fields';
import { Unsuccessful, method } from '../methods';
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
  methods: {
    action_confirm: method({
      doc: 'Confirms draft quotations into sales orders; orders that are not drafts are reported, not changed.',
      parameters: z.strictObject({}),
      multi: true,
      run({ records, write }) {
        const refused = records.filter((o) => o.values.state !== 'draft');
        for (const order of records) if (order.values.state === 'draft') write(order, { state: 'sale' });
        const confirmed = records.filter((o) => o.values.state === 'draft').map((o) => o.id);
        if (refused.length > 0) {
          return new Unsuccessful(`${refused.length} of ${records.length} orders are not quotations and were not confirmed`, {
            confirmed,
            refused: refused.map((o) => ({ id: o.id, name: o.values.name, state: o.values.state })),
          });
        }
        return { confirmed };
      },
    }),
    action_cancel: method({
      doc: 'Cancels quotations and sales orders.',
      parameters: z.strictObject({}),
      multi: true,
      run({ records, write }) {
        for (const order of records) write(order, { state: 'cancel' });
        return true;
      },
    }),
  },
};
