import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebhookError, quote } from '../../shared/envelope';

test('an error is named WebhookError and answers with its code’s HTTP status', () => {
  const handled = new WebhookError('NOT_FOUND', "'X' found no match.");
  assert.equal(String(handled), "WebhookError: 'X' found no match.");
  assert.deepEqual([handled.status, new WebhookError('PARSE_ERROR', 'bad').status, new WebhookError('INTERNAL', 'x').status], [200, 400, 500]);
});

test('values are quoted as the original module quotes them: text as is, anything else as JSON', () => {
  assert.deepEqual([quote('C001'), quote(''), quote(3), quote(null), quote(['a', 1])], ["'C001'", "''", "'3'", "'null'", `'["a",1]'`]);
});
