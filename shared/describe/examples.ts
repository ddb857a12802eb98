/**
 * One example (or more) per route, in an order that runs as written against an empty stack (the
 * tests do so, and check each answer against the document), with the answer it gets.
 */
export interface RouteExample {
  /** The route's handler name. */
  route: string;
  name: string;
  summary: string;
  /** `params` of the request (POST routes). */
  params?: Record<string, unknown>;
  /** The `result` of the JSON-RPC answer (absent where the answer is the document itself). */
  result?: unknown;
}

const DRY_RUN_ORDER = {
  partner_id: { ref: 'C001' },
  order_line: [{ product_id: { default_code: 'DESK' }, product_uom_qty: 1 }],
};

export const EXAMPLES: readonly RouteExample[] = [
  {
    route: 'create_data',
    name: 'partner',
    summary: 'A partner with a tag found (or created) by name',
    params: {
      model: 'res.partner',
      vals: {
        payload: { name: 'Azure Interior', ref: 'C001', email: 'info@azure.example.com', category_id: [{ name: 'VIP' }] },
        auto_create: { category_id: [{ color: 3 }] },
      },
    },
    result: { is_success: true, result: { id: 1 }, messages: 'Record created successfully' },
  },
  {
    route: 'create_update_data',
    name: 'product',
    summary: 'A product keyed by its code: created the first time, updated after',
    params: { model: 'product.product', vals: { search_key: { default_code: 'DESK' }, payload: { name: 'Desk', list_price: 99.5 } } },
    result: { is_success: true, result: { id: 1, created: true }, messages: 'Record created successfully' },
  },
  {
    route: 'create_data',
    name: 'order',
    summary: 'An order with a line, its partner and product looked up, and an attachment',
    params: {
      model: 'sale.order',
      vals: {
        payload: {
          partner_id: { ref: 'C001' },
          client_order_ref: 'PO-1001',
          order_line: [{ product_id: { default_code: 'DESK' }, product_uom_qty: 2, price_unit: 99.5 }],
          attachment_ids: [{ name: 'po.txt', datas: 'UE8tMTAwMQ==' }],
        },
        result_field: ['name', 'amount_total'],
      },
    },
    result: { is_success: true, result: { id: 1, name: 'S00001', amount_total: 199 }, messages: 'Record created successfully' },
  },
  {
    route: 'create_data',
    name: 'dry_run',
    summary: 'A dry run: checked as the real call, nothing written',
    params: { model: 'sale.order', vals: { payload: DRY_RUN_ORDER, dry_run: true } },
    result: {
      is_success: true,
      result: { dry_run: true, would: { create: { 'sale.order': 1, 'sale.order.line': 1 }, update: {}, delete: {}, auto_create: [] } },
      messages: 'Dry run: nothing written',
    },
  },
  {
    route: 'update_data',
    name: 'partner',
    summary: 'The partner whose ref is C001 gets a phone and a city',
    params: { model: 'res.partner', vals: { search_key: { ref: 'C001' }, payload: { phone: '+66 2 123 4567', city: 'Bangkok' }, result_field: ['city'] } },
    result: { is_success: true, result: { id: 1, ref: 'C001', city: 'Bangkok' }, messages: 'Record updated successfully' },
  },
  {
    route: 'call_function',
    name: 'confirm',
    summary: 'Confirm the order of a customer reference',
    params: { model: 'sale.order', vals: { search_key: { client_order_ref: 'PO-1001' }, payload: { method: 'action_confirm' } } },
    result: { is_success: true, result: { confirmed: [1] }, messages: "Function 'action_confirm' called successfully" },
  },
  {
    route: 'search_data',
    name: 'orders',
    summary: 'Confirmed orders, newest first, with their lines',
    params: {
      model: 'sale.order',
      vals: {
        payload: {
          search_domain: "[('state', '=', 'sale')]",
          search_field: ['name', 'partner_id', 'amount_total', 'order_line{product_id, product_uom_qty}'],
          order: 'date_order desc',
          limit: 10,
        },
      },
    },
    result: {
      is_success: true,
      result: [
        { id: 1, name: 'S00001', partner_id: [1, 'Azure Interior'], amount_total: 199, order_line: [{ id: 1, product_id: [1, 'Desk'], product_uom_qty: 2 }] },
      ],
      messages: 'Record search successfully',
    },
  },
  {
    route: 'fields_get',
    name: 'fields',
    summary: 'Two fields of res.partner, and its methods',
    params: { model: 'res.partner', vals: { allfields: ['ref', 'parent_id'], attributes: ['type', 'string', 'required', 'relation', 'index', 'unique'] } },
    result: {
      is_success: true,
      result: {
        ref: { type: 'char', string: 'Reference', required: false, index: true, unique: true },
        parent_id: { type: 'many2one', string: 'Related company', required: false, index: true, unique: false, relation: 'res.partner' },
      },
      messages: "Fields of 'res.partner' described successfully",
      methods: {
        set_credit_limit: {
          description: 'Sets the credit limit; returns it with the note and the language of the context.',
          multi: false,
          parameters: {
            type: 'object',
            properties: { limit: { type: 'number', minimum: 0 }, note: { type: 'string' } },
            required: ['limit'],
            additionalProperties: false,
          },
        },
      },
    },
  },
  {
    route: 'authenticate',
    name: 'login',
    summary: 'A user created with `npm run users -- create`',
    params: { db: 'webhook', login: 'shop', password: 'correct horse battery staple' },
    result: {
      uid: 1,
      name: 'shop',
      username: 'shop',
      company_id: 1,
      user_companies: { current_company: 1, allowed_companies: { '1': { id: 1, name: 'My Company' } } },
      db: 'webhook',
    },
  },
  { route: 'openapi', name: 'document', summary: 'This document' },
];
