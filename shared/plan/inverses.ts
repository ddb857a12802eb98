import type { Catalogue, Model } from '../catalogue';

/** What a record's many2one means for its parent: a one2many to keep and sums to keep. */
export interface InverseOf {
  parent: Model;
  one2many: string;
  sums: { field: string; of: string; digits: number | undefined }[];
}

const cache = new WeakMap<Catalogue, Map<string, InverseOf[]>>();

/**
 * For `model.field` (a many2one), the one2many fields of other models that list records by it,
 * with the aggregates kept over them: `sale.order.line.order_id` -> `sale.order.order_line`,
 * summing `price_subtotal` into `amount_total`.
 */
export function inversesOf(catalogue: Catalogue, model: string, field: string): InverseOf[] {
  let table = cache.get(catalogue);
  if (!table) {
    table = new Map();
    for (const parent of catalogue.models.values()) {
      for (const [name, f] of Object.entries(parent.fields)) {
        if (f.type !== 'one2many') continue;
        const sums = Object.entries(parent.fields).flatMap(([aggName, agg]) =>
          (agg.type === 'float' || agg.type === 'integer') && agg.aggregate?.over === name
            ? [{ field: aggName, of: agg.aggregate.field, digits: agg.digits }]
            : [],
        );
        const key = `${f.comodel}.${f.inverse}`;
        table.set(key, [...(table.get(key) ?? []), { parent, one2many: name, sums }]);
      }
    }
    cache.set(catalogue, table);
  }
  return table.get(`${model}.${field}`) ?? [];
}
