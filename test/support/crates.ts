/**
 * A small catalogue for unit tests of the write plan: integer and float sums over lines, an
 * integer computed from two fields, a many2many. Built anew by each call, so that what the plan
 * derives from a catalogue (and caches per catalogue) is derived again in each test.
 */
import { buildCatalogue, type Catalogue, type Model } from '../../shared/catalogue';
import { char, float, integer, many2many, many2one, one2many } from '../../shared/catalogue/fields';

export function crates(): { catalogue: Catalogue; crate: Model; item: Model } {
  const catalogue = buildCatalogue([
    {
      name: 'crate',
      description: 'Crates',
      fields: {
        name: char(),
        item_ids: one2many('crate.item', 'crate_id'),
        label_ids: many2many('crate.label'),
        units: integer({ readonly: true, aggregate: { over: 'item_ids', field: 'qty' } }),
        weight: float({ digits: 1, readonly: true, aggregate: { over: 'item_ids', field: 'weight' } }),
      },
    },
    {
      name: 'crate.item',
      description: 'Items of a crate',
      fields: {
        name: char(),
        crate_id: many2one('crate'),
        qty: integer(),
        price: integer(),
        weight: float(),
        amount: integer({
          readonly: true,
          compute: { depends: ['qty', 'price'], value: (v) => Number(v.qty ?? 0) * Number(v.price ?? 0) },
        }),
      },
    },
    { name: 'crate.label', description: 'Labels', fields: { name: char() } },
  ]);
  return { catalogue, crate: catalogue.get('crate')!, item: catalogue.get('crate.item')! };
}
