// Community in the browser: a secret question is hidden from another buyer and answered by the
// product's seller on the product page; checking in twice on one day (two tabs) credits once.
import { test } from '../lib/harness.mjs';
import { DEMO, DEMO_PASSWORD, uniq } from '../lib/api.mjs';
import { apiFor, tokenFor, loginContext } from '../lib/flows.mjs';
import { expectText, expectVisible, expectTrue, assert } from '../lib/expect.mjs';

async function freshBuyer(api, label) {
  const id = uniq();
  const email = `${label}-${id}@example.com`;
  await api.createVerifiedUser({ email, nickname: `${label}${id}`.slice(0, 20) });
  return email;
}

test('a secret question is hidden from another buyer and answered by the seller', async (t) => {
  const api = apiFor(t.base);
  const sellerToken = await tokenFor(t.base, DEMO.seller);
  const me = await api.get('/me', { token: sellerToken });
  const { items } = await api.get('/products', { query: { seller: me.user.id, per_page: 1 } });
  assert(items.length === 1, 'seller1 has a product');
  const product = items[0];
  const asker = await freshBuyer(api, 'asker');
  const other = await freshBuyer(api, 'other');
  const question = `선물 포장이 되나요? ${uniq()}`;
  const answer = '네, 리본으로 포장해 드려요.';

  const askerCtx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(askerCtx, t.base, asker, DEMO_PASSWORD);
  const askerPage = await askerCtx.newPage();
  await t.step('the buyer asks a secret question', async () => {
    await askerPage.goto(`/product.html?id=${product.id}#pd-qna`);
    await askerPage.locator('#qna-content').fill(question);
    await askerPage.locator('#qna-secret').check();
    await askerPage.locator('#qna-submit').click();
    await expectText(askerPage.locator('#qna-list'), question);
    await t.screenshot(askerPage, 'flow-qna-asked-375');
  });

  const otherCtx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(otherCtx, t.base, other, DEMO_PASSWORD);
  const otherPage = await otherCtx.newPage();
  await t.step('another buyer sees that a secret question exists, not what it says', async () => {
    await otherPage.goto(`/product.html?id=${product.id}#pd-qna`);
    await expectText(otherPage.locator('#qna-list'), '비밀글입니다.');
    const text = await otherPage.locator('#qna-list').textContent();
    assert(!text.includes(question), 'the secret question leaked to another buyer');
  });

  const sellerCtx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(sellerCtx, t.base, DEMO.seller);
  const sellerPage = await sellerCtx.newPage();
  await t.step('the seller reads it and answers on the product page', async () => {
    await sellerPage.goto(`/product.html?id=${product.id}#pd-qna`);
    const item = sellerPage.locator('.qna-item', { hasText: question });
    await expectVisible(item);
    await item.locator('textarea').fill(answer);
    await item.locator('.qna-answer-submit').click();
    await expectText(sellerPage.locator('.qna-item', { hasText: question }), answer);
  });

  await t.step('the asker reads the answer; the other buyer still cannot', async () => {
    await askerPage.reload();
    await expectText(askerPage.locator('.qna-item', { hasText: question }), answer);
    await otherPage.reload();
    await expectText(otherPage.locator('#qna-list'), '답변 완료');
    const text = await otherPage.locator('#qna-list').textContent();
    assert(!text.includes(answer) && !text.includes(question), 'the secret answer leaked to another buyer');
    await t.screenshot(otherPage, 'flow-qna-secret-other-375');
  });

  await t.step('the asker finds the question and its answer under my activity, and writes to support', async () => {
    await askerPage.goto('/activity.html');
    await expectText(askerPage.locator('#act-inquiries'), answer);
    await askerPage.locator('#support-title').fill('배송 문의');
    await askerPage.locator('#support-content').fill('언제 도착하나요?');
    await askerPage.locator('#support-submit').click();
    await expectText(askerPage.locator('#act-support'), '언제 도착하나요?');
    await t.screenshot(askerPage, 'flow-activity-375');
  });
}, { timeout: 120_000 });

test('checking in twice on one day credits the points once', async (t) => {
  const api = apiFor(t.base);
  const email = await freshBuyer(api, 'attend');
  const token = await tokenFor(t.base, email, DEMO_PASSWORD);
  const before = await api.get('/wallet', { token });
  t.allowNetworkError(409, /^\/api\/v1\/attendance$/, 'the second tab checks in again on purpose');

  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, email, DEMO_PASSWORD);
  const first = await ctx.newPage();
  const second = await ctx.newPage();
  await first.goto('/attendance.html');
  await second.goto('/attendance.html');
  await expectTrue(async () => !(await second.locator('#att-check').isDisabled()), 'the second tab offers the check-in');

  await t.step('the first tab checks in', async () => {
    await first.locator('#att-check').click();
    await expectText(first.locator('#att-status'), '100P');
    await expectVisible(first.locator('.att-day.is-attended'));
    await expectTrue(async () => first.locator('#att-check').isDisabled(), 'the button is done for today');
  });

  await t.step('the second tab tries again and is told it is done', async () => {
    const [res] = await Promise.all([
      second.waitForResponse((r) => r.url().endsWith('/api/v1/attendance') && r.request().method() === 'POST'),
      second.locator('#att-check').click(),
    ]);
    assert(res.status() === 409, `the second check-in answered ${res.status()}`);
    await expectText(second.locator('#att-status'), '이미 출석');
    await t.screenshot(second, 'flow-attendance-twice-375');
  });

  const after = await api.get('/wallet', { token });
  assert(after.balance - before.balance === 100, `the balance moved by ${after.balance - before.balance}`);
  const { items } = await api.get('/wallet/entries', { token, query: { per_page: 100 } });
  assert(items.filter((e) => e.kind === 'attendance').length === 1, `entries: ${JSON.stringify(items)}`);
}, { timeout: 90_000 });
