// Accounts in the browser: signup with the e-mailed code, login, no tokens in web storage, lockout.
import { test } from '../lib/harness.mjs';
import { uniq, DEMO } from '../lib/api.mjs';
import { expectText, expectVisible, expectUrl, assert } from '../lib/expect.mjs';
import { codeFromOutbox, loginViaPage, assertNoTokenInStorage } from '../lib/flows.mjs';

test('buyer signs up, verifies the e-mailed code, logs in and sees the nickname; no token in web storage', async (t) => {
  const id = uniq();
  const email = `e2e-buyer-${id}@example.com`;
  const nickname = `초코${id}`;
  const password = `Ganache#${id}9`;

  const ctx = await t.newContext();
  const page = await ctx.newPage();
  const tokens = [];
  page.on('response', async (r) => {
    if (/\/api\/v1\/auth\/(login|refresh)$/.test(new URL(r.url()).pathname) && r.status() === 200) {
      try {
        const b = await r.json();
        tokens.push(b.access_token, b.refresh_token);
      } catch {
        /* ignore */
      }
    }
  });

  await t.step('fill in the signup form', async () => {
    await page.goto('/signup.html');
    const form = page.locator('#signup-form');
    await expectVisible(form);
    assert(await form.locator('input[name="role"][value="buyer"]').isChecked(), 'the buyer role is not preselected');
    await form.locator('input[name="email"]').fill(email);
    await form.locator('input[name="nickname"]').fill(nickname);
    await form.locator('input[name="password"]').fill(password);
    await form.locator('input[name="password_confirm"]').fill(password);
    await form.locator('input[name="agree"]').check();
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/signup')),
      form.locator('button[type="submit"]').click(),
    ]);
    assert(res.status() === 201, `signup answered ${res.status()}: ${await res.text()}`);
  });

  await t.step('the code step shows the address', async () => {
    await expectVisible(page.locator('#verify-form'));
    await expectText(page.locator('#verify-sent-to'), email);
    await expectUrl(page, /step=verify/);
    await t.screenshot(page, 'flow-signup-verify-1280');
  });

  const code = await t.step('read the code from the development outbox', () => codeFromOutbox(t, ctx, email));

  await t.step('verify: the welcome step, signed in with the nickname in the header', async () => {
    await page.locator('#verify-form input[name="code"]').fill(code);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/email/verify')),
      page.locator('#verify-form button[type="submit"]').click(),
    ]);
    assert(res.status() === 200, `verify answered ${res.status()}: ${await res.text()}`);
    await expectVisible(page.locator('#signup-step-done'));
    await expectText(page.locator('#signup-done'), nickname);
    await expectText(page.locator('#signup-done'), '29,900');
    await expectText(page.locator('#site-header .session-indicator__name'), nickname);
    await assertNoTokenInStorage(page, tokens);
    await t.screenshot(page, 'flow-signup-done-1280');
  });

  await t.step('a fresh browser logs in on /login.html and shows the nickname', async () => {
    const ctx2 = await t.newContext();
    const page2 = await ctx2.newPage();
    tokens.push(await loginViaPage(page2, email, password, { nickname }));
    await expectUrl(page2, /^\/$/);
    // Navigate once more: the session is restored from the HttpOnly cookie, not from storage.
    await page2.goto('/');
    await expectText(page2.locator('#site-header .session-indicator__name'), nickname);
    const storage = await assertNoTokenInStorage(page2, tokens);
    const cookies = await ctx2.cookies();
    const refresh = cookies.find((c) => c.name === 'praline_refresh');
    assert(refresh && refresh.httpOnly, 'the refresh cookie is missing or not HttpOnly');
    assert(refresh.sameSite === 'Strict', `the refresh cookie is SameSite=${refresh.sameSite}`);
    const readable = await page2.evaluate(() => document.cookie);
    assert(!readable.includes('praline_refresh'), 'document.cookie exposes the refresh token');
    t.log(`storage after login: ${JSON.stringify(storage)}`);
  });
}, { timeout: 90_000 });

test('five wrong passwords lock the account with a message in minutes', async (t) => {
  // buyer3 is used by no other test.
  const email = DEMO.buyer3;
  t.allowNetworkError(401, /^\/api\/v1\/auth\/login$/, 'wrong password (the test types it on purpose)');
  t.allowNetworkError(423, /^\/api\/v1\/auth\/login$/, 'account locked (the test provokes it)');
  const page = await t.newPage();
  await page.goto('/login.html');
  const form = page.locator('#login-form');
  const alertBox = page.locator('#login-alert');
  const statuses = [];
  for (let i = 1; i <= 5; i += 1) {
    await t.step(`wrong password #${i}`, async () => {
      await form.locator('input[name="email"]').fill(email);
      await form.locator('input[name="password"]').fill(`Wrong#pass${i}x`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
        form.locator('button[type="submit"]').click(),
      ]);
      statuses.push(res.status());
      await expectVisible(alertBox);
      if (i < 5) await expectText(alertBox, /비밀번호|이메일/);
    });
  }
  t.log(`statuses: ${statuses.join(', ')}`);
  assert(statuses.slice(0, 4).every((s) => s === 401), `the first four tries answered ${statuses.slice(0, 4)}`);
  assert(statuses[4] === 423, `the fifth try answered ${statuses[4]}, not 423`);
  const text = await expectText(alertBox, /잠겼|잠금/);
  assert(/\d+\s*분/.test(text), `the lockout message does not say how many minutes: ${JSON.stringify(text)}`);
  assert(/15\s*분/.test(text), `the lockout message does not say 15 minutes: ${JSON.stringify(text)}`);
  await t.screenshot(page, 'flow-login-locked-1280');
  // The right password is refused too while locked.
  await form.locator('input[name="password"]').fill('Praline!2026');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
    form.locator('button[type="submit"]').click(),
  ]);
  assert(res.status() === 423, `the right password while locked answered ${res.status()}`);
  await expectText(alertBox, /분/);
  await expectUrl(page, /^\/login\.html/);
});
