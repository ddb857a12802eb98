import type { TestApi } from './api';
import { unique } from './records';
import { createRecord } from './rpc';

/** What the tests that write orders start from: a customer, and a product with a fresh default_code. */
export interface OrderParties {
  partnerId: number;
  code: string;
}

/** Creates an order's customer and product, both named after `label`. */
export async function createOrderParties(api: TestApi, label: string): Promise<OrderParties> {
  const code = unique(label.toUpperCase());
  await createRecord(api, 'product.product', { name: label, default_code: code });
  return { code, partnerId: await createRecord(api, 'res.partner', { name: unique(label.toLowerCase()) }) };
}
