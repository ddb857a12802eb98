import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogue, catalogue, demoModels, type StoredValues } from '../../shared/catalogue';
import { char, integer } from '../../shared/catalogue/fields';
import type { RecordState } from '../../shared/plan';
import { compareUtf8, parseOrder } from '../../shared/query';
import { needsNames, sortRecords } from '../../shared/query/order';
import { thrown } from '../support/errors';

const partner = catalogue.get('res.partner')!;
const rec = (id: number, values: StoredValues): RecordState => ({ model: partner.name, id, values, version: 1, attachments: [] });
const keys = (order: unknown, model = partner) => parseOrder(model, order).map((k) => `${k.field} ${k.desc ? 'desc' : 'asc'}${k.nullsFirst ? ' nulls first' : ''}`);
const sorted = (list: RecordState[], order: string) => sortRecords(list, parseOrder(partner, order), new Map()).map((r) => r.id);
const said = (order: unknown) => {
  const e = thrown(() => parseOrder(partner, order));
  return { code: e.code, message: e.message, details: e.details };
};

describe('order: what a caller may write', () => {
  const ranked = buildCatalogue([...demoModels, { name: 'x.ranked', description: 'Ranked', order: 'rank desc, name', fields: { name: char(), rank: integer() } }]).get('x.ranked')!;

  test('no order, null or a blank one is the model order, with the id tie-break in the direction of its last key', () => {
    for (const order of [undefined, null, '', '  ']) assert.deepEqual(keys(order, ranked), ['rank desc nulls first', 'name asc', 'id asc'], String(order));
    assert.deepEqual(keys('name', ranked), ['name asc', 'id asc'], 'an order given replaces the model order');
  });

  test('an id key written anywhere is the tie-break: none is added after the others', () => {
    assert.deepEqual(keys('name, id desc, city'), ['name asc', 'id desc nulls first', 'city asc']);
    assert.deepEqual(keys('id'), ['id asc']);
    const list = [rec(1, { name: 'a', city: 'y' }), rec(2, { name: 'a', city: 'x' }), rec(3, { name: 'b', city: 'x' })];
    assert.deepEqual(sorted(list, 'name, id desc, city'), [2, 1, 3]);
  });

  test('mistakes are ORDER, saying what is wrong in the order as sent', () => {
    assert.deepEqual(said(5), {
      code: 'ORDER',
      message: 'order: expected a string such as "date_order desc, name" in "5"',
      details: { path: 'order', order: '5' },
    });
    assert.equal(said(['name']).message, 'order: expected a string such as "date_order desc, name" in "[\\"name\\"]"');
    assert.deepEqual(said('name,, city'), {
      code: 'ORDER',
      message: 'order: an empty key (a stray comma) in "name,, city"',
      details: { path: 'order', order: 'name,, city' },
    });
    assert.equal(said('name,').message, 'order: an empty key (a stray comma) in "name,"');
    assert.equal(said('name desc;').message, `order: 'name desc;' is not a field name followed by asc or desc, then nulls first or nulls last in "name desc;"`);
    assert.equal(said('city, nmae desc').message, `order: unknown field 'nmae' on model 'res.partner' in "city, nmae desc"`);
    assert.equal(said('category_id').message, `order: records cannot be ordered by the many2many field 'category_id' in "category_id"`);
    assert.equal(said('child_ids desc').message, `order: records cannot be ordered by the one2many field 'child_ids' in "child_ids desc"`);
    const attachment = catalogue.get('ir.attachment')!;
    assert.equal(thrown(() => parseOrder(attachment, 'datas')).message, `order: records cannot be ordered by the binary field 'datas' in "datas"`);
  });
});

describe('order: sorting in memory', () => {
  test('numbers sort by value, not as text', () => {
    const list = [rec(1, { credit_limit: 10 }), rec(2, { credit_limit: 9.5 }), rec(3, { credit_limit: -2 }), rec(4, { credit_limit: 10 }), rec(5, { credit_limit: 0 })];
    assert.deepEqual(sorted(list, 'credit_limit'), [3, 5, 2, 1, 4]);
    assert.deepEqual(sorted(list, 'credit_limit desc'), [4, 1, 2, 5, 3]);
  });

  test('a text that another starts with sorts first, whatever the other is longer by', () => {
    const list = [rec(1, { name: 'abc' }), rec(2, { name: 'ab' }), rec(3, { name: 'abcd' }), rec(4, { name: 'b' })];
    assert.deepEqual(sorted(list, 'name'), [2, 1, 3, 4]);
    assert.ok(compareUtf8('ab', 'abcd') < 0 && compareUtf8('abcd', 'ab') > 0 && compareUtf8('ab', 'ab') === 0);
  });

  test('characters above U+FFFF sort after U+E000-U+FFFF, as their UTF-8 bytes do', () => {
    // U+10000 is the first character written with surrogates (D800 DC00), U+10FFFF the last (DBFF DFFF).
    for (const high of ['\u{10000}', '\u{10FFFF}', '\u{1F600}']) {
      for (const bmp of ['\ue000', '\uffff', '\ud7ff', 'z']) {
        assert.ok(compareUtf8(high, bmp) > 0, `${high.codePointAt(0)!.toString(16)} after ${bmp.codePointAt(0)!.toString(16)}`);
        assert.ok(compareUtf8(bmp, high) < 0, `${bmp.codePointAt(0)!.toString(16)} before ${high.codePointAt(0)!.toString(16)}`);
      }
    }
    assert.ok(compareUtf8('\u{10000}', '\u{10FFFF}') < 0);
    // Same first half, second halves DC00-DFFF: U+103FF ends in DFFF, U+103FE in DFFE.
    assert.ok(compareUtf8('\u{103FF}', '\u{103FE}') > 0 && compareUtf8('\u{103FE}', '\u{103FF}') < 0);
    assert.ok(compareUtf8('\u{10000}', '\u{103FF}') < 0 && compareUtf8('\u{103FF}', '\u{10000}') > 0);
    const list = [rec(1, { name: '\u{1F600}' }), rec(2, { name: '\uffff' }), rec(3, { name: '\ue000' }), rec(4, { name: 'z' })];
    assert.deepEqual(sorted(list, 'name'), [4, 3, 2, 1], 'a sort in memory gives the order of the index');
  });

  test('only an order with a many2one key needs the related display names', () => {
    assert.equal(needsNames(parseOrder(partner, 'name, city desc')), false);
    assert.equal(needsNames(parseOrder(partner, 'name, parent_id')), true);
    assert.equal(needsNames(parseOrder(catalogue.get('sale.order')!, 'partner_id desc')), true);
  });
});
