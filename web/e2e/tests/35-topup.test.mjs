// Top-ups by "card" through the development payment simulator: Approve credits the balance and
// the calendar shows it on today's date; Decline and Close leave the balance as it was, each with
// its own message. A new buyer (no demo account) so the amounts are exact.
import { test } from '../lib/harness.mjs';
import { extractCode, uniq } from '../lib/api.mjs';
import { apiFor, loginContext } from '../lib/flows.mjs';
import { expectText, expectUrl, expectVisible, assert } from '../lib/expect.mjs';

const points = (n) => `${new Intl.NumberFormat('ko-KR').format(n)}P`;

async function newBuyer(api) {
  const id = uniq();
  const email = `e2e-topup-${id}@example.com`;
  const password = `Ganache#${id}7`;
  await api.post('/auth/signup', { email, password, nickname: `충전${id}`.slice(0, 20) });
  await api.post('/auth/email/verify', { email, code: extractCode((await api.waitForMail(email)).body) });
  return { email, password };
}

test('a buyer tops up 10,000 points through the simulator; decline and close change nothing', async (t) => {
  const api = apiFor(t.base);
  const buyer = await newBuyer(api);
  const { access_token: token } = await api.post('/auth/login', { email: buyer.email, password: buyer.password });
  const start = (await api.get('/wallet', { token })).balance;

  // The declined payment is verified like any other, and the server refuses it.
  t.allowNetworkError(409, /^\/api\/v1\/payments\/portone\/complete$/, 'a declined card is answered payment_not_paid');
  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, buyer.email, buyer.password);
  const page = await ctx.newPage();

  await t.step('decline: back on the top-up page with the card company\'s refusal', async () => {
    await page.goto('/topup.html');
    await expectText(page.locator('#topup-balance'), points(start));
    await page.locator('.topup-preset[data-amount="5000"]').click();
    await expectText(page.locator('#topup-pay'), '5,000');
    await page.locator('#topup-pay').click();
    await expectUrl(page, /\/_sim\/portone\/checkout\//);
    await expectText(page.locator('#sim-amount'), '5,000원');
    await t.screenshot(page, 'flow-topup-simulator-375');
    await page.locator('#sim-decline').click();
    await expectVisible(page.locator('#topup-result-declined'));
    await expectText(page.locator('#topup-result-declined'), '거절');
    await expectText(page.locator('#topup-balance'), points(start));
  });

  await t.step('close: nothing paid, and a message that says so', async () => {
    await page.locator('#topup-pay').click();
    await expectUrl(page, /\/_sim\/portone\/checkout\//);
    await page.locator('#sim-close').click();
    await expectVisible(page.locator('#topup-result-closed'));
    await expectText(page.locator('#topup-balance'), points(start));
  });

  await t.step('approve 10,000: the balance rises once', async () => {
    await page.locator('.topup-preset[data-amount="10000"]').click();
    await page.locator('#topup-pay').click();
    await expectUrl(page, /\/_sim\/portone\/checkout\//);
    await expectText(page.locator('#sim-amount'), '10,000원');
    await page.locator('#sim-approve').click();
    await expectVisible(page.locator('#topup-result-paid'));
    await expectText(page.locator('#topup-result-paid'), points(10_000));
    await expectText(page.locator('#topup-balance'), points(start + 10_000));
    await t.screenshot(page, 'flow-topup-paid-375');
    // A reload does not verify again (the parameters were consumed) and the webhook adds nothing.
    await page.reload();
    await page.waitForTimeout(800);
    const wallet = await api.get('/wallet', { token });
    assert(wallet.balance === start + 10_000, `balance ${start} → ${wallet.balance}`);
  });

  await t.step('the calendar shows the top-up on today', async () => {
    const { items } = await api.get('/wallet/entries', { token, query: { per_page: 100 } });
    const topUps = items.filter((e) => e.kind === 'top_up');
    assert(topUps.length === 1 && topUps[0].amount === 10_000, `top-ups: ${JSON.stringify(topUps)}`);
    await page.goto('/points.html');
    await expectText(page.locator('#points-balance'), points(start + 10_000));
    const day = page.locator(`#calendar-grid button[data-date="${topUps[0].date}"]`);
    await expectVisible(day);
    await day.click();
    await expectText(page.locator('#entries-list'), '포인트 충전');
    await expectText(page.locator('#entries-list'), `+${points(10_000)}`);
  });
});
