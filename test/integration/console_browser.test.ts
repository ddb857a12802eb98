/**
 * The operators' console in a real browser (headless Chromium): login, the logs listed and
 * filtered, one log, a parameter change, a key made and revoked, a replay (dry run first). Any script error,
 * console error or Content-Security-Policy violation in the page fails the test that caused it.
 */
import assert from 'node:assert/strict';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { after, afterEach, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { useTestApi } from '../support/api';
import { createUser } from '../support/auth';
import { startBrowser, type TestBrowser } from '../support/browser';
import { allLogs } from '../support/logs';
import { unique } from '../support/records';

const PASSWORD = 'operator pass phrase';
const XSS_NAME = `<img src=x onerror="window.__xss='name'"><script>window.__xss='script'</script>`;
const XSS_MODEL = `<img src=x onerror="window.__xss='model'">`;

let browser: TestBrowser;
let page: Page;
let problems: string[];
let operator: string;
let plain: string;
const ssm = new SSMClient({});
const missingRef = unique('missing-');
const orderParams = { model: 'sale.order', vals: { payload: { partner_id: { ref: missingRef } } } };

const api = useTestApi(async () => {
  operator = unique('op-');
  plain = unique('plain-');
  await Promise.all([
    createUser(operator, PASSWORD, { companyId: 1, allowedCompanyIds: 'all' }, { operator: true }),
    createUser(plain, PASSWORD, { companyId: 1 }),
  ]);
  await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Azure Interior' } } });
  await api.call('/api/create_data', orderParams);
  await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: XSS_NAME } } });
  await api.call('/api/create_data', { model: XSS_MODEL, vals: { payload: {} } });
  browser = await startBrowser();
  ({ page, problems } = await browser.page());
});
after(async () => {
  ssm.destroy();
  await browser?.close();
});
afterEach(() => {
  assert.deepEqual(problems.splice(0), [], 'no script error, console error or CSP violation in the page');
});

const texts = (selector: string) => page.$$eval(selector, (els) => els.map((e) => e.textContent ?? ''));

/** Waits until the listing shows exactly these logs (it is rebuilt on each filter). */
async function waitForRows(ids: string[]): Promise<void> {
  const shown = `JSON.stringify([...document.querySelectorAll('section.logs tbody tr')].map((r) => r.getAttribute('data-log-id')))`;
  await page.waitForFunction(`${shown} === ${JSON.stringify(JSON.stringify(ids))}`, { timeout: 20_000 });
}

async function logIn(login: string): Promise<void> {
  await page.waitForSelector('form.login');
  for (const input of ['input[name=login]', 'input[name=password]']) await page.$eval(input, (el) => ((el as unknown as { value: string }).value = ''));
  await page.type('input[name=login]', login);
  await page.type('input[name=password]', PASSWORD);
  await page.click('form.login button[type=submit]');
}

test('a user who is not an operator is refused; an operator logs in and sees the API logs newest first', async () => {
  await page.goto(`${api.url}/console/`);
  await logIn(plain);
  await page.waitForSelector('form.login .message.error');
  assert.match((await texts('form.login .message.error'))[0]!, /is not an operator/);
  // The refusal is an HTTP 403, which Chromium reports in the console: that one, and nothing else.
  assert.deepEqual(problems.splice(0), ['console error: Failed to load resource: the server responded with a status of 403 (Forbidden)']);
  await logIn(operator);
  const newest = (await allLogs()).map((l) => l.log_id);
  await waitForRows(newest);
  assert.equal((await texts('#who'))[0], operator);
});

test('the logs are filtered by state, model and route as the CLI filters them', async () => {
  await page.select('select[name=state]', 'failed');
  await page.click('form.filters button[type=submit]');
  await waitForRows((await allLogs({ state: 'failed' })).map((l) => l.log_id));
  assert.ok((await texts('section.logs tbody td.state')).every((s) => s === 'failed'));
  await page.type('input[name=model]', 'sale.order');
  await page.select('select[name=route]', 'create_data');
  await page.click('form.filters button[type=submit]');
  await waitForRows((await allLogs({ state: 'failed', model: 'sale.order', route: 'create_data' })).map((l) => l.log_id));
  assert.match(page.url(), /#\/logs\?route=create_data&state=failed&model=sale\.order$/);
});

test('one log shows its whole request and response, pretty-printed', async () => {
  const [log] = await allLogs({ state: 'failed', model: 'sale.order' });
  await page.click(`tr[data-log-id="${log!.log_id}"] td.id a`);
  await page.waitForSelector('pre.request');
  assert.equal((await texts('pre.request'))[0], JSON.stringify(orderParams, null, 2));
  const response = JSON.parse((await texts('pre.response'))[0]!);
  assert.equal(response.result.error.code, 'NOT_FOUND');
  assert.ok((await texts('dl.fields dd')).includes(log!.log_id) || (await texts('h1'))[0]!.includes(log!.log_id));
});

test("a caller's <img onerror> and <script> in a logged request show as text, and never run", async () => {
  await page.goto(`${api.url}/console/#/logs`);
  const all = (await allLogs()).map((l) => l.log_id);
  await waitForRows(all);
  assert.ok((await texts('section.logs tbody td')).includes(XSS_MODEL), 'the model a caller sent, as text');
  const [named] = (await allLogs({ model: 'res.partner' })).filter((l) => l.data_preview.includes('<script>'));
  await page.goto(`${api.url}/console/#/log/${named!.log_id}`);
  await page.waitForSelector('pre.request');
  assert.ok((await texts('pre.request'))[0]!.includes(JSON.stringify(XSS_NAME).slice(1, -1)));
  assert.equal(await page.$$eval('main img, main script', (els) => els.length), 0);
  assert.equal(await page.evaluate('window.__xss'), undefined);
});

test('a parameter is changed, and shown with its default', async () => {
  await page.goto(`${api.url}/console/#/params`);
  await page.waitForSelector('tr[data-param=preview_limit] input');
  assert.equal((await texts('tr[data-param=preview_limit] td.default'))[0], '2000');
  await page.$eval('tr[data-param=preview_limit] input', (el) => ((el as unknown as { value: string }).value = ''));
  await page.type('tr[data-param=preview_limit] input', '321');
  await page.click('tr[data-param=preview_limit] button');
  await page.waitForSelector('section.params .message.ok');
  const stored = await ssm.send(new GetParameterCommand({ Name: `${api.prefix}preview_limit` }));
  assert.equal(stored.Parameter?.Value, '321');
  await page.reload();
  await page.waitForSelector('tr[data-param=preview_limit] input');
  assert.equal(await page.$eval('tr[data-param=preview_limit] input', (el) => (el as unknown as { value: string }).value), '321');
  assert.equal((await texts('tr[data-param=preview_limit] td.source'))[0], 'set');
  await api.setParam('preview_limit', '2000');
});

test('a key is made (shown once) and revoked; the revoked key stops working', async () => {
  await page.goto(`${api.url}/console/#/keys`);
  await page.waitForSelector('form.create-key');
  const name = unique('shop-');
  await page.type('form.create-key input[name=name]', name);
  await page.click('form.create-key button[type=submit]');
  await page.waitForSelector('section.keys pre.secret');
  const key = (await texts('section.keys pre.secret'))[0]!;
  const search = () => api.call('/api/search_data', { model: 'res.company', vals: {} }, { key });
  assert.equal((await search()).status, 200);
  const row = await page.waitForFunction(`[...document.querySelectorAll('section.keys tbody tr')].find((r) => r.children[1]?.textContent === ${JSON.stringify(name)})?.getAttribute('data-key-id')`);
  const id = (await row.jsonValue()) as string;
  await page.click(`tr[data-key-id="${id}"] button`);
  await page.click(`tr[data-key-id="${id}"] button.danger`);
  await page.waitForSelector(`tr[data-key-id="${id}"].revoked`);
  assert.equal((await search()).status, 401);
});

/** Waits until the replay panel says `pattern`, and returns what it says. */
async function replaySays(pattern: RegExp): Promise<string> {
  const said = await page.waitForFunction(
    `[...document.querySelectorAll('.replay .message')].map((m) => m.textContent).find((t) => new RegExp(${JSON.stringify(pattern.source)}).test(t))`,
    { timeout: 20_000 },
  );
  return (await said.jsonValue()) as string;
}

test('a failed call is replayed once its missing record exists: a dry run first, then the real send; the page links the new logs', async () => {
  await api.call('/api/create_data', { model: 'res.partner', vals: { payload: { name: 'Late', ref: missingRef } } });
  const [log] = await allLogs({ state: 'failed', model: 'sale.order' });
  await page.goto(`${api.url}/console/#/log/${log!.log_id}`);
  await page.waitForSelector('.replay button');
  assert.equal(await page.$eval('.replay button.danger', (b) => (b as unknown as { hidden: boolean }).hidden), true, 'no real send before the dry run');
  await page.click('.replay button');
  await replaySays(/\(dry run\) -> 200 done: Dry run: nothing written/);
  assert.deepEqual(JSON.parse((await texts('.replay pre.would'))[0]!).would.create, { 'sale.order': 1 });
  const [dry] = await allLogs({ route: 'create_data', model: 'sale.order' });
  assert.deepEqual([dry!.state, dry!.replay_of], ['dry_run', log!.log_id]);
  assert.deepEqual(await allLogs({ route: 'create_data', model: 'sale.order', state: 'done' }), [], 'nothing written yet');

  await page.click('.replay button.danger');
  await replaySays(/^\/api\/create_data -> 200 done: Record created successfully$/);
  const [replayed] = await allLogs({ route: 'create_data', model: 'sale.order', state: 'done' });
  assert.equal(replayed!.replay_of, log!.log_id);
  await page.click(`.replay a[href="#/log/${replayed!.log_id}"]`);
  await page.waitForFunction(`document.querySelector('h1')?.textContent === 'Log ${replayed!.log_id}'`);
});

test('a successful write is sent again only once the operator has read why it matters and confirmed', async () => {
  const [log] = (await allLogs({ route: 'create_data', model: 'res.partner', state: 'done' })).filter((l) => l.data_preview.includes('Azure Interior'));
  const partners = async () => (await allLogs({ route: 'create_data', model: 'res.partner', state: 'done' })).length;
  const before = await partners();
  await page.goto(`${api.url}/console/#/log/${log!.log_id}`);
  await page.waitForSelector('.replay button');
  await page.click('.replay button');
  await replaySays(/\(dry run\) -> 200 done: Dry run: nothing written/);
  const warning = await replaySays(/^Not sent yet/);
  assert.equal(warning, `Not sent yet: it was a successful write (create_data done, res.partner ${log!.res_ids[0]}): sending it again writes again.`);
  assert.equal((await texts('.replay button.danger'))[0], 'Send it again anyway to /api/create_data');
  assert.equal(await partners(), before, 'nothing sent yet');
  await page.click('.replay button.danger');
  await replaySays(/^\/api\/create_data -> 200 done: Record created successfully$/);
  const [replayed] = await allLogs({ route: 'create_data', model: 'res.partner', state: 'done' });
  assert.equal(replayed!.replay_of, log!.log_id);
});

test('logging out ends the session: the page asks for a login again', async () => {
  await page.click('#logout');
  await page.waitForSelector('form.login');
  await page.reload();
  await page.waitForSelector('form.login');
});
