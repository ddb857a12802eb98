import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildCatalogue, catalogue, demoModels, type Model, type StoredValues } from '../../shared/catalogue';
import { char, integer, many2one } from '../../shared/catalogue/fields';
import type { RecordState } from '../../shared/plan';
import { compileQuery, parseDomain } from '../../shared/query';
import { matches, type Cond } from '../../shared/query/conditions/cond';
import { thrown } from '../support/errors';

const partner = catalogue.get('res.partner')!;
const order = catalogue.get('sale.order')!;
const tag = catalogue.get('res.partner.category')!;
const compiled = (domain: string, model: Model = partner) => compileQuery(model, parseDomain(domain), catalogue);
const cond = (domain: string, model: Model = partner): Cond => compiled(domain, model).cond;

const rec = (id: number, values: StoredValues): RecordState => ({ model: partner.name, id, values, version: 1, attachments: [] });
const partners = [
  rec(1, { name: 'Azure', city: 'Paris', is_company: true, credit_limit: 10, parent_id: null, category_id: [3], child_ids: [2, 3] }),
  rec(2, { name: 'azure 50%', city: null, is_company: null, credit_limit: null, parent_id: 1, category_id: [], child_ids: [] }),
  rec(3, { name: 'Décor', city: 'Lyon', is_company: false, credit_limit: 0, parent_id: 1, category_id: [3, 4] }),
];
/** The ids of the partners above that the domain matches. */
const ids = (domain: string): number[] => {
  const c = cond(domain);
  return partners.filter((r) => matches(c, r)).map((r) => r.id);
};

/** The DOMAIN error's message, without the `search_domain: ` in front and the position after. */
function refusal(domain: string, model: Model = partner): string {
  const e = thrown(() => compiled(domain, model));
  assert.equal(e.code, 'DOMAIN', e.message);
  const what = /^search_domain: (.*) at position \d+$/.exec(e.message);
  assert.ok(what, e.message);
  return what[1]!;
}

const sub = (c: Cond) => {
  assert.equal(c.kind, 'sub');
  const { field, query } = c as Extract<Cond, { kind: 'sub' }>;
  return { field, model: query.model.name, cond: query.cond, activeTest: query.activeTest };
};
const inLeaf = (model: Model, field: string, values: unknown[], negated = false): Cond => ({ kind: 'in', field, def: model.fields[field]!, values, negated }) as Cond;

describe('domain compiler: archived records', () => {
  test('a term on active anywhere in the domain, even under !, lets archived records in', () => {
    assert.equal(compiled("[('name', '=', 'x'), ('active', '=', True)]").activeTest, false);
    assert.equal(compiled("['!', ('active', '=?', False)]").activeTest, false);
    assert.equal(compiled("['|', ('name', '=', 'x'), ('city', '=', 'y')]").activeTest, true);
    assert.equal(compiled("['!', ('city', '=like', 'y')]").activeTest, true);
  });

  test('a path searches its related model with archived records left out only through an x2many, unless it names active', () => {
    const through = (domain: string, model: Model = partner) => sub(cond(domain, model)).activeTest;
    assert.equal(through("[('child_ids.name', '=', 'x')]"), true);
    assert.equal(through("[('category_id.active', '=', False)]"), false);
    assert.equal(through("[('parent_id.name', '=', 'x')]"), false);
    assert.equal(through("[('order_line.name', '=', 'x')]", order), false, 'order lines cannot be archived');
  });
});

describe('domain compiler: fields and paths', () => {
  test('a path is a search of the related model, one level per field', () => {
    const outer = sub(cond("[('parent_id.category_id.name', '=', 'VIP')]"));
    assert.deepEqual([outer.field, outer.model, outer.activeTest], ['parent_id', 'res.partner', false]);
    const inner = sub(outer.cond);
    assert.deepEqual(inner, { field: 'category_id', model: 'res.partner.category', cond: inLeaf(tag, 'name', ['VIP']), activeTest: true });
  });

  test('a path goes through 8 fields at most', () => {
    assert.equal(cond(`[('${'parent_id.'.repeat(7)}name', '=', 'x')]`).kind, 'sub');
    assert.equal(refusal(`[('${'parent_id.'.repeat(8)}name', '=', 'x')]`), `the path '${'parent_id.'.repeat(8)}name' goes through more than 8 fields`);
  });

  test('display_name is the name the model is known by', () => {
    assert.deepEqual(cond("[('display_name', 'in', ['Azure', 'Décor'])]"), inLeaf(partner, 'name', ['Azure', 'Décor']));
    assert.deepEqual(ids("[('display_name', 'ilike', 'AZ')]"), [1, 2]);
    assert.equal(refusal("[('display_name.name', '=', 'x')]"), "'display_name' of 'res.partner' is not a relation, so 'display_name.name' cannot go through it");
  });

  test('unknown fields, paths through plain fields and binary fields are refused, naming them', () => {
    assert.equal(refusal("[('nope', '=', 1)]"), "unknown field 'nope' on model 'res.partner'");
    assert.equal(refusal("[('constructor', '=', 1)]"), "unknown field 'constructor' on model 'res.partner'");
    assert.equal(refusal("[('parent_id.nope', '=', 1)]"), "unknown field 'nope' on model 'res.partner'");
    assert.equal(refusal("[('city.name', '=', 'x')]"), "'city' of 'res.partner' is not a relation, so 'city.name' cannot go through it");
    assert.equal(refusal("[('datas', '!=', False)]", catalogue.get('ir.attachment')!), "the binary field 'datas' cannot be searched");
  });
});

describe('domain compiler: = and in', () => {
  test('=? with False or None is no condition; with a value it is =', () => {
    assert.deepEqual(cond("[('city', '=?', False)]"), { kind: 'and', children: [] });
    assert.deepEqual(cond("[('city', '=?', None)]"), { kind: 'and', children: [] });
    assert.deepEqual(ids("[('city', '=?', 'Paris')]"), [1]);
    assert.deepEqual(ids("[('city', '=?', '')]"), []);
  });

  test('False of a boolean matches empty booleans too, and != False only True', () => {
    assert.deepEqual(ids("[('is_company', 'in', [False])]"), [2, 3]);
    assert.deepEqual(ids("[('is_company', '!=', False)]"), [1]);
    assert.deepEqual(ids("[('is_company', '=', True)]"), [1]);
    assert.deepEqual(cond("[('is_company', '=', True)]"), inLeaf(partner, 'is_company', [true]));
  });

  test('in an empty list is false, not in an empty list true; in needs a list', () => {
    assert.deepEqual(cond("[('city', 'in', [])]"), { kind: 'or', children: [] });
    assert.deepEqual(cond("[('city', 'not in', [])]"), { kind: 'and', children: [] });
    assert.deepEqual(cond("[('parent_id', 'in', [])]"), { kind: 'or', children: [] });
    assert.equal(refusal("[('city', 'not in', None)]"), "'not in' needs a list of values, found None");
    assert.deepEqual(cond("[('city', '=', None)]"), inLeaf(partner, 'city', [null]));
    assert.deepEqual(cond("[('city', 'not in', 'Paris')]"), inLeaf(partner, 'city', ['Paris'], true));
  });

  test('values are read as the field stores them, and refused when they do not fit it', () => {
    assert.deepEqual(cond("[('credit_limit', 'in', [1, 2.5, False])]"), inLeaf(partner, 'credit_limit', [1, 2.5, null]));
    assert.equal(refusal("[('credit_limit', '=', '10')]"), 'invalid value for \'credit_limit\': "10" (expected a number)');
    assert.equal(refusal("[('parent_id', '=', 1.5)]"), "invalid value for 'parent_id': 1.5 (expected a record id)");
    assert.equal(refusal("[('parent_id', 'in', [1, 'Azure'])]"), 'invalid value for \'parent_id\': "Azure" (expected a record id)');
    assert.equal(refusal("[('date_order', '=', 'soon')]", order), 'invalid value for \'date_order\': "soon" (expected a datetime)');
    assert.match(refusal("[('date_order', '=', '2026-02-30')]", order), /^invalid value for 'date_order': .*2026-02-30.* \(expected a date YYYY-MM-DD\)$/);
    assert.match(refusal("[('state', '=', 'posted')]", order), /^invalid value for 'state': .*posted.* \(expected one of 'draft', /);
    assert.equal(refusal("[('date_order', '=', '12026-03-01')]", order), 'invalid value for \'date_order\': "12026-03-01" (expected a datetime)');
    assert.equal(refusal("[('date_order', '=', '2026-03-011')]", order), 'invalid value for \'date_order\': "2026-03-011" (expected a datetime)');
    assert.equal(refusal("[('color', '=', '3')]", tag), 'invalid value for \'color\': "3" (expected a number)');
    assert.deepEqual(cond("[('color', '=', 2.5)]", tag), inLeaf(tag, 'color', [2.5]), 'a number is compared as it is');
  });

  test('None is the empty value of a number field too; a text among ids of a relation is refused as it is written', () => {
    assert.deepEqual(cond("[('credit_limit', '=', None)]"), inLeaf(partner, 'credit_limit', [null]));
    assert.equal(refusal("[('category_id', 'in', [1, 'x'])]"), 'invalid value for \'category_id\': "x" (expected a record id)');
    assert.equal(refusal("[('child_ids', 'not in', [1, 'x'])]"), 'invalid value for \'child_ids\': "x" (expected a record id)');
  });

  test('=? with a text on a relation searches the related records by name, as = does', () => {
    assert.deepEqual(sub(cond("[('parent_id', '=?', 'Azure')]")), { field: 'parent_id', model: 'res.partner', cond: inLeaf(partner, 'name', ['Azure']), activeTest: false });
  });

  test('an x2many holds one of the ids; a one2many is searched through its lines', () => {
    assert.deepEqual(cond("[('category_id', '=', 4)]"), inLeaf(partner, 'category_id', [4]));
    const lines = sub(cond("[('child_ids', 'in', [5, 6])]"));
    assert.deepEqual(lines, { field: 'child_ids', model: 'res.partner', cond: inLeaf(partner, 'id', [5, 6]), activeTest: false });
    assert.deepEqual(cond("[('child_ids', '=', False)]"), inLeaf(partner, 'child_ids', [null]));
    assert.deepEqual(cond("[('child_ids', '!=', False)]"), inLeaf(partner, 'child_ids', [null], true));
    const either = cond("[('child_ids', 'in', [5, False])]") as Extract<Cond, { kind: 'or' }>;
    assert.equal(either.kind, 'or');
    assert.deepEqual(sub(either.children[0]!).cond, inLeaf(partner, 'id', [5]));
    assert.deepEqual(either.children[1], inLeaf(partner, 'child_ids', [null]));
    const none = cond("[('child_ids', 'not in', [5])]") as Extract<Cond, { kind: 'not' }>;
    assert.equal(none.kind, 'not');
    assert.deepEqual(sub(none.child).cond, inLeaf(partner, 'id', [5]));
  });
});

describe('domain compiler: relations compared with text', () => {
  test('= and in search the related records by name; != and not in are the complement', () => {
    assert.deepEqual(sub(cond("[('parent_id', '=', 'Azure')]")), { field: 'parent_id', model: 'res.partner', cond: inLeaf(partner, 'name', ['Azure']), activeTest: false });
    const not = cond("[('parent_id', 'not in', ['Azure', 'Décor'])]") as Extract<Cond, { kind: 'not' }>;
    assert.equal(not.kind, 'not');
    assert.deepEqual(sub(not.child).cond, inLeaf(partner, 'name', ['Azure', 'Décor']));
    assert.equal(cond("[('category_id', '!=', 'VIP')]").kind, 'not');
    assert.deepEqual(sub(cond("[('order_line', '=', 'Desk')]", order)).activeTest, false, 'order lines cannot be archived');
  });

  test('like operators search the related names with their pattern', () => {
    const like = (domain: string) => sub(cond(domain)).cond;
    assert.deepEqual(like("[('category_id', '=like', 'V_P')]"), { kind: 'like', field: 'name', def: tag.fields.name, pattern: 'V_P', insensitive: false, negated: false });
    assert.deepEqual(like("[('parent_id', '=ilike', 'az%')]"), { kind: 'like', field: 'name', def: partner.fields.name, pattern: 'az%', insensitive: true, negated: false });
    assert.deepEqual(like("[('parent_id', 'like', 'zu')]"), { kind: 'like', field: 'name', def: partner.fields.name, pattern: '%zu%', insensitive: false, negated: false });
  });

  test('ranges and the like operators with anything but text are refused on a relation', () => {
    assert.equal(refusal("[('parent_id', '>', 'Azure')]"), "'>' cannot compare 'parent_id' with text");
    assert.equal(refusal("[('category_id', '<=', ['a'])]"), "'<=' cannot compare 'category_id' with text");
    assert.equal(refusal("[('parent_id', 'ilike', 5)]"), "'ilike' on the many2one 'parent_id' needs a text (the related record's name)");
    assert.equal(refusal("[('category_id', 'not like', 5)]"), "'not like' on the many2many 'category_id' needs a text (the related record's name)");
  });
});

describe('domain compiler: like', () => {
  test('like and ilike look for the text anywhere, =like and =ilike match the whole value; not like is the complement', () => {
    assert.deepEqual(cond("[('name', 'not ilike', 'az')]"), { kind: 'like', field: 'name', def: partner.fields.name, pattern: '%az%', insensitive: true, negated: true });
    assert.deepEqual(cond("[('name', 'not like', 'az')]"), { kind: 'like', field: 'name', def: partner.fields.name, pattern: '%az%', insensitive: false, negated: true });
    assert.deepEqual(ids("[('name', 'like', 'zur')]"), [1, 2]);
    assert.deepEqual(ids("[('name', 'like', 'Azur')]"), [1]);
    assert.deepEqual(ids("[('name', '=like', 'zur')]"), []);
    assert.deepEqual(ids("[('name', '=ilike', 'AZURE')]"), [1]);
    assert.deepEqual(ids("[('city', 'not like', 'Par')]"), [2, 3]);
  });

  test('a number is matched as its text; other values are refused', () => {
    assert.deepEqual(ids("[('credit_limit', 'like', 1)]"), [1]);
    assert.equal(refusal("[('name', 'like', True)]"), "'like' needs a text to match, found true");
    assert.equal(refusal("[('name', '=ilike', ['a'])]"), '\'=ilike\' needs a text to match, found ["a"]');
  });

  test('an empty pattern: =like is the empty value, not like on a relation that it is set', () => {
    assert.deepEqual(ids("[('city', '=like', None)]"), [2]);
    assert.deepEqual(ids("[('parent_id', '=like', False)]"), [1]);
    assert.deepEqual(ids("[('parent_id', 'not like', '')]"), [1]);
    assert.deepEqual(ids("[('parent_id', 'like', '')]"), [2, 3]);
    assert.deepEqual(cond("[('city', 'like', '')]"), { kind: 'and', children: [] });
    assert.deepEqual(cond("[('city', 'not ilike', False)]"), { kind: 'or', children: [] });
  });
});

describe('domain compiler: ranges', () => {
  test('each range keeps its operator and the value as stored', () => {
    for (const op of ['<', '<=', '>', '>='] as const) {
      assert.deepEqual(cond(`[('credit_limit', '${op}', 5)]`), { kind: 'range', field: 'credit_limit', def: partner.fields.credit_limit, op, value: 5 });
    }
    assert.deepEqual(ids("[('credit_limit', '>', 0)]"), [1]);
    assert.deepEqual(ids("[('credit_limit', '<=', 0)]"), [3]);
    assert.deepEqual(ids("[('name', '>=', 'B')]"), [2, 3]);
    assert.deepEqual(ids("[('parent_id', '<', 2)]"), [2, 3], 'a many2one compares its id');
  });

  test('a date field keeps the day as it is; a datetime takes the whole day only for > and <=', () => {
    const move = catalogue.get('account.move')!;
    const bound = (domain: string, model: Model) => (cond(domain, model) as Extract<Cond, { kind: 'range' }>).value;
    assert.equal(bound("[('invoice_date', '>', '2026-03-01')]", move), '2026-03-01');
    assert.equal(bound("[('invoice_date', '<=', '2026-03-01')]", move), '2026-03-01');
    assert.equal(bound("[('date_order', '>=', '2026-03-01')]", order), '2026-03-01 00:00:00');
    assert.equal(bound("[('date_order', '<', '2026-03-01')]", order), '2026-03-01 00:00:00');
    assert.equal(bound("[('date_order', '<=', '2026-03-01 08:00:00')]", order), '2026-03-01 08:00:00');
  });

  test('ranges need a value, and do not apply to x2many fields', () => {
    assert.equal(refusal("[('credit_limit', '<', None)]"), "'<' needs a value to compare with, found null");
    assert.equal(refusal("[('credit_limit', '>=', False)]"), "'>=' needs a value to compare with, found false");
    assert.equal(refusal("[('is_company', '>', False)]"), "'>' needs a value to compare with, found false");
    assert.equal(refusal("[('credit_limit', '<=', [1])]"), "'<=' needs a value to compare with, found [1]");
    assert.equal(refusal("[('child_ids', '>', 1)]"), "'>' cannot compare the one2many 'child_ids'");
    assert.equal(refusal("[('category_id', '<', 1)]"), "'<' cannot compare the many2many 'category_id'");
  });
});

describe('domain compiler: child_of and parent_of', () => {
  const tree = (domain: string, model: Model = partner) => {
    const leaf = cond(domain, model) as Extract<Cond, { kind: 'tree' }>;
    assert.equal(leaf.kind, 'tree');
    return { field: leaf.field, def: leaf.def, direction: leaf.direction, model: leaf.model.name, parent: leaf.parent, roots: leaf.roots };
  };

  test('ids, an empty list, and names (looked up by name, archived ones left out on id)', () => {
    assert.deepEqual(tree("[('id', 'parent_of', [1, 2])]"), { field: 'id', def: partner.fields.id, direction: 'parent_of', model: 'res.partner', parent: 'parent_id', roots: [1, 2] });
    assert.deepEqual(tree("[('partner_id', 'child_of', [])]", order).roots, []);
    assert.deepEqual(tree("[('partner_id', 'parent_of', 3)]", order), { field: 'partner_id', def: order.fields.partner_id, direction: 'parent_of', model: 'res.partner', parent: 'parent_id', roots: [3] });
    const byName = tree("[('id', 'child_of', ['Azure'])]").roots as { model: Model; cond: Cond; activeTest: boolean };
    assert.deepEqual([byName.model.name, byName.cond, byName.activeTest], ['res.partner', inLeaf(partner, 'name', ['Azure']), true]);
  });

  test('roots are record ids or names, not a mix nor anything else', () => {
    assert.equal(refusal("[('id', 'child_of', [1, 'Azure'])]"), '\'child_of\' needs record ids or names, found "Azure"');
    assert.equal(refusal("[('id', 'parent_of', 1.5)]"), "'parent_of' needs record ids or names, found 1.5");
    assert.equal(refusal("[('id', 'child_of', [True])]"), "'child_of' needs record ids or names, found true");
  });

  test('they apply to id and many2one fields of a model with a parent_id', () => {
    assert.equal(refusal("[('category_id', 'child_of', 1)]"), "'child_of' applies to 'id' or a many2one, not to 'category_id'");
    assert.equal(refusal("[('city', 'parent_of', 1)]"), "'parent_of' applies to 'id' or a many2one, not to 'city'");
    assert.equal(refusal("[('id', 'parent_of', 1)]", order), "'parent_of' needs a parent_id on 'sale.order'");
    assert.equal(refusal("[('order_id', 'child_of', 1)]", catalogue.get('sale.order.line')!), "'child_of' needs a parent_id on 'sale.order'");
  });

  test('a parent_id must point to its own model, and child_of needs it indexed and built', () => {
    const models = buildCatalogue([
      ...demoModels,
      { name: 'x.node', description: 'Nodes', fields: { name: char(), parent_id: many2one('res.partner', { index: true }), up_id: many2one('x.node') } },
      { name: 'x.leaf', description: 'Leaves', fields: { name: char(), parent_id: integer() } },
      { name: 'x.tree', description: 'Tree', fields: { name: char(), parent_id: many2one('x.tree') } },
    ]);
    const node = models.get('x.node')!;
    const refused = (model: Model, domain: string) => thrown(() => compileQuery(model, parseDomain(domain), models)).message;
    assert.match(refused(node, "[('id', 'child_of', 1)]"), /'child_of' needs a parent_id on 'x.node'/);
    assert.match(refused(models.get('x.leaf')!, "[('id', 'parent_of', 1)]"), /'parent_of' needs a parent_id on 'x.leaf'/);
    const unindexed = models.get('x.tree')!;
    assert.match(refused(unindexed, "[('id', 'child_of', 1)]"), /'child_of' needs an indexed parent_id on 'x.tree'/);
    const up = compileQuery(unindexed, parseDomain("[('id', 'parent_of', 'a')]"), models).cond as Extract<Cond, { kind: 'tree' }>;
    assert.equal((up.roots as { activeTest: boolean }).activeTest, false, 'parent_of needs no index; names of a model without active');
    assert.match(refused(node, "[('up_id', 'child_of', 1)]"), /'child_of' needs an indexed up_id on 'x.node'/);
    const building = { ...partner, building: ['parent_id'] };
    const e = thrown(() => compileQuery(building, parseDomain("[('id', 'child_of', 1)]"), catalogue));
    assert.equal(e.code, 'INDEX_BUILDING');
    assert.deepEqual(e.details, { model: 'res.partner', field: 'parent_id', path: 'id child_of' });
    assert.equal((compileQuery(building, parseDomain("[('id', 'parent_of', 1)]"), catalogue).cond as { kind: string }).kind, 'tree');
  });
});
