import { accountMove } from './models/account_move';
import { accountMoveLine } from './models/account_move_line';
import { irAttachment } from './models/ir_attachment';
import { productProduct } from './models/product_product';
import { resCompany } from './models/res_company';
import { resPartner } from './models/res_partner';
import { resPartnerCategory } from './models/res_partner_category';
import { saleOrder } from './models/sale_order';
import { saleOrderLine } from './models/sale_order_line';
import type { ModelSpec } from './types';

/**
 * The demo catalogue (the models the product ships), in the form every catalogue module takes:
 * `models`, the model files of the deployment, and optionally `retiredModels`, names of models it
 * removed on purpose. A deployment's own module (CATALOGUE_MODULE) may start from this list.
 */
export const models: readonly ModelSpec[] = [
  resCompany,
  resPartnerCategory,
  resPartner,
  productProduct,
  saleOrder,
  saleOrderLine,
  accountMove,
  accountMoveLine,
  irAttachment,
];
