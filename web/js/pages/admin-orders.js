// Operators — orders: /admin/orders.html[?q=&status=&from=&to=&page=]
// Search by order id, buyer e-mail or merchant_uid, filter by status and dates; a row opens the
// order's detail (lines with their status and reason, shipping, payment) in a dialog.
import { h, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon } from '../icons.js';
import { emptyState, formatDateTime, formatNumber, formatWon, modal, pagination, showError, skeletonLines, withBusy } from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import { statusBadge } from '../components/order-parts.js';
import { LINE_STATUSES, parseIds } from '../logic/order-flow.js';
import '../i18n/admin.js';
import '../i18n/shop.js';

const PER_PAGE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
let frame = null;
let data = null;
let loadError = null;

function readUrl() {
  const p = new URLSearchParams(location.search);
  const status = p.get('status');
  return {
    q: (p.get('q') || '').trim().slice(0, 100),
    status: LINE_STATUSES.includes(status) ? status : '',
    from: DATE.test(p.get('from') || '') ? p.get('from') : '',
    to: DATE.test(p.get('to') || '') ? p.get('to') : '',
    page: parseIds(p.get('page'))[0] || 1,
  };
}

function urlFor(s) {
  const p = new URLSearchParams();
  for (const k of ['q', 'status', 'from', 'to']) if (s[k]) p.set(k, s[k]);
  if (s.page > 1) p.set('page', String(s.page));
  const q = p.toString();
  return `/admin/orders.html${q ? `?${q}` : ''}`;
}

function go(patch) {
  history.pushState(null, '', urlFor({ ...readUrl(), page: 1, ...patch }));
  load();
}

async function load() {
  const s = readUrl();
  try {
    data = await api('GET', '/admin/orders', { query: { q: s.q, status: s.status, from: s.from, to: s.to, page: s.page, per_page: PER_PAGE } });
    loadError = null;
  } catch (err) {
    loadError = err;
  }
  render();
}

function searchForm(s) {
  const q = h('input', { class: 'input', id: 'ao-q', name: 'q', type: 'search', maxlength: 100, value: s.q, placeholder: t('admin.orders.search_placeholder'), 'aria-label': t('admin.orders.search_label') });
  const status = h('select', { class: 'select', id: 'ao-status', name: 'status', 'aria-label': t('admin.orders.status') },
    h('option', { value: '' }, t('admin.orders.status_all')),
    LINE_STATUSES.map((st) => h('option', { value: st, selected: st === s.status }, t(`line.status.${st}`))));
  const from = h('input', { class: 'input', type: 'date', id: 'ao-from', value: s.from, 'aria-label': t('so.from') });
  const to = h('input', { class: 'input', type: 'date', id: 'ao-to', value: s.to, 'aria-label': t('so.to') });
  const form = h('form', { class: 'so-range', role: 'search', id: 'ao-form' },
    h('div', { class: 'field' }, q),
    h('div', { class: 'field' }, status),
    h('div', { class: 'field' }, from),
    h('div', { class: 'field' }, to),
    h('button', { type: 'submit', class: 'btn btn-primary' }, icon('search', { size: 18 }), h('span', null, t('common.search'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({ q: q.value.trim(), status: status.value, from: from.value, to: to.value });
  });
  return form;
}

async function openDetail(id, button) {
  await withBusy(button, async () => {
    let o;
    try {
      o = await api('GET', `/admin/orders/${id}`);
    } catch (err) {
      showError(err);
      return;
    }
    const s = o.shipping || {};
    const p = o.payment;
    modal({
      title: t('admin.orders.detail', { id: o.id }),
      size: 'lg',
      body: h('div', { class: 'stack', id: 'ao-detail' },
        h('p', null, statusBadge(o.status), ' ', o.buyer ? `${o.buyer.nickname} · ${o.buyer.email}` : '', ' · ', formatDateTime(o.created_at)),
        h('ul', { class: 'order-lines list-reset' }, o.lines.map((l) => h('li', { class: 'order-line' },
          h('span', null, statusBadge(l.status)),
          h('div', { class: 'order-line__body' },
            h('p', { class: 'order-line__name' }, l.name),
            h('p', { class: 'order-line__meta' }, `${l.seller ? l.seller.company_name : ''} · ${formatWon(l.unit_price)} × ${formatNumber(l.amount)} = ${formatWon(l.line_total)}`),
            l.reason && h('p', { class: 'order-line__reason' }, t('order.reason', { reason: l.reason })),
            l.tracking_number && h('p', { class: 'order-line__tracking' }, t('order.tracking', { n: l.tracking_number })))))),
        h('dl', { class: 'shop-sums' },
          h('div', null, h('dt', null, t('order.shipping')), h('dd', null, `${s.recipient || ''} · ${s.phone || ''} · (${s.postal_code || ''}) ${s.address || ''} ${s.detail_address || ''}`)),
          h('div', null, h('dt', null, t('co.payment')), h('dd', null, t(`order.method.${o.payment_method}`))),
          p && h('div', null, h('dt', null, t('order.payment')), h('dd', null, t('admin.orders.payment_uid', { uid: p.merchant_uid, status: t(`admin.orders.pay_status.${p.status}`) }))),
          h('div', { class: 'shop-sums__total' }, h('dt', null, t('order.total')), h('dd', null, formatWon(o.total_price))))),
    });
  });
}

function render() {
  if (!frame) return;
  const s = readUrl();
  let body;
  if (loadError) {
    body = emptyState({ icon: 'alert-circle', tone: 'error', title: t('admin.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } });
  } else if (!data) {
    body = skeletonLines(6);
  } else if (!data.items.length) {
    body = emptyState({ icon: 'search', title: t('admin.orders.empty') });
  } else {
    const heads = ['col_id', 'col_buyer', 'col_items', 'col_total', 'col_status', 'col_date'];
    body = h('div', { class: 'table-wrap ao-table-wrap' },
      h('table', { class: 'table ao-table', id: 'ao-table' },
        h('thead', null, h('tr', null, heads.map((k) => h('th', { scope: 'col' }, t(`admin.orders.${k}`))), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('admin.orders.open'))))),
        h('tbody', null, data.items.map((o) => {
          const open = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { order: o.id } }, t('admin.orders.open'));
          open.addEventListener('click', () => openDetail(o.id, open));
          const first = o.first_line || {};
          return h('tr', { dataset: { orderId: o.id } },
            h('td', { dataset: { label: t('admin.orders.col_id') } }, `#${o.id}`),
            h('td', { dataset: { label: t('admin.orders.col_buyer') } }, o.buyer ? `${o.buyer.nickname} (${o.buyer.email})` : ''),
            h('td', { dataset: { label: t('admin.orders.col_items') } }, o.line_count > 1 ? t('orders.first_line', { name: first.name || '', n: o.line_count - 1 }) : first.name || ''),
            h('td', { dataset: { label: t('admin.orders.col_total') } }, formatWon(o.total_price)),
            h('td', { dataset: { label: t('admin.orders.col_status') } }, statusBadge(o.status)),
            h('td', { dataset: { label: t('admin.orders.col_date') } }, formatDateTime(o.created_at)),
            h('td', null, open));
        }))));
  }
  replaceChildren(frame.content,
    searchForm(s),
    data && h('p', { class: 'admin-total' }, t('admin.orders.total', { n: formatNumber(data.total) })),
    body,
    data && pagination({ page: data.page, perPage: data.per_page, total: data.total, hrefFor: (n) => urlFor({ ...s, page: n }), onPage: (n) => go({ ...s, page: n }) }));
}

async function start() {
  frame = await mountAdmin({ key: 'orders', titleKey: 'admin.orders.title', subtitleKey: 'admin.orders.subtitle' });
  if (!frame) return;
  render();
  await load();
}

window.addEventListener('popstate', load);
langEvents.addEventListener('change', render);
start();
