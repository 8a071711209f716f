// Reviews and follows in the browser: a new buyer with a confirmed line (set up through the API)
// comes from the order page to /reviews.html, writes a photo review, sees the photo preview and
// the photo reward before posting, and then finds the `photo_review` reward in the wallet and the
// review (title and photo) on the product page; edits it and deletes it (the reward taken back); following a store from its page raises the follower count by one
// and survives a reload, unfollowing lowers it, a visitor is sent to log in and the seller sees
// no button on their own store.
// Products are made for this run by DEMO.seller; the demo buyers are left alone.
import { test } from '../lib/harness.mjs';
import { DEMO, uniq } from '../lib/api.mjs';
import { apiFor, loginContext } from '../lib/flows.mjs';
import { confirmedLine, newBuyer, newProduct } from '../lib/shop.mjs';
import { makePng } from '../lib/png.mjs';
import { expectCount, expectText, expectTrue, expectUrl, expectVisible, assert } from '../lib/expect.mjs';

/** 618 → '618P', as the Korean pages write points. */
const points = (n) => `${new Intl.NumberFormat('ko-KR').format(n)}P`;

test('a buyer writes a photo review of a confirmed line: preview and reward first, then the wallet and the product page show it; edit and delete', async (t) => {
  const api = apiFor(t.base);
  const id = uniq();
  const sellerToken = await api.token(DEMO.seller);
  // 12,345 won: a text review earns ⌈1 %⌉ = 124 points, a photo review ⌈5 %⌉ = 618.
  const product = await newProduct(api, sellerToken, { name: `e2e 리뷰 봉봉 ${id}`, price: 12_345, stock: 5 });
  const buyer = await newBuyer(api, 20_000, { prefix: 'review' });
  const line = await confirmedLine(api, { buyer, sellerToken, productId: product.id });
  const reviewable = await api.get('/me/reviewable-lines', { token: buyer.token });
  const item = reviewable.items.find((l) => l.order_line_id === line.id);
  assert(item && item.reward.text === 124 && item.reward.photo === 618, `reviewable lines: ${JSON.stringify(reviewable)}`);

  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, buyer.email, buyer.password);
  const page = await ctx.newPage();
  const scope = `#rvw-line-${line.id}`;
  const title = `진한 맛 ${id}`;

  await t.step('the confirmed line waits in "write a review" with both rewards', async () => {
    await page.goto('/reviews.html');
    await expectText(page.locator(scope), product.name);
    await expectText(page.locator(scope), `포토 리뷰 ${points(618)} · 글 리뷰 ${points(124)}`);
    await expectText(page.locator('#rvw-reviews'), '아직 쓴 리뷰가 없어요');
    await t.screenshot(page, 'flow-reviews-lines-375');
    const toggle = page.locator(`${scope} .rvw-line__toggle`);
    await toggle.click();
    await expectVisible(page.locator(`#rvw-line-${line.id}-form`));
    await toggle.click();
    await expectCount(page.locator(`#rvw-line-${line.id}-form`), (n) => n === 0);
  });

  await t.step('the order page links the confirmed line to its review form', async () => {
    await page.goto(`/order.html?id=${line.order_id}`);
    await page.locator(`a[data-review="${line.id}"]`).click();
    await expectUrl(page, `/reviews.html?line=${line.id}`);
  });

  await t.step('the form: required fields are named, the counter counts, the reward follows the photo', async () => {
    const form = page.locator(`#rvw-line-${line.id}-form`);
    await expectVisible(form);
    await expectText(form.locator('.rvw-reward__value'), `리뷰 적립 ${points(124)}`);
    await form.locator('button[type="submit"]').click();
    await expectCount(form.locator('.field-error'), (n) => n >= 5);
    await expectText(form.locator('.field-error').first(), '별점');

    await form.locator(`label[for="rvw-line-${line.id}-rating-5"]`).click();
    await form.locator('input[name="title"]').fill(title);
    await form.locator('textarea[name="content"]').fill('쌉싸름하고 진해서 선물로도 좋아요. 포장도 꼼꼼했어요!');
    await expectText(form.locator(`#rvw-line-${line.id}-content-count`), '30 / 2,000자');
    for (const [name, value, label] of [['delivery', 'fast', '빨라요'], ['service', 'friendly', '친절해요'], ['rebuy', 'yes', '또 살래요']]) {
      const chip = form.locator(`label[for="rvw-line-${line.id}-${name}-${value}"]`);
      await expectText(chip, label);
      await chip.click();
    }

    const png = { name: 'bonbon.png', mimeType: 'image/png', buffer: makePng(320, 320) };
    await form.locator('input[type="file"][name="photo"]').setInputFiles(png);
    const preview = form.locator(`#rvw-line-${line.id}-photo-preview`);
    await expectVisible(preview);
    await expectTrue(async () => (await preview.getAttribute('src') || '').startsWith('blob:'), 'the preview shows the chosen file');
    await expectText(form.locator('.rvw-reward__value'), `포토 리뷰 적립 ${points(618)}`);
    await expectText(form.locator('.rvw-reward__hint'), points(124));
    // Removing the photo switches back to the text reward; choosing it again, to the photo one.
    await form.locator(`#rvw-line-${line.id}-photo-remove`).click();
    await expectText(form.locator('.rvw-reward__value'), `리뷰 적립 ${points(124)}`);
    await form.locator('input[type="file"][name="photo"]').setInputFiles(png);
    await expectText(form.locator('.rvw-reward__value'), `포토 리뷰 적립 ${points(618)}`);
    await expectText(form.locator('button[type="submit"]'), points(618));
    await t.screenshot(page, 'flow-reviews-write-375');
    // Switching the language redraws the form with what was typed and chosen, photo included.
    // At phone width the language buttons are in the collapsed menu.
    const menu = page.locator('.menu-toggle');
    const switchTo = async (lang) => {
      if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
      await page.locator(`.lang-switch__btn[lang="${lang}"]`).click();
      await expectTrue(async () => (await page.locator('html').getAttribute('lang')) === lang, `the page is in ${lang}`);
      if ((await menu.getAttribute('aria-expanded')) === 'true') await menu.click();
    };
    await switchTo('en');
    await expectText(form.locator('.rvw-reward__value'), /^Photo review reward 618\s?P$/);
    await expectVisible(preview);
    assert(await form.locator('input[name="title"]').inputValue() === title, 'the title survives the language switch');
    await expectText(form.locator('.rvw-chip input:checked + span').first(), 'Fast');
    await t.screenshot(page, 'flow-reviews-write-en-375');
    await switchTo('ko');
    await expectText(form.locator('.rvw-reward__value'), `포토 리뷰 적립 ${points(618)}`);
  });

  await t.step('posting credits the photo reward and moves the line to "my reviews"', async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/order-lines/${line.id}/review`) && r.request().method() === 'POST'),
      page.locator(`#rvw-line-${line.id}-submit`).click(),
    ]);
    assert(res.status() === 201, `POST review answered ${res.status()}`);
    await expectText(page.locator('#rvw-posted'), `포토 리뷰 적립 ${points(618)}`);
    await expectCount(page.locator(scope), (n) => n === 0);
    const mine = page.locator('#rvw-reviews .rvw-review').first();
    await expectText(mine, title);
    await expectText(mine, product.name);
    await expectVisible(mine.locator('.rvw-review__photo img'));
    await t.screenshot(page, 'flow-reviews-posted-375');
    const { items } = await api.get('/wallet/entries', { token: buyer.token, query: { per_page: 100 } });
    const reward = items.find((e) => e.kind === 'photo_review');
    assert(reward && reward.amount === 618, `wallet entries: ${JSON.stringify(items.slice(0, 5))}`);
  });

  await t.step('the wallet lists the photo review reward', async () => {
    await page.goto('/points.html');
    await expectText(page.locator('#entries-list'), '포토 리뷰 적립');
    await expectText(page.locator('#entries-list'), `+${points(618)}`);
  });

  await t.step('the product page shows the review with its photo', async () => {
    await page.goto(`/product.html?id=${product.id}#pd-reviews`);
    const review = page.locator('#rv-list .rv-item').filter({ hasText: title });
    await expectVisible(review);
    await expectVisible(review.locator('.rv-photo img'));
    await expectTrue(async () => (await review.locator('.rv-photo img').evaluate((img) => img.complete && img.naturalWidth)) === 320, 'the review photo loads');
  });

  await t.step('the author edits the review, then deletes it after a warning and the reward is taken back', async () => {
    await page.goto('/reviews.html');
    const mine = page.locator('#rvw-reviews .rvw-review').filter({ hasText: product.name });
    await mine.locator('.rvw-review__edit').click();
    const edit = mine.locator('form');
    await edit.locator('input[name="title"]').fill(`${title} (수정)`);
    await edit.locator('label[for$="-rating-4"]').click();
    await t.screenshot(page, 'flow-reviews-edit-375');
    const [res] = await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/reviews\/\d+$/.test(r.url()) && r.request().method() === 'PATCH'),
      edit.locator('button[type="submit"]').click(),
    ]);
    assert(res.status() === 200, `PATCH review answered ${res.status()}`);
    assert(JSON.stringify(res.request().postDataJSON()) === JSON.stringify({ title: `${title} (수정)`, rating: 4 }), `PATCH sent ${res.request().postData()}`);
    await expectText(mine.locator('.rvw-review__title'), `${title} (수정)`);
    await expectVisible(mine.locator('.rating [aria-label*="4.0"]'));

    // With the points spent, the reward cannot be taken back: the review stays, and says why.
    const wallet = await api.get('/wallet', { token: buyer.token });
    const admin = await api.token(DEMO.admin);
    const spend = wallet.balance - 100;
    await api.post(`/admin/wallets/${buyer.id}/adjustments`, { amount: -spend, memo: 'e2e: spent' }, { token: admin });
    t.allowNetworkError(402, /^\/api\/v1\/reviews\/\d+$/, 'deleting a review whose reward the balance cannot cover');
    const dialog = page.locator('dialog.modal');
    await mine.locator('.rvw-review__delete').click();
    await expectText(dialog, '적립 포인트를 다시 가져가요');
    await t.screenshot(page, 'flow-reviews-delete-375');
    await dialog.locator('.btn-danger').click();
    await expectText(mine.locator('.alert'), `잔액이 ${points(100)}`);
    await expectText(mine.locator('.alert'), `받은 ${points(618)}`);
    await expectText(mine.locator('.rvw-review__title'), `${title} (수정)`);
    await t.screenshot(page, 'flow-reviews-delete-refused-375');

    await api.post(`/admin/wallets/${buyer.id}/adjustments`, { amount: spend, memo: 'e2e: back' }, { token: admin });
    await mine.locator('.rvw-review__delete').click();
    await expectText(dialog, '적립 포인트를 다시 가져가요');
    await dialog.locator('.btn-danger').click();
    await expectText(page.locator('#rvw-reviews'), '아직 쓴 리뷰가 없어요');
    await expectText(page.locator(scope), product.name); // the line can be reviewed again
    const { items } = await api.get('/wallet/entries', { token: buyer.token, query: { per_page: 5 } });
    assert(items[0].kind === 'review_reversal' && items[0].amount === -618, `newest entry: ${JSON.stringify(items[0])}`);
  });
});

test('following a store from its page adds one follower and survives a reload; unfollowing takes it back', async (t) => {
  const api = apiFor(t.base);
  const sellerToken = await api.token(DEMO.seller2);
  const me = await api.get('/me', { token: sellerToken });
  const sellerId = (me.user || me).id;
  const id = uniq();
  const email = `e2e-follow-${id}@example.com`;
  const password = `Truffle#${id}7`;
  const login = await api.createVerifiedUser({ email, nickname: `팔로워${id}`.slice(0, 20), password });
  const before = (await api.get(`/sellers/${sellerId}/follow`)).follower_count;
  const count = (n) => new Intl.NumberFormat('ko-KR').format(n);

  const ctx = await t.newContext({ width: 1280, height: 900 });
  await loginContext(ctx, t.base, email, password);
  const page = await ctx.newPage();
  const button = page.locator('#store-follow');

  await t.step('follow: the count goes up by one, and stays after a reload', async () => {
    await page.goto(`/store.html?seller=${sellerId}`);
    await expectText(button, '팔로우');
    assert(await button.getAttribute('aria-pressed') === 'false', 'the button starts pressed');
    await expectText(page.locator('#store-follower-count'), count(before));
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/sellers/${sellerId}/follow`) && r.request().method() === 'PUT'),
      button.click(),
    ]);
    assert(res.status() === 200, `PUT follow answered ${res.status()}`);
    await expectTrue(async () => (await button.getAttribute('aria-pressed')) === 'true', 'the button is pressed');
    await expectText(button, '팔로잉');
    await expectText(page.locator('#store-follower-count'), count(before + 1));
    await t.screenshot(page, 'flow-store-following-1280');
    await page.reload();
    await expectText(button, '팔로잉');
    await expectText(page.locator('#store-follower-count'), count(before + 1));
    const mine = await api.get('/me/follows', { token: login.access_token });
    assert(mine.items.some((s) => s.user_id === sellerId), `GET /me/follows: ${JSON.stringify(mine)}`);
  });

  await t.step('unfollow: the count goes back, also after a reload', async () => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/api/v1/sellers/${sellerId}/follow`) && r.request().method() === 'DELETE'),
      button.click(),
    ]);
    assert(res.status() === 200, `DELETE follow answered ${res.status()}`);
    await expectText(button, '팔로우');
    await expectText(page.locator('#store-follower-count'), count(before));
    await page.reload();
    await expectTrue(async () => (await button.getAttribute('aria-pressed')) === 'false', 'the button is not pressed after the reload');
    await expectText(page.locator('#store-follower-count'), count(before));
  });

  await t.step('a visitor is sent to log in; the seller sees no button on their own store', async () => {
    const visitor = await t.newPage({ width: 375, height: 812 });
    await visitor.goto(`/store.html?seller=${sellerId}`);
    await visitor.locator('#store-follow').click();
    await expectUrl(visitor, `/login.html?next=${encodeURIComponent(`/store.html?seller=${sellerId}`)}`);
    const sctx = await t.newContext({ width: 1280, height: 900 });
    await loginContext(sctx, t.base, DEMO.seller2);
    const own = await sctx.newPage();
    await own.goto(`/store.html?seller=${sellerId}`);
    await expectVisible(own.locator('.store-head__mine'));
    await expectCount(own.locator('#store-follow'), (n) => n === 0);
  });
});
