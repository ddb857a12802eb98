import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import type { RecordState } from '../../shared/plan';
import { readSearchFields, renderRecords } from '../../shared/query';
import { tooManyToCount, tooManyToSort } from '../../shared/query/errors';
import type { SearchScope } from '../../shared/query/execution/resolve';
import { WebhookError } from '../../shared/envelope';

const attachment = catalogue.get('ir.attachment')!;
const file = (id: number, size: number): RecordState => ({ model: attachment.name, id, values: { name: `f${id}`, datas: `files/${id}`, file_size: size }, version: 1, attachments: [] });
// The files are refused before anything is read: no store is reached, so no access is needed.
const scope = { catalogue, access: {} } as SearchScope;

test('files asked for that would make the answer too large are refused, with their size, before any is read', async () => {
  const projection = readSearchFields(attachment, ['name', 'datas'], catalogue);
  // 1,500 bytes are 2,000 characters of base64; two such files 4,000.
  await assert.rejects(renderRecords(scope, projection, [file(1, 1500), file(2, 1500)], 3999), (e: unknown) => {
    assert.ok(e instanceof WebhookError);
    assert.equal(e.code, 'LIMIT_EXCEEDED');
    assert.equal(
      e.message,
      "The file contents asked for, base64-encoded, would be 4000 bytes, more than a response may hold; ask for fewer records ('limit') or fields ('search_field')",
    );
    assert.deepEqual(e.details, { bytes: 4000, max: 3999 });
    return true;
  });
});

test('an order sorted in memory, and a count, say how many matches they read at most and what to change', () => {
  const sort = tooManyToSort(5000);
  assert.equal(sort.code, 'LIMIT_EXCEEDED');
  assert.equal(
    sort.message,
    'This order sorts in memory, which reads at most 5000 matching records, and more match; narrow search_domain, or order by id or an indexed field',
  );
  assert.deepEqual(sort.details, { path: 'order', limit: 5000 });
  const count = tooManyToCount(5000);
  assert.equal(count.code, 'LIMIT_EXCEEDED');
  assert.equal(count.message, "'count' counts at most 5000 matching records, and more match; narrow search_domain or leave 'count' out");
  assert.deepEqual(count.details, { path: 'count', limit: 5000 });
});
