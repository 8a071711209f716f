// Screenshots of every page at desktop (1280 px) and phone (375 px) width, each as the role that
// uses it, into output/screenshots/NN-name-WIDTH.png. Fails on any console error, page error or
// a page that never finishes loading; every page is still photographed.
import { test } from '../lib/harness.mjs';
import { DEMO, uniq, extractCode } from '../lib/api.mjs';
import { apiFor, tokenFor, loginContext } from '../lib/flows.mjs';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 812 },
];

/** Waits for the page to look finished: network quiet, no skeletons, nothing aria-busy, fonts in. */
async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => {});
  const deadline = Date.now() + 15_000;
  let busy = [];
  for (;;) {
    busy = await page.evaluate(() => {
      const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
      const out = [];
      for (const el of document.querySelectorAll('main [aria-busy="true"], main .skeleton, main .loading-block')) {
        if (visible(el)) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`);
      }
      return out;
    });
    if (busy.length === 0 || Date.now() > deadline) break;
    await page.waitForTimeout(150);
  }
  // Scroll through once so lazy images load, then back to the top.
  await page.evaluate(async () => {
    const step = Math.max(200, window.innerHeight - 100);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 40));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 5_000 }).catch(() => {});
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(200); // transitions
  return busy;
}

test('screenshots of every page at 1280 px and 375 px, each as its role', async (t) => {
  const api = apiFor(t.base);
  const me = await api.get('/me', { token: await tokenFor(t.base, DEMO.seller) });
  const sellerId = (me.user || me).id;
  const products = await api.get('/products', { query: { seller: sellerId, per_page: 40, sort: 'popular' } });
  const product = products.items.find((p) => p.thumbnail_url && p.state === 'on_sale' && !/[<>]/.test(p.name)) || products.items[0];
  const detail = await api.get(`/products/${product.id}`);

  // A pending seller application, so the admin review page shows one.
  const id = uniq();
  const applicant = `e2e-applicant-${id}@example.com`;
  await api.post('/auth/signup', {
    email: applicant,
    password: `Truffle#${id}5`,
    nickname: `카카오빈${id}`,
    role: 'seller',
    seller: {
      company_name: `봉봉쇼콜라 ${id}`,
      business_number: '2208112345',
      owner_name: '박봉봉',
      contact: '0311234567',
      bank_name: '국민은행',
      account_number: '12345678901234',
      account_holder: '박봉봉',
    },
  });
  await api.post('/auth/email/verify', { email: applicant, code: extractCode((await api.waitForMail(applicant)).body) });

  // A question waiting for the seller's answer, so the seller's question page shows its answer box.
  await api.post(`/products/${product.id}/inquiries`, { content: '선물 포장이 되나요? 리본 색을 고를 수 있을까요?' }, { token: await tokenFor(t.base, DEMO.buyer2) });

  // A demo order of the demo buyer for the order page (the demo shop seeds orders in every status).
  const buyerOrders = await api.get('/orders', { token: await tokenFor(t.base, DEMO.buyer), query: { per_page: 1 } });
  const orderId = buyerOrders.items.length ? buyerOrders.items[0].id : 0;

  // The reviews page as the demo buyer with something in both lists: the demo shop reviews every
  // confirmed line, so one delivered line is confirmed here, and an operator hides one review (the
  // "hidden" badge).
  const buyerToken = await tokenFor(t.base, DEMO.buyer);
  const waiting = await api.get('/me/reviewable-lines', { token: buyerToken });
  if (waiting.total === 0) {
    const all = await api.get('/orders', { token: buyerToken, query: { per_page: 50 } });
    for (const summary of all.items) {
      const order = await api.get(`/orders/${summary.id}`, { token: buyerToken });
      const delivered = order.lines.find((l) => l.status === 'delivered');
      if (delivered) {
        await api.post(`/order-lines/${delivered.id}/transitions`, { to: 'confirmed' }, { token: buyerToken });
        break;
      }
    }
  }
  const written = await api.get('/me/reviews', { token: buyerToken, query: { per_page: 50 } });
  if (written.items.length && !written.items.some((r) => r.hidden)) {
    const hide = written.items[written.items.length - 1];
    await api.post(`/admin/reviews/${hide.id}/hide`, { reason: 'e2e screenshots' }, { token: await tokenFor(t.base, DEMO.admin) });
  }

  // The 404 page is served with status 404, which Chromium logs for the document itself.
  t.allowNetworkError(404, /^\/no-such-page\.html$/, 'the 404 page itself');

  const roles = {
    visitor: null,
    buyer: DEMO.buyer,
    seller: DEMO.seller,
    admin: DEMO.admin,
  };
  const pages = [
    ['home', '/', 'visitor'],
    ['product', `/product.html?id=${product.id}`, 'visitor'],
    ['store', `/store.html?seller=${sellerId}`, 'visitor'],
    ['login', '/login.html', 'visitor'],
    ['signup', '/signup.html', 'visitor'],
    ['reset', '/reset.html', 'visitor'],
    ['account', '/account.html', 'buyer'],
    ['points', '/points.html', 'buyer'],
    ['membership', '/membership.html', 'buyer'],
    ['chat', '/chat.html', 'buyer'],
    ['cart', '/cart.html', 'buyer'],
    ['checkout', `/checkout.html?buy=${product.id}&amount=2`, 'buyer'],
    ['orders', '/orders.html', 'buyer'],
    ['order', `/order.html?id=${orderId}`, 'buyer'],
    ['reviews', '/reviews.html', 'buyer'],
    ['seller-products', '/seller/products.html', 'seller'],
    ['seller-product-new', '/seller/product-edit.html', 'seller'],
    ['seller-product-edit', `/seller/product-edit.html?id=${product.id}`, 'seller'],
    ['product-as-owner', `/product.html?id=${product.id}`, 'seller'],
    ['seller-orders', '/seller/orders.html', 'seller'],
    ['seller-stats', '/seller/stats.html', 'seller'],
    ['seller-inquiries', '/seller/inquiries.html', 'seller'],
    ['admin-home', '/admin/index.html', 'admin'],
    ['admin-sellers', '/admin/sellers.html', 'admin'],
    ['admin-users', '/admin/users.html', 'admin'],
    ['admin-categories', '/admin/categories.html', 'admin'],
    ['admin-products', '/admin/products.html', 'admin'],
    ['admin-orders', '/admin/orders.html', 'admin'],
    ['admin-reviews', '/admin/reviews.html', 'admin'],
    ['admin-support', '/admin/support.html?status=all', 'admin'],
    ['admin-notices', '/admin/notices.html', 'admin'],
    ['dev-outbox', '/dev/outbox.html', 'visitor'],
    ['not-found', '/no-such-page.html', 'visitor'],
  ];
  t.log(`product ${product.id} (${detail.name}), seller ${sellerId}`);

  // One browser context per role: the refresh cookie rotates on each page load, so a context
  // keeps its own session and changes only its viewport between widths.
  const tabs = {};
  for (const [role, email] of Object.entries(roles)) {
    const ctx = await t.newContext({ width: 1280, height: 800 });
    if (email) await loginContext(ctx, t.base, email);
    tabs[role] = await ctx.newPage();
  }

  const failures = [];
  let n = 0;
  for (const [name, url, role] of pages) {
    n += 1;
    const page = tabs[role];
    const started = Date.now();
    for (const size of WIDTHS) {
      const label = `${String(n).padStart(2, '0')}-${name}-${size.width}`;
      try {
        await page.setViewportSize({ width: size.width, height: size.height });
        const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
        const expectStatus = name === 'not-found' ? 404 : 200;
        if (!res || res.status() !== expectStatus) failures.push(`${url}: HTTP ${res ? res.status() : 'no response'} (expected ${expectStatus})`);
        const busy = await settle(page);
        if (busy.length) failures.push(`${url} at ${size.width} px still loading after 15 s: ${busy.join(', ')}`);
        const path = new URL(page.url()).pathname;
        const wanted = new URL(url, t.base).pathname;
        if (path !== wanted) failures.push(`${url} as ${role} went to ${page.url()}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) failures.push(`${url} at ${size.width} px scrolls sideways by ${overflow} px`);
        await t.screenshot(page, label);
      } catch (e) {
        failures.push(`${url} at ${size.width} px: ${e.message.split('\n')[0]}`);
        await t.screenshot(page, `${label}-error`).catch(() => {});
      }
    }
    t.log(`${name} ${url} (${role}, ${Date.now() - started} ms)`);
  }
  if (failures.length) throw new Error(`pages with problems:\n      - ${failures.join('\n      - ')}`);
}, { timeout: 240_000 });
