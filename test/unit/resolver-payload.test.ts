import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { catalogue } from '../../shared/catalogue';
import { WebhookError } from '../../shared/envelope';
import { MAX_LINES, readPayload } from '../../shared/resolver';

const runs = Number(process.env.FC_RUNS ?? 1000);
const model = (name: string) => catalogue.get(name)!;
const read = (name: string, payload: unknown, mode: 'create' | 'update' = 'create') => readPayload(model(name), payload, { catalogue, mode });
const code = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof WebhookError) return e.code;
    throw e;
  }
};

test('many2one forms: lookup object, {"id": n}, bare id, null and false', () => {
  const node = read('sale.order', { partner_id: { ref: 'C1' } });
  assert.deepEqual({ ...node.many2one.get('partner_id'), target: undefined }, { field: 'partner_id', target: undefined, by: 'ref', value: 'C1', path: 'partner_id' });
  assert.equal(read('sale.order', { partner_id: { id: 4 } }).many2one.get('partner_id')?.by, 'id');
  assert.equal(read('sale.order', { partner_id: 4 }).many2one.get('partner_id')?.value, 4);
  assert.equal(read('res.partner', { name: 'x', parent_id: null }).many2one.get('parent_id'), null);
  assert.equal(read('res.partner', { name: 'x', parent_id: false }).many2one.get('parent_id'), null);
});

test('a many2one lookup needs exactly one key naming id or an indexed field', () => {
  assert.equal(code(() => read('sale.order', { partner_id: { ref: 'a', name: 'b' } })), 'INVALID_VALUE');
  assert.equal(code(() => read('sale.order', { partner_id: {} })), 'INVALID_VALUE');
  assert.equal(code(() => read('sale.order', { partner_id: 'C1' })), 'INVALID_VALUE');
  assert.equal(code(() => read('sale.order', { partner_id: { city: 'Paris' } })), 'NOT_INDEXED');
  assert.equal(code(() => read('sale.order', { partner_id: { id: 'x' } })), 'INVALID_VALUE');
  assert.equal(code(() => read('sale.order', { partner_id: -1 })), 'INVALID_VALUE');
});

test('x2many values: mode defaults to replace, a bare list is replace, null clears', () => {
  const node = read('res.partner', { name: 'x', category_id: { records: [{ name: 'a' }] }, child_ids: [{ name: 'c' }] });
  assert.equal(node.many2many.get('category_id')?.mode, 'replace');
  assert.equal(node.one2many.get('child_ids')?.mode, 'replace');
  assert.equal(node.one2many.get('child_ids')?.lines[0]?.path, 'child_ids[0]');
  assert.deepEqual(read('res.partner', { name: 'x', category_id: null }).many2many.get('category_id'), { mode: 'replace', refs: [] });
  assert.equal(code(() => read('res.partner', { name: 'x', category_id: { mode: 'set' } })), 'INVALID_MODE');
  assert.equal(code(() => read('res.partner', { name: 'x', category_id: { mode: 'add', record: [] } })), 'INVALID_MODE');
  assert.equal(code(() => read('res.partner', { name: 'x', child_ids: ['not a line'] })), 'INVALID_VALUE');
});

test('a line may not set the field its parent fills in', () => {
  assert.equal(code(() => read('sale.order', { partner_id: 1, order_line: [{ product_id: 1, order_id: 5 }] })), 'READONLY');
});

test('required fields are checked on create, and on update only when cleared', () => {
  assert.equal(code(() => read('sale.order', {})), 'REQUIRED');
  assert.equal(code(() => read('sale.order', {}, 'update')), 'ok');
  assert.equal(code(() => read('sale.order', { partner_id: null }, 'update')), 'REQUIRED');
  assert.equal(code(() => read('sale.order', { partner_id: 1, order_line: [{}] }, 'update')), 'REQUIRED');
});

test('attachments are decoded, checked and hashed', () => {
  const node = read('res.partner', { name: 'x', attachment_ids: [{ name: 'a.pdf', datas: Buffer.from('hello').toString('base64') }] });
  const [a] = node.attachments;
  assert.equal(a?.bytes.toString(), 'hello');
  assert.equal(a?.mimetype, 'application/pdf');
  assert.equal(a?.checksum, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  assert.equal(code(() => read('res.partner', { name: 'x', attachment_ids: [{ name: 'a', datas: 'not base64!' }] })), 'INVALID_ATTACHMENT');
  assert.equal(code(() => read('res.partner', { name: 'x', attachment_ids: [{ datas: 'aGk=' }] })), 'INVALID_ATTACHMENT');
  assert.equal(code(() => read('res.partner', { name: 'x', attachment_ids: [{ name: 'a' }] })), 'INVALID_ATTACHMENT');
});

test('more lines than the limit are LIMIT_EXCEEDED', () => {
  const lines = Array.from({ length: MAX_LINES + 1 }, () => ({ product_id: 1 }));
  assert.equal(code(() => read('sale.order', { partner_id: 1, order_line: lines })), 'LIMIT_EXCEEDED');
});

test('any JSON payload is read or refused with a code, never an untyped error', () => {
  const models = [...catalogue.models.keys()];
  const fieldNames = [...new Set([...catalogue.models.values()].flatMap((m) => Object.keys(m.fields))), 'attachment_ids', 'mode', 'records'];
  const value = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue({ maxDepth: 2 }),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...fieldNames), tie('value'), { maxKeys: 4 }),
    ),
  })).value;
  fc.assert(
    fc.property(fc.constantFrom(...models), fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 6 }), fc.boolean(), (m, payload, update) => {
      const result = code(() => read(m, payload, update ? 'update' : 'create'));
      return typeof result === 'string';
    }),
    { numRuns: runs },
  );
});
