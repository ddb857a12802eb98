import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../../shared/catalogue';
import { renderReturn } from '../../shared/operations/call';
import type { OperationContext } from '../../shared/operations/context';

const ctx = {
  catalogue,
  params: { ignoreCheckCompanyModels: [] as string[] },
  principal: { name: 'test', id: 'key:test', companyId: 1, allowedCompanyIds: 'all' },
} as unknown as OperationContext;

test("a method's return value is rendered as JSON: dates as Odoo text, records as search_data rows", async () => {
  const tag = { model: 'res.partner.category', id: 4, version: 2, attachments: [], values: { name: 'VIP', color: null, active: true, create_date: '2026-01-01 00:00:00', write_date: '2026-01-02 00:00:00' } };
  const rendered = await renderReturn(ctx, { when: new Date(Date.UTC(2026, 0, 31, 23, 59, 1)), tags: [tag], missing: undefined, n: 3 });
  assert.deepEqual(rendered, {
    when: '2026-01-31 23:59:01',
    tags: [{ id: 4, display_name: 'VIP', create_date: '2026-01-01 00:00:00', write_date: '2026-01-02 00:00:00', name: 'VIP', color: false, active: true }],
    missing: null,
    n: 3,
  });
  assert.equal(await renderReturn(ctx, undefined), null);
});
