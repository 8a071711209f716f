// Cart: /cart.html — select lines, change amounts (PATCH), remove, unavailable lines greyed out
// with the reason, the total of the selected available lines, and the order button that opens
// the order sheet with the selected line ids.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout, refreshCartCount } from '../layout.js';
import { emptyState, formatNumber, formatWon, showError, toast, withBusy } from '../ui.js';
import { productImage, productUrl } from '../components/product-card.js';
import { loginUrlHere } from '../navigation.js';
import { clampAmount, selectedTotals } from '../logic/order-flow.js';
import '../i18n/shop.js';

const root = qs('#cart-root');
let cart = null; // GET /cart
let selected = new Set();
let loadError = null;

async function load() {
  try {
    cart = await api('GET', '/cart');
    loadError = null;
    // New lines start selected; lines that cannot be ordered never are.
    const available = new Set(cart.items.filter((l) => l.available).map((l) => l.id));
    selected = new Set([...selected].filter((id) => available.has(id)));
    if (!selected.size) selected = available;
    refreshCartCount(cart.count);
  } catch (err) {
    loadError = err;
  }
  render();
}

function reasonText(line) {
  if (line.available) return null;
  const reason = line.unavailable_reason || 'unavailable';
  return t(`cart.unavailable.${reason}`, { n: formatNumber(line.product ? line.product.stock : 0) });
}

function lineRow(line) {
  const p = line.product || {};
  const name = p.name || '';
  const reason = reasonText(line);
  const check = h('input', {
    type: 'checkbox', class: 'cart-line__check', checked: line.available && selected.has(line.id), disabled: !line.available,
    'aria-label': t('cart.select_line', { name }), dataset: { id: line.id },
  });
  check.addEventListener('change', () => {
    if (check.checked) selected.add(line.id);
    else selected.delete(line.id);
    renderSummary();
    syncSelectAll();
  });
  const max = Math.max(1, Math.min(999, Number(p.stock) || 1));
  const input = h('input', {
    class: 'input input-sm qty__input', type: 'number', inputmode: 'numeric', min: 1, max: Math.max(max, line.amount), value: String(line.amount),
    'aria-label': t('cart.amount_label', { name }), dataset: { id: line.id },
  });
  const setAmount = (n) => withBusy(input, async () => {
    const next = clampAmount(n, line.available || line.unavailable_reason === 'insufficient_stock' ? max : 999);
    if (next === line.amount) {
      input.value = String(line.amount);
      return;
    }
    try {
      await api('PATCH', `/cart/items/${line.id}`, { body: { amount: next } });
    } catch (err) {
      showError(err);
    }
    await load();
  });
  input.addEventListener('change', () => setAmount(input.value));
  const canChange = p.state === 'on_sale';
  const dec = h('button', { type: 'button', class: 'qty__btn', 'aria-label': t('pd.amount_dec'), disabled: !canChange || line.amount <= 1, onClick: () => setAmount(line.amount - 1) }, '−');
  const inc = h('button', { type: 'button', class: 'qty__btn', 'aria-label': t('pd.amount_inc'), disabled: !canChange || line.amount >= max, onClick: () => setAmount(line.amount + 1) }, '+');
  input.disabled = !canChange;
  const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-sm cart-line__remove', 'aria-label': t('cart.remove_line', { name }) }, t('cart.remove'));
  remove.addEventListener('click', () => withBusy(remove, async () => {
    try {
      await api('DELETE', `/cart/items/${line.id}`);
      selected.delete(line.id);
      toast.success(t('cart.removed'));
    } catch (err) {
      showError(err);
    }
    await load();
  }));
  return h('li', { class: ['cart-line', !line.available && 'is-unavailable'], id: `cart-line-${line.id}`, dataset: { product: line.product_id } },
    check,
    h('a', { class: 'cart-line__media', href: productUrl(line.product_id), tabindex: '-1', 'aria-hidden': 'true' }, productImage(p.thumbnail_url, '', { className: 'cart-line__img' })),
    h('div', { class: 'cart-line__body' },
      p.seller && h('p', { class: 'cart-line__seller' }, t('cart.seller', { name: p.seller.company_name || '' })),
      h('a', { class: 'cart-line__name', href: productUrl(line.product_id) }, name),
      h('p', { class: 'cart-line__unit' }, t('cart.unit_price', { price: formatWon(p.price) })),
      reason && h('p', { class: 'cart-line__reason', id: `cart-line-reason-${line.id}` }, reason),
      h('div', { class: 'cart-line__controls' },
        h('div', { class: 'qty qty-sm' }, dec, input, inc),
        h('strong', { class: 'cart-line__total' }, formatWon(line.line_total)))),
    remove);
}

function syncSelectAll() {
  const all = qs('#cart-select-all');
  if (!all || !cart) return;
  const available = cart.items.filter((l) => l.available);
  const n = available.filter((l) => selected.has(l.id)).length;
  all.checked = available.length > 0 && n === available.length;
  all.indeterminate = n > 0 && n < available.length;
  qs('#cart-select-all-label').textContent = t('cart.select_all', { n, total: available.length });
}

function renderSummary() {
  const slot = qs('#cart-summary');
  if (!slot || !cart) return;
  const s = selectedTotals(cart.items, selected);
  const order = h('button', { type: 'button', class: 'btn btn-primary btn-lg btn-block', id: 'cart-order', disabled: s.count === 0 },
    s.count ? t('cart.order', { amount: formatWon(s.total) }) : t('cart.order_none'));
  order.addEventListener('click', () => {
    location.href = `/checkout.html?items=${s.lines.map((l) => l.id).join(',')}`;
  });
  replaceChildren(slot,
    h('h2', { class: 'card-title' }, t('cart.summary')),
    h('dl', { class: 'shop-sums' },
      h('p', { class: 'text-muted text-sm m-0', id: 'cart-selected-count' }, t('cart.selected_count', { n: formatNumber(s.count) })),
      h('div', null, h('dt', null, t('cart.total_amount')), h('dd', null, formatWon(s.total))),
      h('div', null, h('dt', null, t('cart.shipping')), h('dd', null, t('cart.shipping_free'))),
      h('div', { class: 'shop-sums__total' }, h('dt', null, t('cart.total')), h('dd', { id: 'cart-total' }, formatWon(s.total)))),
    order);
}

function render() {
  root.removeAttribute('aria-busy');
  if (loadError) {
    replaceChildren(root, emptyState({ icon: 'alert-circle', tone: 'error', title: t('cart.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } }));
    return;
  }
  if (!cart) return;
  if (!cart.items.length) {
    replaceChildren(root, emptyState({ icon: 'chocolate', title: t('cart.empty_title'), message: t('cart.empty_message'), action: { label: t('cart.browse'), href: '/' } }));
    return;
  }
  const all = h('input', { type: 'checkbox', id: 'cart-select-all' });
  all.addEventListener('change', () => {
    selected = all.checked ? new Set(cart.items.filter((l) => l.available).map((l) => l.id)) : new Set();
    render();
  });
  const removeSelected = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', id: 'cart-remove-selected' }, t('cart.remove_selected'));
  removeSelected.addEventListener('click', () => withBusy(removeSelected, async () => {
    const ids = [...selected];
    if (!ids.length) return;
    try {
      await api('DELETE', '/cart/items', { query: { ids: ids.join(',') } });
      selected = new Set();
      toast.success(t('cart.removed'));
    } catch (err) {
      showError(err);
    }
    await load();
  }));
  replaceChildren(root, h('div', { class: 'shop-layout' },
    h('section', { class: 'card shop-main' },
      h('div', { class: 'cart-toolbar' },
        h('label', { class: 'check', for: 'cart-select-all' }, all, h('span', { id: 'cart-select-all-label' })),
        removeSelected),
      h('ul', { class: 'cart-lines list-reset', id: 'cart-lines' }, cart.items.map(lineRow))),
    h('aside', { class: 'card card-body shop-aside', id: 'cart-summary', 'aria-live': 'polite' })));
  syncSelectAll();
  renderSummary();
}

async function start() {
  const user = await mountLayout({ active: 'cart' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  await load();
}

langEvents.addEventListener('change', render);
start();
