import { char, company, float, many2one, roundTo } from '../fields';
import type { ModelSpec } from '../types';

export const saleOrderLine: ModelSpec = {
  name: 'sale.order.line',
  description: 'Sales order lines',
  // Fifty lines an order: spread over 32 keys, 200 such orders a second take about 300 WCU/s of each.
  shards: 32,
  fields: {
    order_id: many2one('sale.order', { required: true, index: true, label: 'Order' }),
    product_id: many2one('product.product', { required: true, index: true, label: 'Product' }),
    company_id: company(),
    name: char({ label: 'Description' }),
    product_uom_qty: float({ default: 1, label: 'Quantity' }),
    price_unit: float({ label: 'Unit price' }),
    price_subtotal: float({
      digits: 2,
      readonly: true,
      compute: {
        depends: ['product_uom_qty', 'price_unit'],
        value: (v) => roundTo(Number(v.product_uom_qty ?? 0) * Number(v.price_unit ?? 0), 2),
      },
    }),
  },
};
