/**
 * `npm run screenshots`: the pictures of the console in docs/operating.md, taken in headless
 * Chromium on a fresh embedded stack with a few calls made, written to docs/console-*.png.
 */
import { join } from 'node:path';
import { test } from 'node:test';
import { startTestApi } from './support/api';
import { createUser } from './support/auth';
import { startBrowser } from './support/browser';
import { allLogs } from './support/logs';

const docs = join(import.meta.dirname, '..', 'docs');

test('screenshots of the console', { timeout: 300_000 }, async () => {
  const api = await startTestApi();
  const browser = await startBrowser();
  try {
    await createUser('ops', 'operator pass phrase', { name: 'Operations', companyId: 1, allowedCompanyIds: 'all' }, { operator: true });
    await api.createKey({ name: 'Shop sync', companyId: 1, routes: ['create_data', 'search_data'] });
    await api.createKey({ name: 'POS', companyId: 1, allowedCompanyIds: 'all' });
    const create = (model: string, payload: unknown) => api.call('/api/create_data', { model, vals: { payload } });
    await create('res.partner', { name: 'Azure Interior', ref: 'C001' });
    await create('product.product', { name: 'Desk', default_code: 'DESK', list_price: 99.5 });
    await create('sale.order', { partner_id: { ref: 'C002' }, order_line: [{ product_id: { default_code: 'DESK' }, product_uom_qty: 2 }] });
    await create('sale.order', { partner_id: { ref: 'C001' }, order_line: [{ product_id: { default_code: 'DESK' }, product_uom_qty: 2, price_unit: 99.5 }] });
    await api.call('/api/search_data', { model: 'sale.order', vals: { payload: { search_domain: "[('state', '=', 'draft')]", search_field: ['name', 'amount_total'] } } });
    await api.call('/api/update_data', { model: 'res.partner', vals: { search_key: { ref: 'C001' }, payload: { phone: '+66 2 000 0000' } } });
    await api.setParam('preview_limit', '4000');

    const { page } = await browser.page();
    await page.setViewport({ width: 1000, height: 520 });
    await page.goto(`${api.url}/console/`);
    await page.waitForSelector('form.login');
    await page.type('input[name=login]', 'ops');
    await page.type('input[name=password]', 'operator pass phrase');
    await page.click('form.login button[type=submit]');
    await page.waitForSelector('section.logs tbody tr');
    await page.screenshot({ path: join(docs, 'console-logs.png') });
    const [failed] = await allLogs({ state: 'failed' });
    await page.goto(`${api.url}/console/#/log/${failed!.log_id}`);
    await page.waitForSelector('pre.response');
    await page.screenshot({ path: join(docs, 'console-log.png') });
    // The customer the failed order named now exists: its replay's dry run passes.
    await create('res.partner', { name: 'Deco Addict', ref: 'C002' });
    await page.click('.replay button');
    await page.waitForSelector('.replay pre.would');
    await (await page.$('.replay'))!.screenshot({ path: join(docs, 'console-replay.png') });
    await page.goto(`${api.url}/console/#/params`);
    await page.waitForSelector('section.params tbody tr');
    await page.screenshot({ path: join(docs, 'console-params.png') });
    await page.goto(`${api.url}/console/#/keys`);
    await page.waitForSelector('section.keys tbody tr');
    await page.screenshot({ path: join(docs, 'console-keys.png') });
  } finally {
    await browser.close();
    await api.stop();
  }
});
