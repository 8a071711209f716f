// Shop setup through the API: a buyer who can order, a product of a demo seller, and an order
// line taken all the way to `confirmed` (points order, the seller ships and delivers, the buyer
// confirms), for tests that start where the shop test ends.
import { randomUUID } from 'node:crypto';
import { DEMO, extractCode, uniq } from './api.mjs';
import { assert } from './expect.mjs';

/** A buyer through the API: signup, e-mailed code, verified phone; `points` added by an admin. */
export async function newBuyer(api, points, { prefix = 'shop' } = {}) {
  const id = uniq();
  const email = `e2e-${prefix}-${id}@example.com`;
  const password = `Truffle#${id}7`;
  const nickname = `구매${id}`.slice(0, 20);
  await api.post('/auth/signup', { email, password, nickname });
  await api.post('/auth/email/verify', { email, code: extractCode((await api.waitForMail(email)).body) });
  const login = await api.post('/auth/login', { email, password });
  const token = login.access_token;
  const phone = `010${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  await api.call('PUT', '/me/phone', { body: { phone }, token, expect: 202 });
  let sms = null;
  for (let i = 0; i < 50 && !sms; i += 1) {
    sms = (await api.outbox()).find((m) => m.kind === 'sms' && String(m.to).replace(/\D/g, '').includes(phone));
    if (!sms) await new Promise((r) => setTimeout(r, 200));
  }
  assert(sms, `no SMS to ${phone} in the outbox`);
  const code = /\b(\d{4,8})\b/.exec(sms.body)[1];
  await api.post('/me/phone/verify', { code }, { token });
  if (points) {
    const admin = await api.token(DEMO.admin);
    await api.post(`/admin/wallets/${login.user.id}/adjustments`, { amount: points, memo: 'e2e shop' }, { token: admin });
  }
  return { email, password, token, nickname, id: login.user.id };
}

/** A product on sale by the seller whose token is given. */
export async function newProduct(api, sellerToken, { name, price, stock }) {
  const cats = await api.get('/categories');
  return api.post('/products', { category_id: cats[0].id, name, description: 'e2e shop', price, stock }, { token: sellerToken });
}

/**
 * Orders one `productId` with points as `buyer` ({token}), then the seller prepares, ships and
 * delivers the line and the buyer confirms it. Returns the confirmed order line.
 */
export async function confirmedLine(api, { buyer, sellerToken, productId }) {
  const order = await api.call('POST', '/orders', {
    token: buyer.token,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      buy_now: { product_id: productId, amount: 1 },
      new_address: { postal_code: '06236', address: '서울특별시 강남구 테헤란로 123', detail_address: '4층', recipient: '김리뷰', phone: '01098765432' },
      payment: 'points',
    },
    expect: 201,
  });
  const line = order.lines[0];
  const move = (token, to, extra = {}) => api.post(`/order-lines/${line.id}/transitions`, { to, ...extra }, { token });
  await move(sellerToken, 'preparing');
  await move(sellerToken, 'shipped', { tracking_number: `CJ${line.id}0001` });
  await move(sellerToken, 'delivered');
  const confirmed = await move(buyer.token, 'confirmed');
  assert(confirmed.status === 'confirmed', `line ${line.id} is ${confirmed.status}`);
  return confirmed;
}
