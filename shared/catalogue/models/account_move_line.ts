import { char, company, float, many2one, roundTo } from '../fields';
import type { ModelSpec } from '../types';

export const accountMoveLine: ModelSpec = {
  name: 'account.move.line',
  description: 'Journal items',
  // Fifty lines an order: spread over 32 keys, 200 such orders a second take about 300 WCU/s of each.
  shards: 32,
  fields: {
    move_id: many2one('account.move', { required: true, index: true, label: 'Journal entry' }),
    product_id: many2one('product.product', { index: true, label: 'Product' }),
    company_id: company(),
    name: char({ label: 'Label' }),
    quantity: float({ default: 1 }),
    price_unit: float({ label: 'Unit price' }),
    price_subtotal: float({
      digits: 2,
      readonly: true,
      compute: {
        depends: ['quantity', 'price_unit'],
        value: (v) => roundTo(Number(v.quantity ?? 0) * Number(v.price_unit ?? 0), 2),
      },
    }),
  },
};
