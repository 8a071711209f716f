// The shop in the browser: browsing, Korean search, filters, sort, pagination with history, the
// product page; the seller journey from signup to a listed product; user text never becomes markup.
import { test } from '../lib/harness.mjs';
import { uniq, DEMO } from '../lib/api.mjs';
import { makePng } from '../lib/png.mjs';
import { expectText, expectVisible, expectUrl, expectCount, expectAnyText, expectTrue, assert } from '../lib/expect.mjs';
import { apiFor, tokenFor, codeFromOutbox, loginViaPage, assertNoTokenInStorage } from '../lib/flows.mjs';

const GRID_CARD = '#catalog-results .product-card';

async function cardNames(page) {
  return page.locator(`${GRID_CARD} .product-card__name`).allInnerTexts();
}

async function cardPrices(page) {
  const texts = await page.locator(`${GRID_CARD} .product-card__price`).allInnerTexts();
  return texts.map((s) => Number(s.replace(/[^\d]/g, '')));
}

/** Waits until the catalog grid has finished loading (no skeleton, not dimmed). */
async function gridReady(page) {
  await expectTrue(async () => page.evaluate(() => {
    const r = document.querySelector('#catalog-results');
    return Boolean(r && !r.classList.contains('is-loading') && !r.hasAttribute('aria-busy') && !r.querySelector('.skeleton')
      && (r.querySelector('.product-card') || r.querySelector('.empty-state')));
  }), 'the product grid did not finish loading', { timeout: 15_000 });
}

function params(page) {
  return new URL(page.url()).searchParams;
}

test('visitor browses: Korean search, category filter, sort, pagination with back button, product page', async (t) => {
  const api = apiFor(t.base);
  await t.step('the demo shop has more than one page of products', async () => {
    const list = await api.get('/products', { query: { per_page: 1 } });
    if (list.total <= 20) {
      // Make sure there is a second page (the demo seed is expected to have 40 products).
      const token = await tokenFor(t.base, DEMO.seller2);
      const cats = await api.get('/categories');
      for (let i = list.total; i <= 21; i += 1) {
        await api.post('/products', { category_id: cats[0].id, name: `페이지 채움 초콜릿 ${i}`, description: 'e2e', price: 1000 + i, stock: 5 }, { token });
      }
    }
  });

  const page = await t.newPage();
  const all = await api.get('/products', { query: { per_page: 20, sort: 'recent' } });

  await t.step('home lists the newest products with prices and a total', async () => {
    await page.goto('/');
    await gridReady(page);
    const names = await cardNames(page);
    assert(names.length === Math.min(20, all.total), `the home grid shows ${names.length} cards, the API lists ${all.items.length}`);
    assert(names[0] === all.items[0].name, `first card ${JSON.stringify(names[0])} ≠ newest product ${JSON.stringify(all.items[0].name)}`);
    await expectText(page.locator('#catalog-count'), all.total.toLocaleString('en-US'));
  });

  await t.step('search in Korean from the header: 초콜릿', async () => {
    const expected = await api.get('/products', { query: { q: '초콜릿', per_page: 20 } });
    assert(expected.total > 0, 'the API finds nothing for 초콜릿');
    const box = page.locator('#site-header').getByRole('searchbox');
    await box.fill('초콜릿');
    await box.press('Enter');
    await expectUrl(page, /[?&]q=/);
    assert(params(page).get('q') === '초콜릿', `q in the URL is ${params(page).get('q')}`);
    await gridReady(page);
    await expectText(page.locator('#catalog-title'), '초콜릿');
    await expectText(page.locator('#catalog-count'), String(expected.total));
    const names = await cardNames(page);
    assert(names.length === expected.items.length, `search shows ${names.length} cards, the API ${expected.items.length}`);
    assert(JSON.stringify(names) === JSON.stringify(expected.items.map((p) => p.name)), 'search results differ from the API');
    assert(names.some((n) => n.includes('초콜릿')), 'no result has 초콜릿 in its name');
    assert(await box.inputValue() === '초콜릿', 'the header search box lost the query');
  });

  await t.step('clear the search and filter by a category', async () => {
    await page.locator('#site-header a.logo').click();
    await expectUrl(page, /^\/$/);
    await gridReady(page);
    const cats = await api.get('/categories');
    const cat = [...cats].sort((a, b) => b.product_count - a.product_count)[0];
    const exact = new RegExp(`^\\s*${cat.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const chip = page.locator('#categories a.chip').filter({ has: page.locator('span:first-child', { hasText: exact }) });
    await chip.first().click();
    await expectUrl(page, new RegExp(`[?&]category=${cat.id}(&|$)`));
    await gridReady(page);
    const expected = await api.get('/products', { query: { category: cat.id, per_page: 20 } });
    const names = await cardNames(page);
    assert(JSON.stringify(names) === JSON.stringify(expected.items.map((p) => p.name)), `category ${cat.name} shows ${names.join(', ')}`);
    await expectTrue(async () => (await chip.first().getAttribute('aria-current')) === 'true', 'the chosen category chip is not marked current');
    await expectText(page.locator('#catalog-title'), cat.name);
  });

  await t.step('sort by price, lowest first', async () => {
    await page.locator('#categories a.chip').first().click(); // 전체
    await expectUrl(page, /^\/$/);
    await gridReady(page);
    await page.locator('select[name="sort"]').selectOption('price_asc');
    await expectUrl(page, /[?&]sort=price_asc/);
    await gridReady(page);
    const prices = await cardPrices(page);
    assert(prices.length > 1, 'no prices');
    assert(prices.every((p, i) => i === 0 || prices[i - 1] <= p), `prices are not ascending: ${prices.join(', ')}`);
    const expected = await api.get('/products', { query: { sort: 'price_asc', per_page: 20 } });
    assert(prices[0] === expected.items[0].price, `cheapest shown ${prices[0]}, API ${expected.items[0].price}`);
  });

  let page1;
  await t.step('next page keeps the sort in the URL', async () => {
    page1 = await cardNames(page);
    const pager = page.getByRole('navigation', { name: /페이지/ });
    await expectVisible(pager);
    await pager.locator('a[rel="next"]').click();
    await expectUrl(page, /[?&]page=2/);
    assert(params(page).get('sort') === 'price_asc', 'the sort was lost on page 2');
    await gridReady(page);
    const page2 = await cardNames(page);
    const expected = await api.get('/products', { query: { sort: 'price_asc', per_page: 20, page: 2 } });
    assert(JSON.stringify(page2) === JSON.stringify(expected.items.map((p) => p.name)), 'page 2 differs from the API');
    assert(!page2.some((n) => page1.includes(n)) || page2.length === 0, 'page 2 repeats page 1');
    await expectText(pager.locator('[aria-current="page"]'), '2');
  });

  await t.step('the back button restores page 1; forward goes to page 2 again', async () => {
    await page.goBack();
    await expectUrl(page, /^\/\?sort=price_asc$/);
    await gridReady(page);
    assert(JSON.stringify(await cardNames(page)) === JSON.stringify(page1), 'back did not restore page 1');
    assert(await page.locator('select[name="sort"]').inputValue() === 'price_asc', 'the sort select lost its value');
    await page.goForward();
    await expectUrl(page, /page=2/);
    await gridReady(page);
    await page.goBack();
    await gridReady(page);
    // A reload of a bookmarked state shows the same list.
    await page.reload();
    await gridReady(page);
    assert(JSON.stringify(await cardNames(page)) === JSON.stringify(page1), 'a reload of ?sort=price_asc shows another list');
  });

  await t.step('open a product page from its card', async () => {
    const card = page.locator(GRID_CARD).first();
    const name = (await card.locator('.product-card__name').innerText()).trim();
    const price = (await card.locator('.product-card__price').innerText()).replace(/\s+/g, '');
    await card.locator('a').first().click();
    await expectUrl(page, /^\/product\.html\?id=\d+$/);
    const id = Number(params(page).get('id'));
    const product = await api.get(`/products/${id}`);
    assert(product.name === name, `the card said ${name}, the product is ${product.name}`);
    await expectText(page.getByRole('heading', { level: 1 }), name);
    await expectText(page.locator('#product-price'), price.replace('원', ''));
    await expectText(page.locator('#pd-seller-card'), product.seller.company_name);
    if (product.description) await expectText(page.locator('#product-description'), product.description.split('\n')[0].slice(0, 20));
    await expectTrue(async () => (await page.title()).includes(name), 'the document title does not name the product');
    await page.goBack();
    await expectUrl(page, /^\/\?sort=price_asc$/);
    await gridReady(page);
  });
}, { timeout: 120_000 });

test('seller signs up, an admin approves, the seller lists a product with a photo and shoppers find it', async (t) => {
  const api = apiFor(t.base);
  const id = uniq();
  const email = `e2e-seller-${id}@example.com`;
  const nickname = `쇼콜라${id}`;
  const password = `Praline#${id}7`;
  const company = `e2e쇼콜라티에${id}`;
  const productName = `e2e 수제 가나슈 초콜릿 ${id}`;

  const sellerCtx = await t.newContext();
  const signupPage = await sellerCtx.newPage();
  await t.step('sign up as a seller', async () => {
    await signupPage.goto('/signup.html');
    const form = signupPage.locator('#signup-form');
    await form.locator('input[name="role"][value="seller"]').check();
    await expectVisible(form.locator('input[name="company_name"]'));
    await form.locator('input[name="email"]').fill(email);
    await form.locator('input[name="nickname"]').fill(nickname);
    await form.locator('input[name="password"]').fill(password);
    await form.locator('input[name="password_confirm"]').fill(password);
    await form.locator('input[name="company_name"]').fill(company);
    await form.locator('input[name="business_number"]').fill('123-45-67890');
    await form.locator('input[name="owner_name"]').fill('김초코');
    await form.locator('input[name="contact"]').fill('0212345678');
    const bank = form.locator('select[name="bank_name"]');
    const banks = (await bank.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
    assert(banks.length > 0, 'the bank list is empty');
    await bank.selectOption(banks[0]);
    await form.locator('input[name="account_number"]').fill('110123456789');
    await form.locator('input[name="account_holder"]').fill('김초코');
    await form.locator('input[name="agree"]').check();
    const [res] = await Promise.all([
      signupPage.waitForResponse((r) => r.url().endsWith('/api/v1/auth/signup')),
      form.locator('button[type="submit"]').click(),
    ]);
    assert(res.status() === 201, `seller signup answered ${res.status()}: ${await res.text()}`);
    const code = await codeFromOutbox(t, sellerCtx, email);
    await signupPage.locator('#verify-form input[name="code"]').fill(code);
    await signupPage.locator('#verify-form button[type="submit"]').click();
    await expectVisible(signupPage.locator('#signup-step-done'));
    await expectText(signupPage.locator('#signup-done'), nickname);
  });
  const seller = (await api.get('/admin/seller-applications', { query: { status: 'pending', per_page: 100 }, token: await tokenFor(t.base, DEMO.admin) }))
    .items.find((a) => a.company_name === company);
  assert(seller, 'the application is not pending on the server');
  await sellerCtx.close();

  await t.step('the admin approves the application on /admin/sellers.html', async () => {
    const adminCtx = await t.newContext();
    const page = await adminCtx.newPage();
    await loginViaPage(page, DEMO.admin, undefined, { next: '/admin/sellers.html' });
    const card = page.locator('article.application-card').filter({ hasText: company });
    await expectVisible(card);
    await expectText(card, '123-45-67890');
    await t.screenshot(page, 'flow-admin-sellers-pending-1280');
    const before = new Set((await api.outbox()).map((m) => m.id));
    const approve = card.locator('button[data-action="approve"]');
    const label = (await approve.innerText()).trim();
    await approve.click();
    const dialog = page.locator('dialog[open]');
    await expectText(dialog, company);
    const [res] = await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/admin\/seller-applications\/\d+\/approve$/.test(r.url())),
      dialog.getByRole('button', { name: label, exact: true }).click(),
    ]);
    assert(res.status() === 200, `approve answered ${res.status()}`);
    await expectCount(page.locator('article.application-card').filter({ hasText: company }).filter({ has: page.locator('button[data-action="approve"]') }), (n) => n === 0);
    const mail = await api.waitForMail(email, { since: before });
    t.log(`approval e-mail: ${mail.subject}`);
    await adminCtx.close();
  });

  const ctx = await t.newContext();
  const page = await ctx.newPage();
  let productId;
  await t.step('the seller logs in and sees the seller menu', async () => {
    await loginViaPage(page, email, password, { nickname });
    await expectVisible(page.locator('#site-header a[href="/seller/products.html"]'));
    await assertNoTokenInStorage(page);
  });

  await t.step('create a product with an uploaded photo on /seller/product-edit.html', async () => {
    await page.goto('/seller/product-edit.html');
    const form = page.locator('#product-form');
    await expectVisible(form);
    const cats = await api.get('/categories');
    await form.locator('select[name="category_id"]').selectOption(String(cats[0].id));
    await form.locator('input[name="name"]').fill(productName);
    await form.locator('textarea[name="description"]').fill('벨기에산 커버처 초콜릿으로 만든 가나슈.\n냉장 보관하세요.');
    await form.locator('input[name="price"]').fill('18500');
    await form.locator('input[name="stock"]').fill('30');
    await form.locator('#product-thumbnail').setInputFiles({ name: 'ganache.png', mimeType: 'image/png', buffer: makePng(320, 320) });
    await expectTrue(async () => form.locator('.pe-thumb__img').evaluate((img) => img.src.startsWith('blob:') || img.src.startsWith('data:')), 'the chosen photo is not previewed');
    await t.screenshot(page, 'flow-product-new-filled-1280');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/products') && r.request().method() === 'POST');
    const thumb = page.waitForResponse((r) => /\/api\/v1\/products\/\d+\/thumbnail$/.test(r.url()));
    await form.locator('button[type="submit"]').click();
    // The page moves on to the product page once done, so only statuses and URLs are read.
    const res = await created;
    assert(res.status() === 201, `create answered ${res.status()}`);
    const tr = await thumb;
    assert(tr.status() === 200, `thumbnail upload answered ${tr.status()}`);
    productId = Number(/\/products\/(\d+)\/thumbnail$/.exec(tr.url())[1]);
    await page.waitForURL((u) => u.pathname === '/product.html' && u.searchParams.get('id') === String(productId), { timeout: 15_000 });
    await expectText(page.getByRole('heading', { level: 1 }), productName);
    const product = await api.get(`/products/${productId}`);
    assert(product.thumbnail_url, 'the product has no thumbnail on the server');
    assert(product.seller.company_name === company, `the product's seller is ${product.seller.company_name}`);
    const img = page.locator(`img[src="${product.thumbnail_url}"]`).first();
    await expectVisible(img);
    await expectTrue(() => img.evaluate((el) => el.complete && el.naturalWidth === 320), 'the uploaded photo does not load on the product page');
    await t.screenshot(page, 'flow-product-created-1280');
  });

  await t.step('a visitor finds it on the home list and by search', async () => {
    const visitor = await t.newPage();
    await visitor.goto('/');
    await gridReady(visitor);
    const card = visitor.locator(GRID_CARD).filter({ hasText: productName });
    await expectVisible(card);
    await expectText(card.locator('.product-card__seller'), company);
    await expectText(card.locator('.product-card__price'), '18,500');
    await expectTrue(() => card.locator('img').first().evaluate((el) => el.complete && el.naturalWidth === 320), 'the thumbnail does not show in the list');
    await visitor.goto(`/?q=${encodeURIComponent('가나슈')}`);
    await gridReady(visitor);
    await expectVisible(visitor.locator(GRID_CARD).filter({ hasText: productName }));
    const box = visitor.locator('#site-header').getByRole('searchbox');
    assert(await box.inputValue() === '가나슈', 'the header search box does not show the query from the URL');
    await visitor.goto(`/store.html?seller=${seller.user_id}`);
    await expectAnyText(visitor.locator('#store-results .product-card__name'), productName);
    await expectText(visitor.locator('#store-head'), company);
  });
}, { timeout: 150_000 });

test('markup in a product name is shown as text, never run (home list, search, product page, store)', async (t) => {
  const api = apiFor(t.base);
  const evil = '<img src=x onerror=alert(1)>';
  const token = await tokenFor(t.base, DEMO.seller);
  const cats = await api.get('/categories');
  const product = await api.post('/products', {
    category_id: cats[0].id,
    name: evil,
    description: `<script>alert(2)</script><b onmouseover=alert(3)>굵게</b>\n<svg onload=alert(4)>`,
    price: 12345,
    stock: 3,
  }, { token });

  const page = await t.newPage();
  const dialogs = [];
  page.on('dialog', (d) => dialogs.push(d.message()));
  // Count every element an injected payload would create.
  const injected = () => page.evaluate(() => document.querySelectorAll('img[src="x"], script:not([src]), svg[onload], b[onmouseover], [onerror]').length);

  await t.step('home list', async () => {
    await page.goto('/');
    await gridReady(page);
    const name = page.locator(`${GRID_CARD} .product-card__name`).filter({ hasText: 'onerror' });
    await expectVisible(name);
    assert((await name.first().innerText()).trim() === evil, `the card shows ${await name.first().innerText()}`);
    assert(await injected() === 0, 'the home page contains injected elements');
  });

  await t.step('search results', async () => {
    await page.goto(`/?q=${encodeURIComponent('onerror')}`);
    await gridReady(page);
    await expectAnyText(page.locator(`${GRID_CARD} .product-card__name`), evil);
    await expectText(page.locator('#catalog-title'), 'onerror');
    assert(await injected() === 0, 'the search page contains injected elements');
  });

  await t.step('product page', async () => {
    await page.goto(`/product.html?id=${product.id}`);
    await expectText(page.getByRole('heading', { level: 1 }), evil);
    assert((await page.getByRole('heading', { level: 1 }).innerText()).trim() === evil, 'the heading is not the literal name');
    await expectText(page.locator('#product-description'), '<script>alert(2)</script>');
    await expectTrue(async () => (await page.title()).includes(evil), 'the title does not show the literal name');
    // Hover the would-be bold text, in case it became an element with a handler.
    await page.locator('#product-description').hover();
    assert(await injected() === 0, 'the product page contains injected elements');
  });

  await t.step('seller store and the seller\'s own list', async () => {
    await page.goto(`/store.html?seller=${product.seller.user_id}`);
    await expectAnyText(page.locator('#store-results .product-card__name'), evil);
    assert(await injected() === 0, 'the store page contains injected elements');
  });

  await page.waitForTimeout(500); // let any late onerror/onload fire
  assert(dialogs.length === 0, `a dialog fired: ${dialogs.join(' | ')}`);
  assert(await injected() === 0, 'injected elements appeared');
});
