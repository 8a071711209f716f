// A small test harness over playwright-core and the system Chromium.
//
// test(name, fn, {timeout}) registers a test; fn receives a TestContext `t` with:
//   t.base                     server origin (http://127.0.0.1:PORT)
//   t.newContext(opts)         a fresh browser context (own cookies/storage), tracked
//   t.newPage(opts)            a page in a fresh context: 1280×800 unless {width,height}
//   t.allowNetworkError(status, pathRegex, why)  expect a failing API response in this test
//   t.step(name, fn)           a named step (shown in the log and in failure messages)
//   t.screenshot(page, name)   save output/screenshots/<name>.png
// Every page of every context is watched: an uncaught page error, a console error, a dialog
// (alert/confirm/prompt), or a 5xx response fails the test at its end. Console errors for
// failing network responses are allowed only when the test declared them (or they are in
// ALWAYS_ALLOWED below, with the reason).

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const OUTPUT_DIR = path.resolve(process.env.PRALINE_E2E_OUTPUT || new URL('../output', import.meta.url).pathname);
export const SHOTS_DIR = path.join(OUTPUT_DIR, 'screenshots');

const CHROMIUM = process.env.PRALINE_E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Failing responses that are part of normal operation and that a page cannot keep out of the
 * console (Chromium logs every 4xx fetch as "Failed to load resource").
 */
const ALWAYS_ALLOWED = [
  // None: a visitor's page no longer probes /auth/refresh (api.js checks the readable
  // praline_session marker first), so a 401 there is a real failure again.
];

const tests = [];

export function test(name, fn, { timeout = 90_000 } = {}) {
  tests.push({ name, fn, timeout });
}

export function registeredTests() {
  return tests;
}

export function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9가-힣]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

let browser = null;

export async function launchBrowser() {
  if (!browser) {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }
  return browser;
}

export async function closeBrowser() {
  if (browser) await browser.close().catch(() => {});
  browser = null;
}

export class TestContext {
  constructor(name, base) {
    this.name = name;
    this.base = base;
    this.contexts = [];
    this.pages = [];
    this.problems = [];
    this.allowed = [...ALWAYS_ALLOWED];
    this.noise = []; // allowed console errors, for the report
    this.stepName = null;
    this.failedResponses = []; // { status, url, path }
  }

  log(...args) {
    console.log(`    · ${args.join(' ')}`);
  }

  async step(name, fn) {
    const start = Date.now();
    this.stepName = name;
    try {
      const out = await fn();
      this.log(`${name} (${Date.now() - start} ms)`);
      return out;
    } catch (e) {
      if (e && typeof e === 'object' && !e.step) {
        e.step = name;
        e.message = `[step: ${name}] ${e.message}`;
      }
      throw e;
    } finally {
      this.stepName = null;
    }
  }

  allowNetworkError(status, pathRegex, why) {
    this.allowed.push({ status, path: pathRegex, why });
  }

  isAllowed(status, urlPath) {
    return this.allowed.find((a) => (a.status === status || a.status === '*') && a.path.test(urlPath));
  }

  async newContext({ width = 1280, height = 800, mobile = false, storageState } = {}) {
    const b = await launchBrowser();
    const ctx = await b.newContext({
      viewport: { width, height },
      deviceScaleFactor: 1,
      isMobile: mobile,
      hasTouch: mobile,
      locale: 'ko-KR',
      timezoneId: 'Asia/Seoul',
      baseURL: this.base,
      storageState,
    });
    ctx.setDefaultTimeout(15_000);
    ctx.setDefaultNavigationTimeout(20_000);
    ctx.on('page', (page) => this.watch(page));
    this.contexts.push(ctx);
    return ctx;
  }

  async newPage(opts = {}) {
    const ctx = await this.newContext(opts);
    return ctx.newPage();
  }

  watch(page) {
    this.pages.push(page);
    // Statuses of failed responses by URL, to judge the matching "Failed to load resource" line.
    const statusByUrl = new Map();
    page.on('response', (res) => {
      const status = res.status();
      if (status < 400) return;
      let urlPath = res.url();
      try {
        urlPath = new URL(res.url()).pathname;
      } catch {
        /* keep */
      }
      statusByUrl.set(res.url(), status);
      this.failedResponses.push({ status, url: res.url(), path: urlPath });
      if (status >= 500) this.problems.push(`server error ${status} for ${res.request().method()} ${res.url()}`);
    });
    page.on('pageerror', (err) => {
      this.problems.push(`uncaught page error on ${safeUrl(page)}: ${err.message}`);
    });
    page.on('dialog', async (dialog) => {
      this.problems.push(`unexpected ${dialog.type()} dialog on ${safeUrl(page)}: ${JSON.stringify(dialog.message())}`);
      await dialog.dismiss().catch(() => {});
    });
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      const loc = msg.location() || {};
      const m = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
      if (m && loc.url) {
        const status = Number(m[1]);
        let urlPath = loc.url;
        try {
          urlPath = new URL(loc.url).pathname;
        } catch {
          /* keep */
        }
        const rule = this.isAllowed(status, urlPath);
        if (rule) {
          this.noise.push(`${status} ${urlPath} on ${pathOf(page)} (${rule.why})`);
          return;
        }
        this.problems.push(`console error on ${safeUrl(page)}: ${status} for ${loc.url}`);
        return;
      }
      this.problems.push(`console error on ${safeUrl(page)}: ${text}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    });
  }

  async screenshot(page, name, { fullPage = true } = {}) {
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    const file = path.join(SHOTS_DIR, `${name}.png`);
    // A full-page shot of a scrolled page draws sticky headers and bars half-way down.
    if (fullPage) await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
    await page.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide', timeout: 30_000 });
    return file;
  }

  /** Throws if any watched page misbehaved so far (called by the runner at the end too). */
  assertClean() {
    if (this.problems.length) {
      const list = [...new Set(this.problems)];
      const err = new Error(`page problems:\n      - ${list.join('\n      - ')}`);
      err.pageProblems = true;
      throw err;
    }
  }

  async failureShots() {
    const files = [];
    let i = 0;
    for (const page of this.pages) {
      if (page.isClosed()) continue;
      i += 1;
      try {
        files.push(await this.screenshot(page, `FAILED-${slug(this.name)}-${i}`, { fullPage: false }));
      } catch {
        /* page gone */
      }
    }
    return files;
  }

  async close() {
    for (const ctx of this.contexts) await ctx.close().catch(() => {});
    this.contexts = [];
  }
}

function safeUrl(page) {
  try {
    return page.url();
  } catch {
    return '(closed page)';
  }
}

function pathOf(page) {
  try {
    const u = new URL(page.url());
    return u.pathname + u.search;
  } catch {
    return safeUrl(page);
  }
}
