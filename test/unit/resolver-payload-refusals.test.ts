/**
 * What a caller reads when a record payload is refused: the code, the message and the details
 * (`error.data.details`: the field and the path in the payload), for each way a payload is wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCatalogue, catalogue } from '../../shared/catalogue';
import { char, selection } from '../../shared/catalogue/fields';
import { servedCatalogue } from '../../shared/migration/view';
import { MAX_INDEXED_VALUE_BYTES } from '../../shared/store/keys';
import { MAX_LINE_DEPTH, MAX_LINES, readPayload } from '../../shared/resolver/payload';
import { thrown } from '../support/errors';

const read = (name: string, payload: unknown, mode: 'create' | 'update' = 'create') =>
  readPayload(catalogue.get(name)!, payload, { catalogue, mode });
const refusal = (name: string, payload: unknown, mode: 'create' | 'update' = 'create') => {
  const e = thrown(() => read(name, payload, mode));
  return { code: e.code, message: e.message, details: e.details };
};
const LOOKUP_FORMS = '(expected {"<lookup field>": value}, {"id": n}, an id, or null)';

test('a payload that is not an object is refused as a whole', () => {
  for (const payload of [null, [], 'x', 5]) {
    assert.deepEqual(refusal('res.partner', payload), {
      code: 'INVALID_VALUE',
      message: "Parameter 'payload' in 'vals' must be an object",
      details: { path: 'payload' },
    });
  }
});

test('a field of a line is named by its path from the top record', () => {
  assert.deepEqual(refusal('sale.order', { partner_id: 1, order_line: [{ product_id: 1 }, { product_id: 1, nope: 1 }] }), {
    code: 'UNKNOWN_FIELD',
    message: "Field 'nope' does not exist on model 'sale.order.line'",
    details: { model: 'sale.order.line', field: 'nope', path: 'order_line[1].nope' },
  });
  assert.deepEqual(refusal('sale.order', { partner_id: 1, order_line: [{ product_id: 1, order_id: 5 }] }), {
    code: 'READONLY',
    message: "Field 'order_id' of 'sale.order.line' cannot be written",
    details: { field: 'order_id', path: 'order_line[0].order_id' },
  });
  assert.deepEqual(refusal('sale.order', { partner_id: 1, amount_total: 5 }), {
    code: 'READONLY',
    message: "Field 'amount_total' of 'sale.order' cannot be written",
    details: { field: 'amount_total', path: 'amount_total' },
  });
});

test('a line leaves the field its parent fills in to the parent, though the field is required', () => {
  const node = read('sale.order', { partner_id: 1, order_line: [{ product_id: 2 }] });
  const [line] = node.one2many.get('order_line')!.lines;
  assert.equal(line?.inverse, 'order_id');
  assert.equal(line?.path, 'order_line[0]');
  assert.equal(line?.many2one.get('product_id')?.value, 2);
  assert.equal(line?.many2one.has('order_id'), false);
});

test('a file field is written through attachment_ids, not as a value', () => {
  assert.deepEqual(refusal('ir.attachment', { name: 'a.pdf', datas: 'aGk=' }), {
    code: 'INVALID_VALUE',
    message: "Field 'datas' is written through 'attachment_ids'",
    details: { field: 'datas', path: 'datas' },
  });
});

test('a value of an indexed field must fit an index entry; other text fields take longer values', () => {
  const long = 'é'.repeat(MAX_INDEXED_VALUE_BYTES / 2 + 1);
  assert.deepEqual(refusal('res.partner', { name: long }), {
    code: 'INVALID_VALUE',
    message: `Invalid value for 'name': longer than the ${MAX_INDEXED_VALUE_BYTES} bytes an indexed field holds`,
    details: { field: 'name', path: 'name' },
  });
  assert.equal(read('res.partner', { name: 'é'.repeat(MAX_INDEXED_VALUE_BYTES / 2) }).scalars.name, 'é'.repeat(MAX_INDEXED_VALUE_BYTES / 2));
  assert.equal(read('res.partner', { name: 'x', street: long }).scalars.street, long);
});

test('a many2one value that is neither a lookup, an id nor null says which forms it takes', () => {
  for (const [raw, shown] of [
    ['C', "'C'"],
    [['C1'], '["C1"]'],
    [true, 'true'],
    [{ ref: 'a', name: 'b' }, '{"ref":"a","name":"b"}'],
    [0, '0'],
    [{ id: 1.5 }, '{"id":1.5}'],
  ] as const) {
    assert.deepEqual(refusal('sale.order', { partner_id: raw }), {
      code: 'INVALID_VALUE',
      message: `Invalid value for 'partner_id': ${shown} ${LOOKUP_FORMS}`,
      details: { field: 'partner_id', path: 'partner_id' },
    });
  }
});

test('a lookup names a field of the target model, and its value is checked as that field’s', () => {
  assert.deepEqual(refusal('sale.order', { partner_id: { nope: 'x' } }), {
    code: 'UNKNOWN_FIELD',
    message: "Field 'nope' does not exist on model 'res.partner'",
    details: { model: 'res.partner', field: 'nope', path: 'partner_id.nope' },
  });
  assert.deepEqual(refusal('sale.order', { partner_id: { ref: 5 } }), {
    code: 'INVALID_VALUE',
    message: "Invalid value for 'ref': 5 (expected a string)",
    details: { field: 'ref', path: 'partner_id.ref', expected: 'a string' },
  });
  assert.deepEqual(refusal('sale.order', { partner_id: { ref: 'x'.repeat(MAX_INDEXED_VALUE_BYTES + 1) } }), {
    code: 'INVALID_VALUE',
    message: `Invalid value for 'ref': longer than the ${MAX_INDEXED_VALUE_BYTES} bytes an indexed field holds`,
    details: { field: 'ref', path: 'partner_id.ref' },
  });
  const ref = read('sale.order', { partner_id: { ref: 'x'.repeat(MAX_INDEXED_VALUE_BYTES) } }).many2one.get('partner_id');
  assert.equal(ref?.value, 'x'.repeat(MAX_INDEXED_VALUE_BYTES));
});

test('a lookup by a field without a usable index says which fields can be used', () => {
  assert.deepEqual(refusal('sale.order', { partner_id: { city: 'Paris' } }), {
    code: 'NOT_INDEXED',
    message: "Field 'city' of 'res.partner' is not indexed and cannot be used to find records; use one of: id, name, email, ref, company_id, parent_id",
    details: { model: 'res.partner', field: 'city', path: 'partner_id.city', indexed: ['id', 'name', 'email', 'ref', 'company_id', 'parent_id'] },
  });
  // Over records stored before the catalogue indexed them, the index is not read until built...
  const lagging = servedCatalogue(catalogue, new Map());
  const e = thrown(() => readPayload(lagging.get('sale.order')!, { partner_id: { ref: 'C1' } }, { catalogue: lagging, mode: 'create' }));
  assert.deepEqual([e.code, e.details], ['INDEX_BUILDING', { model: 'res.partner', field: 'ref', path: 'partner_id.ref' }]);
  // ...but every write keeps it, so a value must fit it already.
  const partner = lagging.get('res.partner')!;
  const long = 'x'.repeat(MAX_INDEXED_VALUE_BYTES + 1);
  assert.equal(thrown(() => readPayload(partner, { name: 'x', email: long }, { catalogue: lagging, mode: 'create' })).details.path, 'email');
});

test('a lookup by a many2one field takes a record id, and says so when sent anything else', () => {
  const ref = read('sale.order', { partner_id: { parent_id: 7 } }).many2one.get('partner_id');
  assert.deepEqual([ref?.by, ref?.value, ref?.path], ['parent_id', 7, 'partner_id']);
  for (const [raw, shown] of [
    ['abc', "'abc'"],
    [{ ref: 'C1' }, '{"ref":"C1"}'],
    [1.5, '1.5'],
  ] as const) {
    assert.deepEqual(refusal('sale.order', { partner_id: { parent_id: raw } }), {
      code: 'INVALID_VALUE',
      message: `Invalid value for 'parent_id': ${shown} (expected a record id)`,
      details: { field: 'parent_id', path: 'partner_id.parent_id', expected: 'a record id' },
    });
  }
  assert.equal(refusal('sale.order', { partner_id: { parent_id: null } }).message, "Cannot look up 'partner_id' by an empty 'parent_id'");
});

test('a lookup by an empty value is refused: it would match every record without one', () => {
  for (const empty of ['', null]) {
    assert.deepEqual(refusal('sale.order', { partner_id: { ref: empty } }), {
      code: 'INVALID_VALUE',
      message: "Cannot look up 'partner_id' by an empty 'ref'",
      details: { field: 'partner_id', path: 'partner_id' },
    });
  }
});

test('an x2many value that is neither a list nor {mode, records} is INVALID_MODE, with what is wrong', () => {
  const expected = (message: string, extra: Record<string, unknown> = {}) => ({
    code: 'INVALID_MODE',
    message,
    details: { field: 'category_id', path: 'category_id', ...extra },
  });
  for (const raw of [5, 'x', true]) {
    assert.deepEqual(
      refusal('res.partner', { name: 'x', category_id: raw }),
      expected(`Invalid value for 'category_id': expected a list or {"mode": ..., "records": [...]}`),
    );
  }
  assert.deepEqual(
    refusal('res.partner', { name: 'x', category_id: { mode: 'add', record: [] } }),
    expected("Invalid key 'record' in 'category_id': expected 'mode' and 'records'"),
  );
  assert.deepEqual(refusal('res.partner', { name: 'x', category_id: { mode: 'set' } }), expected("'mode' must be 'add' or 'replace'", { mode: 'set' }));
  assert.deepEqual(
    refusal('res.partner', { name: 'x', category_id: { mode: 'add', records: { name: 'a' } } }),
    expected("'records' of 'category_id' must be a list"),
  );
});

test('{mode, records} keeps the mode; records left out are none', () => {
  const node = read('res.partner', { name: 'x', category_id: { mode: 'add', records: [{ name: 'a' }, 3] } });
  const { mode, refs } = node.many2many.get('category_id')!;
  assert.equal(mode, 'add');
  assert.deepEqual(
    refs.map((r) => [r.by, r.value, r.path]),
    [
      ['name', 'a', 'category_id[0]'],
      ['id', 3, 'category_id[1]'],
    ],
  );
  assert.deepEqual(read('res.partner', { name: 'x', child_ids: { mode: 'add' } }).one2many.get('child_ids'), { mode: 'add', lines: [] });
});

test('a many2many record is named by its index in the list', () => {
  assert.deepEqual(refusal('res.partner', { name: 'x', category_id: [{ name: 'a' }, null] }), {
    code: 'INVALID_VALUE',
    message: `Invalid value for 'category_id': null ${LOOKUP_FORMS}`,
    details: { field: 'category_id', path: 'category_id[1]' },
  });
  assert.deepEqual(refusal('res.partner', { name: 'x', category_id: [{ nope: 'a' }] }), {
    code: 'UNKNOWN_FIELD',
    message: "Field 'nope' does not exist on model 'res.partner.category'",
    details: { model: 'res.partner.category', field: 'nope', path: 'category_id[0].nope' },
  });
});

/** A contact with `levels` generations of contacts below it, one a generation. */
function nested(levels: number): Record<string, unknown> {
  let payload: Record<string, unknown> = { name: `level ${levels}` };
  for (let level = levels - 1; level >= 0; level--) payload = { name: `level ${level}`, child_ids: [payload] };
  return payload;
}

test(`lines nest ${MAX_LINE_DEPTH} levels deep, not more`, () => {
  let node = read('res.partner', nested(MAX_LINE_DEPTH));
  for (let level = 1; level <= MAX_LINE_DEPTH; level++) node = node.one2many.get('child_ids')!.lines[0]!;
  assert.equal(node.scalars.name, `level ${MAX_LINE_DEPTH}`);
  assert.equal(node.path, 'child_ids[0].'.repeat(MAX_LINE_DEPTH - 1) + 'child_ids[0]');
  assert.deepEqual(refusal('res.partner', nested(MAX_LINE_DEPTH + 1)), {
    code: 'LIMIT_EXCEEDED',
    message: `Lines are nested deeper than ${MAX_LINE_DEPTH} levels`,
    details: { path: 'child_ids[0].'.repeat(MAX_LINE_DEPTH) + 'child_ids', limit: MAX_LINE_DEPTH },
  });
});

test(`the lines of a request count together, at every level, up to ${MAX_LINES}`, () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
  const half = MAX_LINES / 2;
  const node = read('res.partner', { name: 'x', child_ids: [{ name: 'a', child_ids: lines(half - 1) }, ...lines(half)] });
  assert.equal(node.one2many.get('child_ids')?.lines.length, half + 1);
  assert.deepEqual(refusal('res.partner', { name: 'x', child_ids: [{ name: 'a', child_ids: lines(half) }, ...lines(half)] }), {
    code: 'LIMIT_EXCEEDED',
    message: `More than ${MAX_LINES} lines in one request`,
    details: { path: 'child_ids[0].child_ids', limit: MAX_LINES },
  });
});

test('a line that is not an object is named by its index', () => {
  assert.deepEqual(refusal('res.partner', { name: 'x', child_ids: [{ name: 'a' }, 'b'] }), {
    code: 'INVALID_VALUE',
    message: "Line 1 of 'child_ids' must be an object",
    details: { field: 'child_ids', path: 'child_ids[1]' },
  });
});

test('a missing required field is named with its model and its path', () => {
  assert.deepEqual(refusal('sale.order', { partner_id: 1, order_line: [{ product_id: 1 }, { name: 'no product' }] }), {
    code: 'REQUIRED',
    message: "Field 'product_id' of 'sale.order.line' is required",
    details: { field: 'product_id', path: 'order_line[1].product_id', model: 'sale.order.line' },
  });
  assert.deepEqual(refusal('res.partner', {}), {
    code: 'REQUIRED',
    message: "Field 'name' of 'res.partner' is required",
    details: { field: 'name', path: 'name', model: 'res.partner' },
  });
});

test('an update may not clear a required value field, nor a required many2one', () => {
  for (const cleared of [null, false]) {
    assert.deepEqual(refusal('res.partner', { name: cleared }, 'update'), {
      code: 'REQUIRED',
      message: "Field 'name' of 'res.partner' is required",
      details: { field: 'name', path: 'name', model: 'res.partner' },
    });
    assert.equal(refusal('sale.order', { partner_id: cleared }, 'update').code, 'REQUIRED');
  }
  assert.equal(read('res.partner', { name: 'y', email: null }, 'update').scalars.email, null);
});

test('a required field with a default may be left out of a new record, not cleared by an update', () => {
  const tasks = buildCatalogue([
    {
      name: 'project.task',
      description: 'Tasks',
      fields: {
        name: char({ required: true }),
        stage: selection([['open', 'Open'], ['done', 'Done']], { required: true, default: 'open' }),
      },
    },
  ]);
  const task = tasks.get('project.task')!;
  const node = readPayload(task, { name: 't' }, { catalogue: tasks, mode: 'create' });
  assert.deepEqual(node.scalars, { name: 't' });
  assert.equal(thrown(() => readPayload(task, { stage: 'open' }, { catalogue: tasks, mode: 'create' })).details.field, 'name');
  assert.equal(thrown(() => readPayload(task, { stage: null }, { catalogue: tasks, mode: 'update' })).details.field, 'stage');
});
