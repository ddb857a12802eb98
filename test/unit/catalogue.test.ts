import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCatalogue, catalogue, CatalogueError, demoModels } from '../../shared/catalogue';
import { binary, char, many2one, one2many, float } from '../../shared/catalogue/fields';

test('the demo catalogue holds the models docs/catalogue.md names, with their base fields', () => {
  assert.deepEqual([...catalogue.models.keys()].sort(), [
    'account.move',
    'account.move.line',
    'ir.attachment',
    'product.product',
    'res.company',
    'res.partner',
    'res.partner.category',
    'sale.order',
    'sale.order.line',
  ]);
  for (const model of catalogue.models.values()) {
    for (const f of ['id', 'display_name', 'create_date', 'write_date']) assert.ok(model.fields[f], `${model.name}.${f}`);
  }
  const partner = catalogue.get('res.partner')!;
  assert.deepEqual(partner.indexed, ['name', 'email', 'ref', 'company_id', 'parent_id']);
  assert.ok(partner.companyScoped && partner.archivable);
  assert.ok(!catalogue.get('res.partner.category')!.companyScoped);
});

test('a model file with a broken relation fails when the catalogue is built', () => {
  const base = { name: 'x.a', description: 'A' };
  assert.throws(() => buildCatalogue([{ ...base, fields: { b: many2one('x.nowhere') } }]), CatalogueError);
  assert.throws(() => buildCatalogue([{ ...base, fields: { lines: one2many('x.a', 'nope') } }]), CatalogueError);
  assert.throws(() => buildCatalogue([{ ...base, fields: { total: float({ aggregate: { over: 'name', field: 'x' } }), name: char() } }]), CatalogueError);
  assert.throws(() => buildCatalogue([{ ...base, fields: { _secret: char() } }]), CatalogueError);
  assert.throws(() => buildCatalogue([{ ...base, fields: { file: binary({ size: 'name' }), name: char() } }]), /size field 'name' is not an integer field/);
  assert.throws(() => buildCatalogue([...demoModels, demoModels[0]!]), CatalogueError);
});
