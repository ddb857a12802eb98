/**
 * Debian's Chromium, headless, driven by puppeteer-core: one browser per test file, a fresh
 * profile, nothing fetched from the network by the browser itself. Every page records its script
 * errors, console errors (a Content-Security-Policy violation is one) and CSP violation events,
 * so that a test can fail on any of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** A new page (its own context: no cookies shared with other pages) and the problems it reports. */
  page(): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'webhook-chromium-'));
  const browser: Browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, `--user-data-dir=${profile}`] });
  return {
    page: async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`script error: ${(error as Error).message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      // CSP violations are also reported as events; the listener is the test's, added before any page script.
      await page.exposeFunction('reportViolation', (text: string) => problems.push(`CSP violation: ${text}`));
      await page.evaluateOnNewDocument(
        "document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))",
      );
      await page.setViewport({ width: 1100, height: 700 });
      return { page, problems };
    },
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
