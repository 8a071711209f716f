// The staff pages in the browser: the seller answers a buyer's question on /seller/inquiries.html
// and the answer reaches the product page; the admin writes a pinned notice, answers a support
// ticket (e-mailed once, seen in the dev outbox) and hides then shows again a review.
import { test } from '../lib/harness.mjs';
import { DEMO, DEMO_PASSWORD, uniq } from '../lib/api.mjs';
import { apiFor, tokenFor, loginContext } from '../lib/flows.mjs';
import { expectCount, expectHidden, expectText, expectUrl, expectVisible, assert } from '../lib/expect.mjs';

/** A new verified buyer: { email, token }. */
async function freshBuyer(api, label) {
  const id = uniq();
  const email = `${label}-${id}@example.com`;
  const session = await api.createVerifiedUser({ email, nickname: `${label}${id}`.slice(0, 20) });
  return { email, token: session.access_token, nickname: session.user.nickname };
}

test('the seller answers a question on the inquiries page and it reaches the product page', async (t) => {
  const api = apiFor(t.base);
  const sellerToken = await tokenFor(t.base, DEMO.seller);
  const me = await api.get('/me', { token: sellerToken });
  const { items } = await api.get('/products', { query: { seller: (me.user || me).id, per_page: 1 } });
  assert(items.length === 1, 'seller1 has a product');
  const product = items[0];
  const buyer = await freshBuyer(api, 'qna');
  const question = `초콜릿 유통기한이 얼마나 되나요? ${uniq()}`;
  const answer = `제조일로부터 6개월이에요. ${uniq()}`;
  await api.post(`/products/${product.id}/inquiries`, { content: question }, { token: buyer.token });

  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, DEMO.seller);
  const page = await ctx.newPage();
  await t.step('the question waits in the unanswered list, reachable from the header menu', async () => {
    await page.goto('/seller/products.html');
    await page.locator('#site-header .menu-toggle').click();
    await page.locator('#site-header a[href="/seller/inquiries.html"]').click();
    await expectUrl(page, '/seller/inquiries.html');
    await expectCount(page.locator('#site-header a[href="/seller/inquiries.html"][aria-current="page"]'), (n) => n === 1);
    const item = page.locator('.si-item', { hasText: question });
    await expectVisible(item);
    await expectText(item, product.name);
    await expectText(item, buyer.nickname);
    await expectText(item.locator('.answer-box__count'), '0 / 1,000');
    await item.locator('textarea').fill(answer);
    await expectText(item.locator('.answer-box__count'), `${[...answer].length} / 1,000`);
    await t.screenshot(page, 'flow-seller-inquiry-375');
  });

  await t.step('answering takes it out of the unanswered list', async () => {
    const item = page.locator('.si-item', { hasText: question });
    await item.locator('.answer-box__submit').click();
    await expectCount(page.locator('.si-item', { hasText: question }), (n) => n === 0);
    await page.locator('#si-tabs [data-filter="answered"]').click();
    const answered = page.locator('.si-item', { hasText: question });
    await expectText(answered.locator('.si-answer__text'), answer);
    await expectVisible(answered.locator('.si-answer__edit'));
  });

  await t.step('the answer shows in the Q&A tab of the product page', async () => {
    const visitor = await t.newPage({ width: 1280, height: 800 });
    await visitor.goto(`/product.html?id=${product.id}#pd-qna`);
    await expectText(visitor.locator('.qna-item', { hasText: question }), answer);
  });
  const mine = await api.get('/me/inquiries', { token: buyer.token });
  const asked = mine.items.find((i) => i.content === question);
  assert(asked && asked.answer && asked.answer.content === answer, `the buyer sees ${JSON.stringify(asked)}`);
}, { timeout: 120_000 });

test('the admin writes a pinned notice that leads the public list, then deletes it', async (t) => {
  const title = `[점검] 서버 점검 안내 ${uniq()}`;
  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, DEMO.admin);
  const page = await ctx.newPage();
  await t.step('write and pin it', async () => {
    await page.goto('/admin/notices.html');
    await expectVisible(page.locator('.admin-nav a[href="/admin/notices.html"][aria-current="page"]'));
    await page.locator('#an-new').click();
    await page.locator('#an-title').fill(title);
    await page.locator('#an-content').fill('오늘 밤 2시부터 3시까지 점검해요.\n\nMaintenance tonight, 2–3 a.m.');
    await page.locator('#an-pinned').check();
    await t.screenshot(page, 'flow-admin-notice-editor-375');
    await page.locator('#an-save').click();
    await expectText(page.locator('#an-list .an-item').first(), title);
    await expectHidden(page.locator('#an-editor'));
  });

  const visitor = await t.newPage({ width: 1280, height: 800 });
  await t.step('it comes first on /notices.html', async () => {
    await visitor.goto('/notices.html');
    await expectText(visitor.locator('#notice-list li').first(), title);
    await visitor.locator('#notice-list li').first().locator('a').click();
    await expectText(visitor.locator('#notice-body'), 'Maintenance tonight');
  });

  await t.step('edit then delete it', async () => {
    const item = page.locator('.an-item', { hasText: title });
    await item.locator('[data-edit]').click();
    await expectVisible(page.locator('#an-editor'));
    assert(await page.locator('#an-pinned').isChecked(), 'the editor shows the notice as pinned');
    await page.locator('#an-title').fill(`${title} (수정)`);
    await page.locator('#an-save').click();
    await expectText(page.locator('.an-item', { hasText: title }), '(수정)');
    await page.locator('.an-item', { hasText: title }).locator('[data-delete]').click();
    await page.locator('dialog .modal__actions .btn-danger').click();
    await expectCount(page.locator('.an-item', { hasText: title }), (n) => n === 0);
    await visitor.goto('/notices.html');
    await expectVisible(visitor.locator('#notice-list'));
    const text = await visitor.locator('#notice-list').innerText();
    assert(!text.includes(title), 'the deleted notice is still listed');
  });
}, { timeout: 90_000 });

test('the admin answers a support ticket: answered, and e-mailed once', async (t) => {
  const api = apiFor(t.base);
  const buyer = await freshBuyer(api, 'help');
  const title = `포인트 문의 ${uniq()}`;
  const content = '출석 포인트가 두 번 들어온 것 같아요.';
  const reply = `확인해 보니 한 번만 적립됐어요. ${uniq()}`;
  await api.post('/support', { title, content }, { token: buyer.token });
  const before = new Set((await api.outbox()).map((m) => m.id));

  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, DEMO.admin);
  const page = await ctx.newPage();
  await t.step('the open ticket shows the writer and says the first answer is e-mailed', async () => {
    await page.goto('/admin/support.html');
    const card = page.locator('.as-ticket', { hasText: title });
    await expectText(card, buyer.email);
    await expectText(card, content);
    await expectText(card.locator('.answer-box__note'), buyer.email);
    await card.locator('textarea').fill(reply);
    await t.screenshot(page, 'flow-admin-support-375');
    await card.locator('.answer-box__submit').click();
    await expectCount(page.locator('.as-ticket', { hasText: title }), (n) => n === 0);
  });

  await t.step('it is answered, and the e-mail is in the outbox', async () => {
    await page.locator('.admin-tabs [data-status="answered"]').click();
    const card = page.locator('.as-ticket', { hasText: title });
    await expectText(card.locator('.si-answer__text'), reply);
    await expectText(card, '답변 완료');
    const mail = await api.waitForMail(buyer.email, { since: before });
    assert(String(mail.body).includes(reply), `the e-mail does not carry the answer: ${mail.body}`);
    const outbox = await ctx.newPage();
    await outbox.goto(`/dev/outbox.html?to=${encodeURIComponent(buyer.email)}`);
    await expectText(outbox.locator('article.outbox-item', { hasText: reply }), '1:1');
    await outbox.close();
  });

  await t.step('an edit changes the answer without another e-mail', async () => {
    const card = page.locator('.as-ticket', { hasText: title });
    await card.locator('.si-answer__edit').click();
    await expectText(card.locator('.answer-box__note'), '메일은 다시 보내지 않아요');
    await card.locator('textarea').fill(`${reply} (수정)`);
    await card.locator('.answer-box__submit').click();
    await expectText(page.locator('.as-ticket', { hasText: title }).locator('.si-answer__text'), '(수정)');
    const tickets = await api.get('/me/support', { token: buyer.token });
    const mine = tickets.items.find((x) => x.title === title);
    assert(mine && mine.status === 'answered' && mine.answer.content.endsWith('(수정)'), `the buyer sees ${JSON.stringify(mine)}`);
    const mails = (await api.outbox()).filter((m) => !before.has(m.id) && String(m.to).includes(buyer.email));
    assert(mails.length === 1, `${mails.length} e-mails after the answer and its edit`);
  });
}, { timeout: 90_000 });

test('the admin hides a review from the product page and shows it again', async (t) => {
  const api = apiFor(t.base);
  // A product with a visible review in the demo shop, and its newest review.
  const { items: products } = await api.get('/products', { query: { per_page: 40, sort: 'popular' } });
  let product = null;
  let review = null;
  for (const p of products) {
    const list = await api.get(`/products/${p.id}/reviews`, { query: { per_page: 1 } });
    if (list.items.length) {
      product = p;
      review = list.items[0];
      break;
    }
  }
  assert(review, 'the demo shop has a visible review');

  const ctx = await t.newContext({ width: 1280, height: 800 });
  await loginContext(ctx, t.base, DEMO.admin);
  const page = await ctx.newPage();
  const visitor = await t.newPage({ width: 1280, height: 800 });
  const onProductPage = () => visitor.locator(`#rv-list .rv-item[data-id="${review.id}"]`);
  await visitor.goto(`/product.html?id=${product.id}#pd-reviews`);
  await expectVisible(onProductPage());

  await t.step('hide it with a reason', async () => {
    await page.goto(`/admin/reviews.html?product_id=${product.id}`);
    const card = page.locator(`#ar-review-${review.id}`);
    await expectText(card, review.title);
    await expectText(card, product.name);
    await card.locator('[data-hide]').click();
    await page.locator('#ar-reason').fill('광고성 내용');
    await page.locator('dialog .modal__actions .btn-danger').click();
    await expectText(page.locator(`#ar-review-${review.id}`), '광고성 내용');
    await expectVisible(page.locator(`#ar-review-${review.id} [data-unhide]`));
    await t.screenshot(page, 'flow-admin-review-hidden-1280');
  });

  await t.step('the product page no longer lists it', async () => {
    await visitor.reload();
    await expectVisible(visitor.locator('#rv-list'));
    await expectCount(onProductPage(), (n) => n === 0);
    const hidden = await api.get('/admin/reviews', { token: await tokenFor(t.base, DEMO.admin), query: { hidden: 'true' } });
    assert(hidden.items.some((r) => r.id === review.id), 'the review is among the hidden ones');
  });

  await t.step('showing it again brings it back', async () => {
    await page.locator('.admin-tabs [data-filter="hidden"]').click();
    const card = page.locator(`#ar-review-${review.id}`);
    await card.locator('[data-unhide]').click();
    await page.locator('dialog .modal__actions .btn-primary').click();
    await expectCount(page.locator(`#ar-review-${review.id}`), (n) => n === 0);
    await visitor.reload();
    await expectVisible(onProductPage());
  });
}, { timeout: 90_000 });

test('a buyer is refused the staff pages', async (t) => {
  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, DEMO.buyer, DEMO_PASSWORD);
  const page = await ctx.newPage();
  for (const path of ['/admin/notices.html', '/admin/support.html', '/admin/reviews.html']) {
    await page.goto(path);
    await expectVisible(page.locator('#admin-forbidden'));
  }
  await page.goto('/seller/inquiries.html');
  await expectText(page.locator('#sc-root'), '판매자만');
}, { timeout: 60_000 });
