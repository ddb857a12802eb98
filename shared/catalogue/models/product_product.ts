import { active, char, company, float, selection } from '../fields';
import type { ModelSpec } from '../types';

export const productProduct: ModelSpec = {
  name: 'product.product',
  description: 'Products',
  // Every line of an order looks its product up by code: its guards spread over 8 keys share the reads.
  shards: 8,
  fields: {
    name: char({ required: true, index: true }),
    default_code: char({ unique: true, label: 'Internal reference' }),
    barcode: char({ unique: true }),
    list_price: float({ digits: 2, label: 'Sales price' }),
    type: selection(
      [
        ['consu', 'Consumable'],
        ['service', 'Service'],
        ['product', 'Storable product'],
      ],
      { default: 'consu' },
    ),
    company_id: company(),
    active: active(),
  },
};
