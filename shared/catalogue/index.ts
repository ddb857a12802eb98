import { accountMove } from './models/account_move';
import { accountMoveLine } from './models/account_move_line';
import { irAttachment } from './models/ir_attachment';
import { productProduct } from './models/product_product';
import { resCompany } from './models/res_company';
import { resPartner } from './models/res_partner';
import { resPartnerCategory } from './models/res_partner_category';
import { saleOrder } from './models/sale_order';
import { saleOrderLine } from './models/sale_order_line';
import { buildCatalogue } from './registry';

export { buildCatalogue, type Catalogue } from './registry';
export { ATTACHMENT_MODEL } from './models/ir_attachment';
export { CatalogueError } from './errors';
export type * from './types';

/** The models the product ships (SPEC §8). Integrators add theirs to this list. */
export const demoModels = [
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

export const catalogue = buildCatalogue(demoModels);
