// The shop in the browser: a new buyer (verified phone) puts two products in the cart, orders
// them with points, the seller moves both lines to delivered on the order board, the buyer
// confirms and finds the purchase reward in the wallet; a card order through the payment
// simulator ends on the result page with the order placed (and operators find it); a sold-out
// line cannot be ordered.
// Products are made for this run by the demo sellers; DEMO.buyer2/3 are left alone.
import { test } from '../lib/harness.mjs';
import { DEMO, uniq } from '../lib/api.mjs';
import { apiFor, loginContext } from '../lib/flows.mjs';
import { newBuyer, newProduct } from '../lib/shop.mjs';
import { expectText, expectUrl, expectVisible, expectHidden, assert, expectTrue } from '../lib/expect.mjs';

const won = (n) => `${new Intl.NumberFormat('ko-KR').format(n)}원`;

async function addToCartOnPage(page, productId, amount) {
  await page.goto(`/product.html?id=${productId}`);
  await expectVisible(page.locator('#add-to-cart'));
  if (amount > 1) {
    await page.locator('#buy-amount').fill(String(amount));
    await page.locator('#buy-amount').dispatchEvent('change');
  }
  await page.locator('#add-to-cart').click();
  await expectVisible(page.locator('#buy-go-cart'));
}

test('a buyer orders two products with points; the seller delivers; the buyer confirms and is rewarded', async (t) => {
  const api = apiFor(t.base);
  const id = uniq();
  const sellerToken = await api.token(DEMO.seller);
  const a = await newProduct(api, sellerToken, { name: `e2e 가나슈 ${id}`, price: 3000, stock: 10 });
  const b = await newProduct(api, sellerToken, { name: `e2e 프랄린 ${id}`, price: 4500, stock: 10 });
  const buyer = await newBuyer(api, 30_000);
  const start = (await api.get('/wallet', { token: buyer.token })).balance;
  const total = 3000 * 2 + 4500;

  const ctx = await t.newContext({ width: 375, height: 812, mobile: true });
  await loginContext(ctx, t.base, buyer.email, buyer.password);
  const page = await ctx.newPage();
  let orderId;

  await t.step('two products into the cart from their pages (the amount picker stops at the stock)', async () => {
    await page.goto(`/product.html?id=${a.id}`);
    await page.locator('#buy-amount').fill('50');
    await page.locator('#buy-amount').dispatchEvent('change');
    await expectTrue(async () => (await page.locator('#buy-amount').inputValue()) === '10', 'the amount is capped at the stock');
    await t.screenshot(page, 'flow-shop-product-375');
    await addToCartOnPage(page, a.id, 2);
    await addToCartOnPage(page, b.id, 1);
    // The header's cart link counts the lines (inside the collapsed menu at phone width).
    await expectTrue(async () => /^\d+$/.test((await page.locator('#nav-cart-count').textContent({ timeout: 1000 }).catch(() => '')) || ''), 'the cart badge shows a count');
  });

  await t.step('the cart totals the selected lines and opens the order sheet', async () => {
    await page.goto('/cart.html');
    await expectVisible(page.locator(`.cart-line[data-product="${a.id}"]`));
    await expectVisible(page.locator(`.cart-line[data-product="${b.id}"]`));
    // Only this run's two lines are wanted: untick everything, then tick ours.
    const all = page.locator('#cart-select-all');
    if (await all.isChecked()) await all.click();
    await page.locator(`.cart-line[data-product="${a.id}"] .cart-line__check`).check();
    await page.locator(`.cart-line[data-product="${b.id}"] .cart-line__check`).check();
    await expectText(page.locator('#cart-total'), won(total));
    await t.screenshot(page, 'flow-shop-cart-375');
    await page.locator('#cart-order').click();
    await expectUrl(page, /\/checkout\.html\?items=/);
  });

  await t.step('order sheet: a new address, points, the balance after; a double click makes one order', async () => {
    await expectText(page.locator('#co-total'), won(total));
    const newAddress = page.locator('#co-address-new');
    if (!(await newAddress.isChecked())) await newAddress.check();
    await page.locator('#co-recipient').fill('김구매');
    await page.locator('#co-phone').fill('01098765432');
    await page.locator('#co-postal').fill('6236');
    await page.locator('#co-addr').fill('서울특별시 강남구 테헤란로 123');
    await page.locator('#co-detail').fill('4층');
    await expectText(page.locator('#co-balance-after'), `${new Intl.NumberFormat('ko-KR').format(start - total)}P`);
    await page.locator('#co-pay').click();
    await expectVisible(page.locator('.field-error'));
    await page.locator('#co-postal').fill('06236');
    await t.screenshot(page, 'flow-shop-checkout-375');
    await page.locator('#co-pay').dblclick();
    await expectUrl(page, /\/order\.html\?id=\d+$/);
    await expectVisible(page.locator('#order-result-placed'));
    await expectText(page.locator('#order-result-placed'), '주문 완료');
    orderId = Number(new URL(page.url()).searchParams.get('id'));
    const orders = await api.get('/orders', { token: buyer.token });
    assert(orders.total === 1, `one order expected, got ${orders.total}`);
    const wallet = await api.get('/wallet', { token: buyer.token });
    assert(wallet.balance === start - total, `balance ${start} → ${wallet.balance}`);
    await t.screenshot(page, 'flow-shop-order-placed-375');
  });

  const order = await api.get(`/orders/${orderId}`, { token: buyer.token });

  await t.step('the seller prepares, ships (tracking number) and delivers both lines on the board', async () => {
    const sctx = await t.newContext({ width: 1280, height: 900 });
    await loginContext(sctx, t.base, DEMO.seller);
    const sp = await sctx.newPage();
    await sp.goto('/seller/orders.html?status=placed');
    for (const line of order.lines) {
      const card = sp.locator(`#so-line-${line.id}`);
      await expectVisible(card);
    }
    await t.screenshot(sp, 'flow-shop-seller-board-1280');
    await sp.goto('/seller/orders.html');
    for (const line of order.lines) {
      const card = sp.locator(`#so-line-${line.id}`);
      await card.locator('[data-move="preparing"]').click();
      await expectVisible(card.locator('[data-move="shipped"]'));
      await card.locator('[data-move="shipped"]').click();
      await expectVisible(sp.locator('#so-tracking'));
      await sp.locator('#so-tracking').fill(`CJ${line.id}0001`);
      await sp.locator('dialog .modal__actions .btn-primary').click();
      await expectText(card, `CJ${line.id}0001`);
      await card.locator('[data-move="delivered"]').click();
      await expectText(card.locator('[data-status]').first(), '배송 완료');
    }
  });

  await t.step('the buyer confirms each line and sees the reward in the wallet', async () => {
    await page.goto(`/order.html?id=${orderId}`);
    for (const line of order.lines) {
      const row = page.locator(`#order-line-${line.id}`);
      await expectText(row, '배송 완료');
      await row.locator('[data-move="confirmed"]').click();
      await page.locator('dialog .modal__actions .btn-primary').click();
      await expectHidden(page.locator('dialog'));
      await expectText(page.locator(`#order-line-${line.id}`), '구매 확정');
    }
    await expectText(page.locator('#order-status'), '구매 확정');
    await t.screenshot(page, 'flow-shop-order-confirmed-375');
    const { items } = await api.get('/wallet/entries', { token: buyer.token, query: { per_page: 100 } });
    const rewards = items.filter((e) => e.kind === 'purchase_reward').map((e) => e.amount).sort((x, y) => x - y);
    const expected = order.lines.map((l) => Math.ceil(l.line_total * 0.05)).sort((x, y) => x - y);
    assert(JSON.stringify(rewards) === JSON.stringify(expected), `rewards ${JSON.stringify(rewards)}, expected ${JSON.stringify(expected)}`);
    await page.goto('/points.html');
    await expectText(page.locator('#entries-list'), '구매 적립');
    await expectText(page.locator('#points-balance'), new Intl.NumberFormat('ko-KR').format(start - total + expected.reduce((s, n) => s + n, 0)));
  });
});

test('a card order through the simulator ends placed on the result page; a sold-out line cannot be ordered', async (t) => {
  const api = apiFor(t.base);
  const id = uniq();
  const sellerToken = await api.token(DEMO.seller2);
  const card = await newProduct(api, sellerToken, { name: `e2e 카드 트러플 ${id}`, price: 5200, stock: 4 });
  const gone = await newProduct(api, sellerToken, { name: `e2e 품절 봉봉 ${id}`, price: 2800, stock: 2 });
  const buyer = await newBuyer(api, 0);
  t.allowNetworkError(409, /^\/api\/v1\/payments\/portone\/complete$/, 'a declined card is answered payment_not_paid');
  const ctx = await t.newContext({ width: 1280, height: 900 });
  await loginContext(ctx, t.base, buyer.email, buyer.password);
  const page = await ctx.newPage();

  await t.step('buy now by card: declined, paid again with the same payment, then placed on the result page', async () => {
    await page.goto(`/product.html?id=${card.id}`);
    await page.locator('#buy-amount-inc').click();
    await page.locator('#buy-now').click();
    await expectUrl(page, /\/checkout\.html\?buy=/);
    await expectText(page.locator('#co-total'), won(5200 * 2));
    await page.locator('#co-address-new').check();
    await page.locator('#co-recipient').fill('박카드');
    await page.locator('#co-phone').fill('01055556666');
    await page.locator('#co-postal').fill('48058');
    await page.locator('#co-addr').fill('부산광역시 해운대구 센텀중앙로 55');
    await page.locator('#co-pay-card').check();
    await t.screenshot(page, 'flow-shop-checkout-card-1280');
    await page.locator('#co-pay').click();
    await expectUrl(page, /\/_sim\/portone\/checkout\//);
    await expectText(page.locator('#sim-amount'), won(10_400));
    // Declined first: the order waits unpaid, and "pay again" reopens the same payment.
    await page.locator('#sim-decline').click();
    await expectVisible(page.locator('#order-result-declined'));
    await expectText(page.locator('#order-status'), '결제 대기');
    await t.screenshot(page, 'flow-shop-card-declined-1280');
    await page.locator('#order-pay-again').click();
    await expectUrl(page, /\/_sim\/portone\/checkout\//);
    await expectText(page.locator('#sim-amount'), won(10_400));
    await page.locator('#sim-approve').click();
    await expectVisible(page.locator('#order-result-placed'));
    await expectText(page.locator('#order-status'), '결제 완료');
    await t.screenshot(page, 'flow-shop-card-placed-1280');
    const orders = await api.get('/orders', { token: buyer.token });
    assert(orders.items[0].status === 'placed' && orders.items[0].payment_method === 'card', JSON.stringify(orders.items[0]));
  });

  await t.step('an operator finds the card order by the buyer\'s e-mail and opens its payment', async () => {
    const actx = await t.newContext({ width: 1280, height: 900 });
    await loginContext(actx, t.base, DEMO.admin);
    const ap = await actx.newPage();
    await ap.goto(`/admin/orders.html?q=${encodeURIComponent(buyer.email)}`);
    const rows = ap.locator('#ao-table tbody tr');
    await expectText(rows.first(), buyer.email);
    await rows.first().locator('button[data-order]').click();
    await expectVisible(ap.locator('#ao-detail'));
    const latest = (await api.get('/orders', { token: buyer.token })).items[0];
    const paid = await api.get(`/orders/${latest.id}`, { token: buyer.token });
    await expectText(ap.locator('#ao-detail'), `${paid.payment.merchant_uid} · 결제 완료`);
    await expectText(ap.locator('#ao-detail'), `e2e 카드 트러플 ${id}`);
  });

  await t.step('a sold-out line stays in the cart greyed out and cannot be ordered', async () => {
    await addToCartOnPage(page, gone.id, 1);
    await api.patch(`/products/${gone.id}`, { stock: 0 }, { token: sellerToken });
    await page.goto('/cart.html');
    const line = page.locator(`.cart-line[data-product="${gone.id}"]`);
    await expectVisible(line);
    await expectText(line, '품절');
    assert(await line.locator('.cart-line__check').isDisabled(), 'the sold-out line can be selected');
    await expectText(page.locator('#cart-order'), '주문할 상품을 선택해 주세요');
    assert(await page.locator('#cart-order').isDisabled(), 'the order button is enabled');
    await t.screenshot(page, 'flow-shop-cart-soldout-1280');
    const lineId = Number((await line.getAttribute('id')).replace('cart-line-', ''));
    await page.goto(`/checkout.html?items=${lineId}`);
    await expectText(page.locator('#co-lines'), '품절');
    assert(await page.locator('#co-pay').isDisabled(), 'the pay button is enabled for a sold-out line');
  });
});
