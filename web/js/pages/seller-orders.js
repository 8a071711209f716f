// Seller center — orders received: /seller/orders.html[?status=&from=&to=&page=]
// Status tabs with counts, a date range, and each line's next moves (shipping asks for the
// tracking number; cancelling and refunding ask to confirm, with an optional reason).
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { emptyState, formatDateTime, formatNumber, formatWon, pagination, showError, skeletonLines, toast } from '../ui.js';
import { productImage, productUrl } from '../components/product-card.js';
import { statusBadge, askText } from '../components/order-parts.js';
import { loginUrlHere } from '../navigation.js';
import { SELLER_FILTERS, parseIds, sellerMoves } from '../logic/order-flow.js';
import '../i18n/catalog.js';
import '../i18n/seller-center.js';
import '../i18n/shop.js';

const PER_PAGE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const root = qs('#sc-root');
let data = null;
let loadError = null;

function readState() {
  const p = new URLSearchParams(location.search);
  const status = p.get('status');
  return {
    status: SELLER_FILTERS.includes(status) ? status : 'all',
    from: DATE.test(p.get('from') || '') ? p.get('from') : '',
    to: DATE.test(p.get('to') || '') ? p.get('to') : '',
    page: parseIds(p.get('page'))[0] || 1,
  };
}

function urlFor(s) {
  const p = new URLSearchParams();
  if (s.status !== 'all') p.set('status', s.status);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.page > 1) p.set('page', String(s.page));
  const q = p.toString();
  return `/seller/orders.html${q ? `?${q}` : ''}`;
}

function navigate(patch) {
  const next = { ...readState(), page: 1, ...patch };
  history.pushState(null, '', urlFor(next));
  load();
}

async function load() {
  const s = readState();
  const list = qs('#so-list');
  if (list) replaceChildren(list, skeletonLines(4));
  try {
    data = await api('GET', '/seller/orders', { query: { status: s.status === 'all' ? '' : s.status, from: s.from, to: s.to, page: s.page, per_page: PER_PAGE } });
    loadError = null;
  } catch (err) {
    loadError = err;
  }
  render();
}

async function move(line, to) {
  const send = (extra) => api('POST', `/order-lines/${line.id}/transitions`, { body: { to, ...extra } });
  let done;
  if (to === 'shipped') {
    done = await askText({
      title: t('so.tracking_title'), label: t('so.tracking_label'), help: t('so.tracking_help'), required: true, requiredMessage: t('so.tracking_required'),
      confirmLabel: t('so.move.shipped'), id: 'so-tracking', maxlength: 50, run: (text) => send({ tracking_number: text }),
    });
  } else if (to === 'cancelled' || to === 'refunded') {
    done = await askText({
      title: t(`so.move.${to}`), message: t(to === 'cancelled' ? 'so.confirm_cancel' : 'so.confirm_refund'), label: t('so.reason_label'),
      confirmLabel: t(`so.move.${to}`), danger: true, id: 'so-reason', run: (text) => send(text ? { reason: text } : {}),
    });
  } else {
    try {
      await send({});
      done = true;
    } catch (err) {
      showError(err);
    }
  }
  if (done) toast.success(t('so.moved', { status: t(`line.status.${to}`) }));
  await load();
}

function lineCard(line) {
  const s = line.shipping || {};
  const moves = sellerMoves(line.status).map((to) => {
    const btn = h('button', { type: 'button', class: ['btn', 'btn-sm', to === 'cancelled' || to === 'refunded' ? 'btn-outline-danger' : 'btn-primary'], dataset: { move: to, line: line.id } }, t(`so.move.${to}`));
    btn.addEventListener('click', () => move(line, to));
    return btn;
  });
  return h('li', { class: 'so-line', id: `so-line-${line.id}`, dataset: { status: line.status } },
    h('a', { href: productUrl(line.product_id), tabindex: '-1', 'aria-hidden': 'true' }, productImage(line.image_url, '', { className: 'so-line__img' })),
    h('div', { class: 'so-line__body' },
      h('div', { class: 'order-line__head' }, statusBadge(line.status), h('span', { class: 'text-muted text-sm' }, t('order.number', { id: line.order_id }))),
      h('p', { class: 'so-line__name' }, line.name),
      h('p', null, `${formatWon(line.unit_price)} × ${formatNumber(line.amount)} = `, h('strong', null, formatWon(line.line_total))),
      h('p', { class: 'so-line__meta' }, t('so.buyer', { name: (line.buyer && line.buyer.nickname) || '' }), ' · ', t('so.ordered', { date: formatDateTime(line.ordered_at) })),
      h('p', { class: 'so-line__meta' }, t('so.ship_to', { recipient: s.recipient || '', address: `(${s.postal_code || ''}) ${s.address || ''} ${s.detail_address || ''}`.trim() })),
      line.tracking_number && h('p', { class: 'order-line__tracking' }, t('order.tracking', { n: line.tracking_number })),
      line.reason && h('p', { class: 'order-line__reason' }, t('order.reason', { reason: line.reason }))),
    moves.length > 0 && h('div', { class: 'so-line__actions' }, moves));
}

function header() {
  return h('div', { class: 'page-header sc__header' },
    h('div', null,
      h('p', { class: 'sc__eyebrow' }, icon('store', { size: 16 }), h('span', null, t('sc.title'))),
      h('h1', { class: 'page-title', id: 'so-title', tabindex: '-1' }, t('so.title')),
      h('p', { class: 'page-subtitle' }, t('so.subtitle'))),
    h('div', { class: 'sc-links' },
      h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/products.html' }, t('so.products_link')),
      h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/stats.html', id: 'so-stats-link' }, t('so.stats_link'))));
}

function tabs(s) {
  const counts = (data && data.counts) || {};
  const all = Object.values(counts).reduce((a, b) => a + Number(b || 0), 0);
  return h('nav', { class: 'sc-tabs', id: 'so-tabs', 'aria-label': t('so.title') }, h('ul', { class: 'sc-tabs__list' }, ['all', ...SELLER_FILTERS].map((f) => {
    const active = f === s.status;
    const n = f === 'all' ? all : counts[f];
    return h('li', null, h('a', {
      class: ['sc-tabs__link', active && 'is-active'], href: urlFor({ ...s, status: f, page: 1 }), 'aria-current': active ? 'page' : undefined, dataset: { status: f },
      onClick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
        e.preventDefault();
        navigate({ status: f });
      },
    }, h('span', null, f === 'all' ? t('so.all') : t(`line.status.${f}`)), n !== undefined && h('span', { class: 'sc-tabs__count' }, formatNumber(n))));
  })));
}

function rangeForm(s) {
  const from = h('input', { class: 'input input-sm', type: 'date', id: 'so-from', name: 'from', value: s.from });
  const to = h('input', { class: 'input input-sm', type: 'date', id: 'so-to', name: 'to', value: s.to });
  const form = h('form', { class: 'so-range', id: 'so-range' },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'so-from' }, t('so.from')), from),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'so-to' }, t('so.to')), to),
    h('button', { type: 'submit', class: 'btn btn-secondary btn-sm' }, t('so.apply')),
    (s.from || s.to) && h('button', { type: 'button', class: 'btn btn-ghost btn-sm', onClick: () => navigate({ from: '', to: '' }) }, t('so.reset')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (from.value && to.value && from.value > to.value) {
      toast.error(t('so.bad_range'));
      return;
    }
    navigate({ from: from.value, to: to.value });
  });
  return form;
}

function render() {
  root.removeAttribute('aria-busy');
  const s = readState();
  let body;
  if (loadError) {
    body = emptyState({ icon: 'alert-circle', tone: 'error', title: t('so.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } });
  } else if (!data) {
    body = skeletonLines(4);
  } else if (!data.items.length) {
    body = emptyState({ icon: 'store', title: t('so.empty') });
  } else {
    body = [
      h('ul', { class: 'so-lines list-reset' }, data.items.map(lineCard)),
      pagination({ page: data.page, perPage: data.per_page, total: data.total, hrefFor: (n) => urlFor({ ...s, page: n }), onPage: (n) => navigate({ ...s, page: n }) }),
    ];
  }
  replaceChildren(root, header(), tabs(s), rangeForm(s), h('div', { id: 'so-list' }, body));
}

async function start() {
  const user = await mountLayout({ active: 'seller-orders' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  if (!hasRole('seller')) {
    root.removeAttribute('aria-busy');
    replaceChildren(root, emptyState({ icon: 'store', title: t('sc.not_seller_title'), message: t('sc.not_seller_message'), action: { label: t('sc.apply'), href: '/account.html#seller' } }));
    return;
  }
  await load();
}

window.addEventListener('popstate', load);
langEvents.addEventListener('change', render);
start();
