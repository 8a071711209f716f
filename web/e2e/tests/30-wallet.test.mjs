// Points and membership in the browser: a demo buyer's points calendar shows the welcome bonus
// on its day and opens that day's entries; subscribing to membership takes 9,900 points.
import { test } from '../lib/harness.mjs';
import { DEMO } from '../lib/api.mjs';
import { apiFor, tokenFor, loginContext } from '../lib/flows.mjs';
import { expectText, expectTrue, expectVisible, assert } from '../lib/expect.mjs';

/** 29900 → '29,900P', as the Korean pages write points. */
const points = (n) => `${new Intl.NumberFormat('ko-KR').format(n)}P`;

test('a demo buyer sees the welcome bonus on the points calendar and subscribes to membership for 9,900 points', async (t) => {
  // buyer2 is used by no other test.
  const email = DEMO.buyer2;
  const api = apiFor(t.base);
  const token = await tokenFor(t.base, email);
  // The demo shop's orders may have spent buyer2's points: an operator tops them up first.
  const start = await api.get('/wallet', { token });
  if (start.balance < 9_900) {
    const me = await api.get('/me', { token });
    const admin = await tokenFor(t.base, DEMO.admin);
    await api.post(`/admin/wallets/${(me.user || me).id}/adjustments`, { amount: 20_000, memo: 'e2e: membership test' }, { token: admin });
  }
  const before = await api.get('/wallet', { token });
  const { items } = await api.get('/wallet/entries', { token, query: { per_page: 100 } });
  const bonus = items.find((e) => e.kind === 'signup_bonus');
  assert(bonus && bonus.amount === 29_900, `buyer2's entries: ${JSON.stringify(items)}`);
  assert(before.balance >= 9_900, `buyer2 has ${before.balance} points`);

  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, email);
  const page = await ctx.newPage();

  await t.step('my points: the balance and the welcome bonus on its day in the calendar', async () => {
    await page.goto(`/points.html?month=${bonus.date.slice(0, 7)}`);
    await expectText(page.locator('#points-balance'), points(before.balance));
    const day = page.locator(`#calendar-grid button[data-date="${bonus.date}"]`);
    await expectVisible(day);
    // On a phone the cell shows a short amount ('+2.9만'); its label carries the whole one.
    const month = await api.get('/wallet/calendar', { token, query: { month: bonus.date.slice(0, 7) } });
    const earned = month.days.find((d) => d.date === bonus.date).earned;
    assert(earned >= 29_900, `the calendar API gives ${earned} for ${bonus.date}`);
    await expectText(day, /만/);
    await expectTrue(async () => (await day.getAttribute('aria-label')).includes(points(earned)), `the day is labelled with ${points(earned)}`);
    await day.click();
    await expectText(page.locator('#entries-title'), bonus.date);
    await expectText(page.locator('#entries-list'), '가입 축하 포인트');
    await expectText(page.locator('#entries-list'), `+${points(29_900)}`);
    await t.screenshot(page, 'flow-points-calendar-375');
  });

  await t.step('membership: subscribe after the confirmation', async () => {
    await page.goto('/membership.html');
    await expectText(page.locator('#membership-badge'), '미가입');
    await page.locator('#membership-subscribe').click();
    const dialog = page.locator('dialog.modal');
    await expectText(dialog, points(9_900));
    await expectText(dialog, points(before.balance - 9_900));
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/membership') && r.request().method() === 'POST'),
      dialog.locator('.btn-primary').click(),
    ]);
    assert(res.status() === 201, `subscribe answered ${res.status()}: ${await res.text()}`);
    await expectText(page.locator('#membership-badge'), '이용 중');
    await expectText(page.locator('#membership-balance'), points(before.balance - 9_900));
    await expectVisible(page.locator('#membership-cancel'));
    await t.screenshot(page, 'flow-membership-active-375');
  });

  await t.step('the balance dropped by 9,900 and the fee is in my points', async () => {
    const after = await api.get('/wallet', { token });
    assert(after.balance === before.balance - 9_900, `balance ${before.balance} → ${after.balance}`);
    await page.goto('/points.html');
    await expectText(page.locator('#points-balance'), points(after.balance));
    await expectText(page.locator('#entries-list'), '멤버십 이용료');
    await expectText(page.locator('#entries-list'), `−${points(9_900)}`);
  });
});
