// Polling assertions for playwright-core locators and pages (there is no @playwright/test here).

const DEFAULT_TIMEOUT = 10_000;

async function poll(check, describe, timeout = DEFAULT_TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last === true) return;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`${describe()}${last !== undefined && last !== false ? ` (last seen: ${String(last).slice(0, 400)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function matches(text, expected) {
  return expected instanceof RegExp ? expected.test(text) : text.includes(expected);
}

/** Waits until the locator's first match is visible and its text contains `expected` (string or RegExp). */
export async function expectText(locator, expected, { timeout } = {}) {
  let seen = '';
  await poll(async () => {
    const el = locator.first();
    if (!(await el.isVisible())) return `${locator} not visible`;
    seen = (await el.innerText()).replace(/\s+/g, ' ').trim();
    return matches(seen, expected) || seen;
  }, () => `expected ${locator} to show ${expected}`, timeout);
  return seen;
}

/** Waits until some visible match of the locator contains `expected`; returns that element. */
export async function expectAnyText(locator, expected, { timeout } = {}) {
  let found = null;
  await poll(async () => {
    const n = await locator.count();
    const texts = [];
    for (let i = 0; i < n; i += 1) {
      const el = locator.nth(i);
      if (!(await el.isVisible())) continue;
      const text = (await el.innerText()).replace(/\s+/g, ' ').trim();
      texts.push(text);
      if (matches(text, expected)) {
        found = el;
        return true;
      }
    }
    return texts.join(' | ') || `${n} matches, none visible`;
  }, () => `expected one of ${locator} to show ${expected}`, timeout);
  return found;
}

export async function expectVisible(locator, { timeout } = {}) {
  await poll(async () => (await locator.first().isVisible()) || 'not visible', () => `expected ${locator} to be visible`, timeout);
}

export async function expectHidden(locator, { timeout } = {}) {
  await poll(async () => !(await locator.first().isVisible()) || 'visible', () => `expected ${locator} to be hidden`, timeout);
}

export async function expectCount(locator, predicate, { timeout } = {}) {
  let n = 0;
  await poll(async () => {
    n = await locator.count();
    return predicate(n) || `count ${n}`;
  }, () => `unexpected count of ${locator}`, timeout);
  return n;
}

/** Waits until the page URL (path + search, or the full URL for a RegExp with ://) matches. */
export async function expectUrl(page, expected, { timeout } = {}) {
  await poll(() => {
    const u = new URL(page.url());
    const s = u.pathname + u.search;
    return matches(expected instanceof RegExp && expected.source.includes('://') ? page.url() : s, expected) || s;
  }, () => `expected the URL to match ${expected}`, timeout);
}

export async function expectTrue(fn, describe, { timeout } = {}) {
  await poll(async () => (await fn()) === true || false, () => describe, timeout);
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
