// Order sheet: /checkout.html?items=1,2 (cart line ids) or ?buy=<product id>&amount=N (buy now).
// Shipping to a saved address or a new one (optionally saved), payment by points (balance and
// the balance after) or by card (the payment window, then the order page). One Idempotency-Key
// per attempt, kept across retries of that attempt, so a double click never makes two orders.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { alertBox, emptyState, formatNumber, formatPoints, formatWon, withBusy, clearFieldErrors, showFieldErrors } from '../ui.js';
import { productImage } from '../components/product-card.js';
import { loginUrlHere } from '../navigation.js';
import { openPaymentWindow } from '../payment-window.js';
import { clampAmount, createAttempts, isMobile, isPostalCode, parseIds } from '../logic/order-flow.js';
import { rememberCheckout } from '../order-store.js';
import '../i18n/shop.js';
import '../i18n/auth.js';

const root = qs('#checkout-root');
const params = new URLSearchParams(location.search);
const cartIds = parseIds(params.get('items'));
const buyId = parseIds(params.get('buy'))[0] || null;
const buyAmount = clampAmount(params.get('amount') || 1);

const attempts = createAttempts(() => crypto.randomUUID());
const state = {
  lines: [], // [{ key, name, image, unit, amount, total, available, reason }]
  addresses: [],
  balance: 0,
  addressChoice: null, // an address id, or 'new'
  payment: 'points',
  problem: null, // { type, text(), link? }
  error: null,
};
const draft = { recipient: '', phone: '', postal_code: '', address: '', detail_address: '', save: false };

async function load() {
  const wallet = api('GET', '/wallet');
  const addresses = api('GET', '/me/addresses');
  let lines;
  if (buyId) {
    const p = await api('GET', `/products/${buyId}`);
    const amount = clampAmount(buyAmount, p.stock);
    lines = [{
      key: `p${p.id}`, productId: p.id, name: p.name, image: p.thumbnail_url, unit: p.price, amount, total: p.price * amount,
      available: p.state === 'on_sale' && p.stock >= amount, reason: p.state === 'on_sale' ? 'insufficient_stock' : p.state === 'sold_out' ? 'sold_out' : 'unavailable', stock: p.stock,
    }];
  } else {
    const cart = await api('GET', '/cart');
    lines = cart.items.filter((l) => cartIds.includes(l.id)).map((l) => ({
      key: `c${l.id}`, cartId: l.id, productId: l.product_id, name: l.product.name, image: l.product.thumbnail_url, unit: l.product.price, amount: l.amount, total: l.line_total,
      available: l.available, reason: l.unavailable_reason, stock: l.product.stock,
    }));
  }
  state.lines = lines;
  state.balance = (await wallet).balance;
  state.addresses = await addresses;
  if (state.addressChoice === null) {
    const def = state.addresses.find((a) => a.is_default) || state.addresses[0];
    state.addressChoice = def ? def.id : 'new';
  }
}

function total() {
  return state.lines.filter((l) => l.available).reduce((s, l) => s + l.total, 0);
}

/* ---------------------------------------------------------------- render */

function field(id, key, input, { help, required = true } = {}) {
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, t(key), required && h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    input,
    help && h('p', { class: 'field-help' }, help));
}

function draftInput(id, name, attrs) {
  const input = h('input', { class: 'input', id, name, value: draft[name], ...attrs });
  input.addEventListener('input', () => {
    if (name === 'postal_code') input.value = input.value.replace(/\D/g, '').slice(0, 5);
    draft[name] = input.value;
    // A corrected field loses its old error at once.
    if (input.getAttribute('aria-invalid') === 'true') {
      input.removeAttribute('aria-invalid');
      input.closest('.field')?.querySelectorAll('.field-error').forEach((el) => el.remove());
    }
  });
  return input;
}

function addressSection() {
  const options = state.addresses.map((a) => h('label', { class: 'radio-card co-address', for: `co-address-${a.id}` },
    h('input', { type: 'radio', name: 'address', id: `co-address-${a.id}`, value: String(a.id), checked: state.addressChoice === a.id }),
    h('span', { class: 'co-address__text' },
      h('strong', null, a.recipient, a.is_default ? ' ' : '', a.is_default && h('span', { class: 'badge badge-gold' }, t('co.default'))),
      h('span', null, `(${a.postal_code}) ${a.address} ${a.detail_address || ''}`.trim()),
      h('span', { class: 'text-muted' }, a.phone))));
  options.push(h('label', { class: 'radio-card co-address', for: 'co-address-new' },
    h('input', { type: 'radio', name: 'address', id: 'co-address-new', value: 'new', checked: state.addressChoice === 'new' }),
    h('span', { class: 'co-address__text' }, h('strong', null, t('co.new_address')))));
  const list = h('div', { class: 'co-addresses', role: 'radiogroup', 'aria-labelledby': 'co-address-title' }, options);
  list.addEventListener('change', (e) => {
    const v = e.target.value;
    state.addressChoice = v === 'new' ? 'new' : Number(v);
    render();
  });
  const form = state.addressChoice === 'new' && h('div', { class: 'form co-new-address', id: 'co-new-address' },
    h('div', { class: 'field-row' },
      field('co-recipient', 'co.recipient', draftInput('co-recipient', 'recipient', { type: 'text', maxlength: 30, autocomplete: 'name' })),
      field('co-phone', 'co.phone', draftInput('co-phone', 'phone', { type: 'tel', inputmode: 'numeric', maxlength: 13, autocomplete: 'tel', placeholder: '01012345678' }))),
    field('co-postal', 'co.postal_code', draftInput('co-postal', 'postal_code', { type: 'text', inputmode: 'numeric', maxlength: 5, autocomplete: 'postal-code', placeholder: '06236', class: 'input input-postal' }), { help: t('co.postal_help') }),
    field('co-addr', 'co.address_line', draftInput('co-addr', 'address', { type: 'text', maxlength: 200, autocomplete: 'address-line1' })),
    field('co-detail', 'co.detail', draftInput('co-detail', 'detail_address', { type: 'text', maxlength: 100, autocomplete: 'address-line2' }), { required: false }),
    state.addresses.length < 5 && h('label', { class: 'check', for: 'co-save' },
      (() => {
        const box = h('input', { type: 'checkbox', id: 'co-save', checked: draft.save });
        box.addEventListener('change', () => { draft.save = box.checked; });
        return box;
      })(),
      h('span', null, t('co.save_address'))));
  return h('section', { class: 'card card-body co-section', 'aria-labelledby': 'co-address-title' },
    h('h2', { class: 'card-title', id: 'co-address-title' }, t('co.address')),
    list,
    form);
}

function paymentSection() {
  const radio = (value, titleKey, helpKey) => h('label', { class: 'radio-card', for: `co-pay-${value}` },
    h('input', { type: 'radio', name: 'payment', id: `co-pay-${value}`, value, checked: state.payment === value }),
    h('span', { class: 'co-address__text' }, h('strong', null, t(titleKey)), h('span', { class: 'text-muted' }, t(helpKey))));
  const group = h('div', { class: 'radio-cards', role: 'radiogroup', 'aria-labelledby': 'co-payment-title' },
    radio('points', 'co.pay_points', 'co.pay_points_help'), radio('card', 'co.pay_card', 'co.pay_card_help'));
  group.addEventListener('change', (e) => {
    state.payment = e.target.value;
    render();
  });
  const after = state.balance - total();
  const points = state.payment === 'points' && h('dl', { class: 'shop-sums co-points' },
    h('div', null, h('dt', null, t('co.balance')), h('dd', { id: 'co-balance' }, formatPoints(state.balance))),
    h('div', null, h('dt', null, t('co.balance_after')), h('dd', { id: 'co-balance-after', class: after < 0 ? 'text-danger' : '' }, formatPoints(after))));
  const short = state.payment === 'points' && after < 0 && h('p', { class: 'co-short', id: 'co-short' },
    t('co.short', { n: formatPoints(-after) }), ' ', h('a', { href: '/topup.html' }, t('co.topup')));
  return h('section', { class: 'card card-body co-section', 'aria-labelledby': 'co-payment-title' },
    h('h2', { class: 'card-title', id: 'co-payment-title' }, t('co.payment')),
    group, points, short);
}

function itemsSection() {
  return h('section', { class: 'card card-body co-section', 'aria-labelledby': 'co-items-title' },
    h('h2', { class: 'card-title', id: 'co-items-title' }, t('co.items')),
    h('ul', { class: 'co-lines list-reset', id: 'co-lines' }, state.lines.map((l) => h('li', { class: ['co-line', !l.available && 'is-unavailable'] },
      productImage(l.image, '', { className: 'co-line__img' }),
      h('div', { class: 'co-line__body' },
        h('p', { class: 'co-line__name' }, l.name),
        h('p', { class: 'co-line__meta' }, t('co.item_line', { amount: formatNumber(l.amount), total: formatWon(l.total) })),
        !l.available && h('p', { class: 'cart-line__reason' }, t(`cart.unavailable.${l.reason || 'unavailable'}`, { n: formatNumber(l.stock) })))))));
}

function renderProblem() {
  const slot = qs('#co-problem');
  if (!slot) return;
  const p = state.problem;
  if (!p) {
    replaceChildren(slot);
    return;
  }
  const box = alertBox(p.text(), { type: p.type });
  if (p.link) qs('p', box)?.append(' ', h('a', { href: p.link.href, id: p.link.id }, t(p.link.label)));
  replaceChildren(slot, box);
}

function render() {
  root.removeAttribute('aria-busy');
  if (state.error) {
    replaceChildren(root, emptyState({ icon: 'alert-circle', tone: 'error', title: t('co.load_failed'), message: state.error.message, action: { label: t('common.retry'), onClick: () => location.reload() } }));
    return;
  }
  if (!state.lines.length) {
    replaceChildren(root, emptyState({ icon: 'chocolate', title: t('co.no_items'), message: t('co.no_items_message'), action: { label: t('co.back_cart'), href: '/cart.html' } }));
    return;
  }
  const sum = total();
  const orderable = state.lines.some((l) => l.available);
  const pay = h('button', { type: 'button', class: 'btn btn-primary btn-lg btn-block', id: 'co-pay', disabled: !orderable }, t('co.pay', { amount: formatWon(sum) }));
  pay.addEventListener('click', () => withBusy(pay, submit));
  replaceChildren(root, h('div', { class: 'shop-layout' },
    h('div', { class: 'shop-main co-main' }, itemsSection(), addressSection(), paymentSection()),
    h('aside', { class: 'card card-body shop-aside' },
      h('dl', { class: 'shop-sums' },
        h('div', null, h('dt', null, t('cart.total_amount')), h('dd', null, formatWon(sum))),
        h('div', null, h('dt', null, t('cart.shipping')), h('dd', null, t('cart.shipping_free'))),
        h('div', { class: 'shop-sums__total' }, h('dt', null, t('co.total')), h('dd', { id: 'co-total' }, formatWon(sum)))),
      h('div', { id: 'co-problem', 'aria-live': 'polite' }),
      pay)));
  renderProblem();
}

/* ---------------------------------------------------------------- submit */

function orderBody() {
  const body = {};
  if (buyId) body.buy_now = { product_id: buyId, amount: state.lines[0].amount };
  else body.cart_item_ids = state.lines.filter((l) => l.available).map((l) => l.cartId);
  if (state.addressChoice === 'new') {
    body.new_address = {
      postal_code: draft.postal_code.trim(),
      address: draft.address.trim(),
      detail_address: draft.detail_address.trim(),
      recipient: draft.recipient.trim(),
      phone: draft.phone.replace(/\D/g, ''),
      save: draft.save,
    };
  } else {
    body.address_id = state.addressChoice;
  }
  body.payment = state.payment;
  return body;
}

function validDraft() {
  const form = qs('#co-new-address');
  if (!form) return true;
  clearFieldErrors(form);
  const fields = {};
  if (!draft.recipient.trim()) fields.recipient = t('v.required');
  if (!isMobile(draft.phone)) fields.phone = draft.phone.trim() ? t('v.phone') : t('v.phone_required');
  if (!isPostalCode(draft.postal_code)) fields.postal_code = draft.postal_code.trim() ? t('v.postal') : t('v.required');
  if (!draft.address.trim()) fields.address = t('v.required');
  if (Object.keys(fields).length) {
    showFieldErrors(form, fields);
    return false;
  }
  return true;
}

function problem(type, text, link) {
  state.problem = { type, text, link };
  renderProblem();
  qs('#co-problem')?.scrollIntoView({ block: 'nearest' });
}

async function submit() {
  state.problem = null;
  renderProblem();
  if (!validDraft()) return;
  const body = orderBody();
  const key = attempts.keyFor(body);
  let order;
  try {
    order = await api('POST', '/orders', { body, headers: { 'Idempotency-Key': key } });
    attempts.settle(201);
  } catch (err) {
    attempts.settle(err.status, err.code);
    const detail = (err.body && err.body.error) || {};
    if (err.code === 'insufficient_points') {
      problem('error', () => t('co.insufficient', { balance: formatPoints(detail.balance ?? state.balance), required: formatPoints(detail.required ?? total()) }), { href: '/topup.html', id: 'co-topup-link', label: 'co.topup' });
    } else if (err.code === 'phone_unverified') {
      problem('warning', () => t('co.phone_unverified'), { href: '/account.html#phone', id: 'co-phone-link', label: 'co.verify_phone' });
    } else if ((err.code === 'product_unavailable' || err.code === 'insufficient_stock' || err.code === 'own_product') && Array.isArray(detail.product_ids)) {
      const names = state.lines.filter((l) => detail.product_ids.includes(l.productId)).map((l) => l.name).join(', ');
      const message = err.message;
      problem('error', () => `${message} ${t('co.unavailable_lines', { names })}`);
      try {
        await load();
        render();
      } catch {
        /* the message stays */
      }
      problem('error', () => `${message} ${t('co.unavailable_lines', { names })}`);
    } else if (err.status === 0 || err.status >= 500 || err.code === 'idempotency_key_in_progress') {
      const message = err.message;
      problem('warning', () => `${message} ${t('co.retry_hint')}`);
    } else if (err.fields && qs('#co-new-address')) {
      showFieldErrors(qs('#co-new-address'), err.fields);
      problem('error', () => err.message);
    } else {
      const message = err.message;
      problem('error', () => message);
    }
    return;
  }
  const returnPath = `/order.html?id=${encodeURIComponent(order.id)}`;
  if (order.payment && order.payment.checkout) {
    rememberCheckout(order.payment);
    const ret = await openPaymentWindow(order.payment, returnPath);
    if (ret) {
      const q = new URLSearchParams({ merchant_uid: ret.merchantUid || '', imp_uid: ret.impUid || '', imp_success: String(ret.success), error_msg: ret.errorMsg || '' });
      location.assign(`${returnPath}&${q}`);
    }
    return;
  }
  location.assign(`${returnPath}&placed=1`);
}

async function start() {
  const user = await mountLayout({ active: 'cart' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  try {
    await load();
  } catch (err) {
    state.error = err;
  }
  render();
}

langEvents.addEventListener('change', render);
start();
