import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REQUEST_MS, budgetFor } from '../../shared/lambda/budget';

test('a request\'s phases come one after another and end before its function does', () => {
  for (const remaining of [28_000, 8_000, 1_000]) {
    const b = budgetFor(1_000, remaining);
    assert.ok(b.startedAt < b.workUntil && b.workUntil < b.commitUntil && b.commitUntil < b.undoUntil && b.undoUntil < b.logUntil && b.logUntil < b.end);
    assert.ok(b.end <= 1_000 + remaining);
  }
});

test('a request never runs past what API Gateway waits for, however long its function may run', () => {
  const b = budgetFor(0, 900_000);
  assert.equal(b.end, MAX_REQUEST_MS);
  assert.ok(MAX_REQUEST_MS < 29_000);
});
