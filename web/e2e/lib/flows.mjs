// Browser flows shared by several tests.
import { makeApi, extractCode, DEMO_PASSWORD } from './api.mjs';
import { expectText, expectUrl, expectVisible, assert } from './expect.mjs';

const apis = new Map();
/** One API client per server origin. */
export function apiFor(base) {
  if (!apis.has(base)) apis.set(base, makeApi(base));
  return apis.get(base);
}

const sessions = new Map();
/** A cached API login (token + user) for a demo or test account; 15-minute tokens outlive a run. */
export async function sessionFor(base, email, password = DEMO_PASSWORD) {
  const key = `${base} ${email}`;
  if (!sessions.has(key)) sessions.set(key, await apiFor(base).login(email, password));
  return sessions.get(key);
}

/** A cached access token for a demo or test account. */
export async function tokenFor(base, email, password = DEMO_PASSWORD) {
  return (await sessionFor(base, email, password)).access_token;
}

/**
 * Logs in through /login.html and waits for the header to show the nickname (default: the part
 * of the e-mail before @ is not a nickname, so pass `nickname` for new accounts; demo accounts
 * are looked up through the API). Returns the refresh cookie's value.
 */
export async function loginViaPage(page, email, password = DEMO_PASSWORD, { next, nickname } = {}) {
  await page.goto(next ? `/login.html?next=${encodeURIComponent(next)}` : '/login.html');
  const form = page.locator('#login-form');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  // The page leaves at once after a success, so only the status can be read here.
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login') && r.request().method() === 'POST'),
    form.locator('button[type="submit"]').click(),
  ]);
  assert(response.status() === 200, `login of ${email} answered ${response.status()}`);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  if (next) await expectUrl(page, next.split('#')[0]);
  if (!nickname) {
    const base = new URL(page.url()).origin;
    nickname = (await sessionFor(base, email, password)).user.nickname;
  }
  await expectText(page.locator('#site-header .session-indicator__name'), nickname);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'praline_refresh');
  return cookie ? cookie.value : null;
}

/**
 * Signs in a browser context without the login form: the context's own request client posts the
 * login, so the HttpOnly refresh cookie lands in the context's cookie jar and every page the
 * context opens restores the session silently. Keep to one context per account (the refresh
 * token rotates on every page load; copying it elsewhere would count as reuse).
 */
export async function loginContext(context, base, email, password = DEMO_PASSWORD) {
  const res = await context.request.post(`${base}/api/v1/auth/login`, { data: { email, password } });
  assert(res.ok(), `login of ${email} answered ${res.status()}: ${await res.text()}`);
  return res.json();
}

/**
 * Reads the newest code e-mailed to `email`. Uses the development outbox page when it exists
 * (opened in a new tab of the same context), else GET /api/v1/dev/outbox.
 */
export async function codeFromOutbox(t, context, email) {
  const api = apiFor(t.base);
  await api.waitForMail(email); // the mail is written by then
  const probe = await fetch(`${t.base}/dev/outbox.html`);
  if (probe.status !== 200) {
    t.log(`/dev/outbox.html answered ${probe.status}: reading the code from GET /api/v1/dev/outbox`);
    return extractCode((await api.waitForMail(email)).body);
  }
  const tab = await context.newPage();
  try {
    await tab.goto(`/dev/outbox.html?to=${encodeURIComponent(email)}`);
    // Newest first: the first message to this address carries the current code.
    const mail = tab.locator('article.outbox-item').filter({ hasText: email }).first();
    await expectVisible(mail);
    const shown = (await mail.locator('.outbox-code__value').innerText()).trim();
    assert(/^[A-Z0-9]{10}$/.test(shown), `the outbox page shows the code as ${JSON.stringify(shown)}`);
    // The highlighted code must be the one in the message body.
    assert(extractCode(await mail.locator('.outbox-item__body').innerText()) === shown, 'the highlighted code differs from the body');
    return shown;
  } finally {
    await tab.close();
  }
}

/** Everything in localStorage and sessionStorage of the page's origin. */
export async function webStorage(page) {
  return page.evaluate(() => {
    const dump = (s) => {
      const out = {};
      for (let i = 0; i < s.length; i += 1) out[s.key(i)] = s.getItem(s.key(i));
      return out;
    };
    return { localStorage: dump(localStorage), sessionStorage: dump(sessionStorage) };
  });
}

/** Asserts that no storage value holds a token: the given ones, or anything JWT-looking. */
export async function assertNoTokenInStorage(page, secrets = []) {
  const storage = await webStorage(page);
  for (const [area, entries] of Object.entries(storage)) {
    for (const [key, value] of Object.entries(entries)) {
      const v = String(value);
      assert(!/eyJ[A-Za-z0-9_-]{5,}/.test(v) && !/eyJ/.test(key), `${area}[${key}] holds a JWT-looking value`);
      for (const s of secrets.filter(Boolean)) assert(!v.includes(s) && !key.includes(s), `${area}[${key}] holds a token`);
    }
  }
  return storage;
}
