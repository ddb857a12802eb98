import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ATTACHMENTS, WritePlan, afterUpdate, type UpdateOp } from '../../shared/plan';
import { crates } from '../support/crates';
import { NOW, state } from '../support/plan';

test('a stored record after an update: values set, ids linked and unlinked, sums added and rounded', () => {
  const { catalogue, crate } = crates();
  const stored = { ...state('crate', 1, { name: 'A', label_ids: [2, 5], item_ids: null, units: 4, weight: 0.1 }), attachments: [6, 3] };
  const plan = new WritePlan(catalogue, NOW);
  plan.update(crate, stored, { name: 'B' }, { link: { label_ids: [1, 9] }, unlink: { label_ids: [5] } });
  plan.link('crate', 1, 'item_ids', [8, 7]);
  plan.link('crate', 1, ATTACHMENTS, [4]);
  plan.unlink('crate', 1, ATTACHMENTS, [6]);
  plan.increment('crate', 1, 'weight', 0.2, 1);
  plan.increment('crate', 1, 'units', -1);
  const op = plan.list()[0] as UpdateOp;
  assert.deepEqual(afterUpdate(op), {
    values: { name: 'B', label_ids: [1, 2, 9], item_ids: [7, 8], units: 3, weight: 0.3, write_date: NOW },
    attachments: [3, 4],
  });
  assert.deepEqual(stored.attachments, [6, 3], 'the record read is left as it was');
});

test('a sum without digits is added as is; one never stored starts from zero', () => {
  const { catalogue } = crates();
  const plan = new WritePlan(catalogue, NOW);
  plan.increment('crate.item', 2, 'qty', 0.1);
  plan.increment('crate.item', 2, 'qty', 0.2);
  plan.increment('crate', 1, 'units', 2);
  const [item, crate] = plan.list() as UpdateOp[];
  assert.deepEqual(afterUpdate(item!, state('crate.item', 2, { qty: 1 })).values, { qty: 1 + (0.1 + 0.2) });
  assert.deepEqual(afterUpdate(crate!, state('crate', 1, {})).values, { units: 2 });
});
