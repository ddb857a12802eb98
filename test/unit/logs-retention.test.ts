import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RETENTION_DAYS, RETENTION_TAG, retentionClass, retentionTagging } from '../../shared/logs/retention';

test('log_retention_days rounds up to a retention class for spilled bodies; 0 and beyond the longest class keep them', () => {
  assert.deepEqual([0, 1, 2, 7, 8, 365, 1825].map(retentionClass), [null, 1, 3, 7, 14, 365, 1825]);
  assert.equal(retentionClass(1826), null);
  assert.equal(retentionTagging(10), `${RETENTION_TAG}=14`);
  assert.equal(retentionTagging(0), undefined);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1825 }), (days) => {
      const kept = retentionClass(days)!;
      return kept >= days && RETENTION_DAYS.filter((d) => d >= days)[0] === kept;
    }),
  );
});
