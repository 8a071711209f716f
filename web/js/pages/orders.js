// My orders: /orders.html[?page=N] — newest first, each with its aggregate status, first item,
// total and a link to the detail page.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { emptyState, formatDateTime, formatWon, pagination, skeletonLines } from '../ui.js';
import { productImage } from '../components/product-card.js';
import { statusBadge } from '../components/order-parts.js';
import { loginUrlHere } from '../navigation.js';
import { parseIds } from '../logic/order-flow.js';
import '../i18n/shop.js';

const PER_PAGE = 10;
const root = qs('#orders-root');
let data = null;
let loadError = null;

function currentPage() {
  return parseIds(new URLSearchParams(location.search).get('page'))[0] || 1;
}

async function load() {
  replaceChildren(root, skeletonLines(4));
  try {
    data = await api('GET', '/orders', { query: { page: currentPage(), per_page: PER_PAGE } });
    loadError = null;
  } catch (err) {
    loadError = err;
  }
  render();
}

function card(o) {
  const first = o.first_line || {};
  const more = Number(o.line_count) - 1;
  return h('li', null, h('a', { class: 'order-card', href: `/order.html?id=${encodeURIComponent(o.id)}`, id: `order-card-${o.id}`, dataset: { status: o.status } },
    productImage(first.image_url, '', { className: 'order-card__img' }),
    h('div', { class: 'order-card__body' },
      h('div', { class: 'order-card__head' }, statusBadge(o.status), h('span', { class: 'text-muted text-sm' }, formatDateTime(o.created_at))),
      h('p', { class: 'order-card__name' }, more > 0 ? t('orders.first_line', { name: first.name || '', n: more }) : first.name || ''),
      h('p', { class: 'order-card__meta' }, h('strong', null, formatWon(o.total_price)), ' · ', t(`order.method.${o.payment_method}`), ' · ', t('order.number', { id: o.id })))));
}

function render() {
  root.removeAttribute('aria-busy');
  if (loadError) {
    replaceChildren(root, emptyState({ icon: 'alert-circle', tone: 'error', title: t('orders.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } }));
    return;
  }
  if (!data) return;
  if (!data.items.length) {
    replaceChildren(root, emptyState({ icon: 'chocolate', title: t('orders.empty_title'), message: t('orders.empty_message'), action: { label: t('cart.browse'), href: '/' } }));
    return;
  }
  replaceChildren(root,
    h('ul', { class: 'order-cards list-reset', id: 'orders-list' }, data.items.map(card)),
    pagination({
      page: data.page, perPage: data.per_page, total: data.total,
      hrefFor: (n) => `/orders.html${n > 1 ? `?page=${n}` : ''}`,
      onPage: (n) => {
        history.pushState(null, '', `/orders.html${n > 1 ? `?page=${n}` : ''}`);
        load();
      },
    }));
}

async function start() {
  const user = await mountLayout({ active: 'orders' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  await load();
}

window.addEventListener('popstate', load);
langEvents.addEventListener('change', render);
start();
