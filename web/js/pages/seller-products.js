// Seller center — my products: /seller/products.html[?state=&page=]
// Table of the seller's products in every state with inline price/stock edits, hide/show,
// delete/restore and pagination. Phones get one card per product (same markup, CSS only).
import { h, qs, qsa, replaceChildren, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import {
  pagination, emptyState, formatNumber, formatDate, badge, toast, showError, withBusy,
  confirmDialog, showFieldErrors, clearFieldErrors, skeletonLines,
} from '../ui.js';
import { productImage, productUrl } from '../components/product-card.js';
import { PRODUCT_STATES, stateLabel, stateTone, blockReason } from '../logic/product-state.js';
import '../i18n/catalog.js';
import '../i18n/seller-center.js';

const PER_PAGE = 20;
const MAX_PRICE = 10_000_000;
const FILTERS = ['all', ...PRODUCT_STATES];

const root = qs('#sc-root');
let user = null;
let categories = new Map();
let counts = {}; // state → total (best effort)
let last = null; // { state, kind, data | error }
let seq = 0;

/* ------------------------------------------------------------------ state */

function posInt(value) {
  const s = String(value ?? '').trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

function readState() {
  const p = new URLSearchParams(location.search);
  const filter = p.get('state');
  return { filter: FILTERS.includes(filter) ? filter : 'all', page: posInt(p.get('page')) || 1 };
}

function urlFor(state) {
  const p = new URLSearchParams();
  if (state.filter && state.filter !== 'all') p.set('state', state.filter);
  if (state.page > 1) p.set('page', String(state.page));
  const s = p.toString();
  return `/seller/products.html${s ? `?${s}` : ''}`;
}

function navigate(patch) {
  const next = { ...readState(), page: 1, ...patch };
  const url = urlFor(next);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  loadList({ focus: true });
}

function linkTo(state, attrs, ...children) {
  return h('a', {
    ...attrs,
    href: urlFor(state),
    onClick: (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      navigate(state);
    },
  }, ...children);
}

/* ------------------------------------------------------------------ guard */

function isApprovedSeller(u) {
  return Boolean(u && (u.seller_status === 'approved' || hasRole('seller', u)));
}

function gate(u) {
  if (!u) {
    const next = encodeURIComponent(location.pathname + location.search);
    return emptyState({
      icon: 'user',
      title: t('sc.title'),
      message: t('sc.login_needed'),
      action: { label: t('sc.login'), href: `/login.html?next=${next}` },
    });
  }
  if (isApprovedSeller(u)) return null;
  if (u.seller_status === 'pending') {
    return emptyState({ icon: 'store', title: t('sc.pending_title'), message: t('sc.pending_message'), action: { label: t('sc.check_application'), href: '/account.html#seller' } });
  }
  if (u.seller_status === 'rejected') {
    return emptyState({ icon: 'store', title: t('sc.rejected_title'), message: t('sc.rejected_message'), action: { label: t('sc.check_application'), href: '/account.html#seller' } });
  }
  return emptyState({
    icon: 'store',
    title: t('sc.not_seller_title'),
    message: t('sc.not_seller_message'),
    actions: [{ label: t('sc.apply'), href: '/account.html#seller' }, { label: t('pd.go_home'), href: '/' }],
  });
}

/* ------------------------------------------------------------------- data */

async function loadCategories() {
  try {
    const list = await api('GET', '/categories');
    categories = new Map((Array.isArray(list) ? list : []).map((c) => [c.id, c.name]));
  } catch {
    categories = new Map();
  }
}

// Every state but "deleted" makes up the "all" tab.
const LIVE_STATES = PRODUCT_STATES.filter((s) => s !== 'deleted');
function listQuery(filter, page, perPage = PER_PAGE) {
  return { state: filter, page, per_page: perPage, sort: 'recent' };
}

/** Totals per state for the tab labels (one tiny request each; failures just hide the number). */
async function loadCounts() {
  const results = await Promise.allSettled(PRODUCT_STATES.map((f) => api('GET', `/sellers/${user.id}/products`, { query: listQuery(f, 1, 1) })));
  counts = {};
  PRODUCT_STATES.forEach((f, i) => {
    const r = results[i];
    if (r.status === 'fulfilled' && r.value && Number.isFinite(Number(r.value.total))) counts[f] = Number(r.value.total);
  });
  if (LIVE_STATES.every((f) => counts[f] !== undefined)) counts.all = LIVE_STATES.reduce((sum, f) => sum + counts[f], 0);
  renderTabs(readState());
}

/**
 * The "all" tab. The API lists one state at a time for the owner (without ?state= it gives the
 * public on_sale + sold_out list), so every live state is fetched, merged newest first and paged
 * here; a seller rarely has more than a few hundred products.
 */
async function fetchAll(page) {
  const lists = await Promise.all(LIVE_STATES.map((f) => fetchEvery(f)));
  LIVE_STATES.forEach((f, i) => { counts[f] = lists[i].length; });
  const items = lists.flat().sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)) || b.id - a.id);
  return { items: items.slice((page - 1) * PER_PAGE, page * PER_PAGE), page, per_page: PER_PAGE, total: items.length };
}

async function fetchEvery(state) {
  const out = [];
  for (let page = 1; page <= 20; page += 1) {
    const data = await api('GET', `/sellers/${user.id}/products`, { query: listQuery(state, page, 100) });
    const items = Array.isArray(data && data.items) ? data.items : [];
    out.push(...items);
    if (items.length < 100 || out.length >= Number(data.total)) break;
  }
  return out;
}

async function loadList({ focus = false } = {}) {
  const state = readState();
  seq += 1;
  const mine = seq;
  renderTabs(state);
  const body = qs('#sc-list');
  if (qs('.sc-table', body)) body.classList.add('is-loading');
  else replaceChildren(body, h('div', { class: 'card card-body' }, skeletonLines(6)));
  if (focus) qs('#sc-title')?.focus({ preventScroll: true });
  let result;
  try {
    const data = state.filter === 'all'
      ? await fetchAll(state.page)
      : await api('GET', `/sellers/${user.id}/products`, { query: listQuery(state.filter, state.page) });
    result = { state, kind: 'ok', data };
  } catch (error) {
    result = { state, kind: 'error', error };
  }
  if (mine !== seq) return;
  last = result;
  renderList(result);
}

function refresh() {
  loadList();
  loadCounts();
}

/* ----------------------------------------------------------------- render */

function renderShell() {
  const storeHref = `/store.html?seller=${encodeURIComponent(user.id)}`;
  replaceChildren(root,
    h('div', { class: 'page-header sc__header' },
      h('div', null,
        h('p', { class: 'sc__eyebrow' }, icon('store', { size: 16 }), h('span', null, t('sc.title'))),
        h('h1', { class: 'page-title', id: 'sc-title', tabindex: '-1' }, t('sc.products_title')),
        h('p', { class: 'page-subtitle' }, t('sc.products_subtitle'))),
      h('div', { class: 'sc__header-actions' },
        h('a', { class: 'btn btn-secondary', href: storeHref, id: 'sc-view-store' }, t('sc.view_store')),
        h('a', { class: 'btn btn-primary', href: '/seller/product-edit.html', id: 'sc-add-product' }, icon('sparkle', { size: 18 }), h('span', null, t('sc.add_product'))))),
    h('nav', { class: 'sc-tabs', id: 'sc-tabs', 'aria-label': t('sc.filter_label') }),
    h('div', { class: 'sc__list', id: 'sc-list' }),
    h('div', { class: 'catalog__pagination', id: 'sc-pagination' }));
}

function renderTabs(state) {
  const nav = qs('#sc-tabs');
  if (!nav) return;
  replaceChildren(nav, h('ul', { class: 'sc-tabs__list' }, FILTERS.map((f) => {
    const active = f === state.filter;
    const n = counts[f];
    return h('li', null, linkTo({ filter: f, page: 1 }, {
      class: ['sc-tabs__link', active && 'is-active'],
      'aria-current': active ? 'page' : undefined,
      dataset: { state: f },
    }, h('span', null, f === 'all' ? t('state.all') : stateLabel(f)), n !== undefined && h('span', { class: 'sc-tabs__count' }, formatNumber(n))));
  })));
}

function renderList(result) {
  const body = qs('#sc-list');
  const pager = qs('#sc-pagination');
  if (!body) return;
  body.classList.remove('is-loading');
  clear(pager);
  const { state } = result;
  if (result.kind === 'error') {
    replaceChildren(body, emptyState({
      icon: 'alert-circle', tone: 'error', title: t('sc.error_title'),
      message: (result.error && result.error.message) || t('error.unknown'),
      action: { label: t('common.retry'), onClick: () => loadList() },
    }));
    return;
  }
  const data = result.data || {};
  const items = Array.isArray(data.items) ? data.items : [];
  const total = Number(data.total) || 0;
  if (total === 0) {
    replaceChildren(body, state.filter === 'all'
      ? emptyState({ icon: 'chocolate', title: t('sc.empty_title'), message: t('sc.empty_message'), action: { label: t('sc.add_product'), href: '/seller/product-edit.html' } })
      : emptyState({ icon: 'search', title: t('sc.empty_state_title'), action: { label: t('state.all'), onClick: () => navigate({ filter: 'all' }) } }));
    return;
  }
  if (items.length === 0) {
    replaceChildren(body, emptyState({ icon: 'search', title: t('catalog.page_out_of_range'), action: { label: t('catalog.first_page'), onClick: () => navigate({ page: 1 }) } }));
    return;
  }
  replaceChildren(body,
    h('p', { class: 'sc__count', 'aria-live': 'polite' }, t('sc.total', { n: formatNumber(total) })),
    h('div', { class: 'table-wrap sc-table-wrap' },
      h('table', { class: 'table sc-table', id: 'sc-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('sc.col_product')),
          h('th', { scope: 'col' }, t('sc.col_state')),
          h('th', { scope: 'col', class: 'num' }, t('sc.col_price')),
          h('th', { scope: 'col', class: 'num' }, t('sc.col_stock')),
          h('th', { scope: 'col' }, t('sc.col_created')),
          h('th', { scope: 'col', class: 'actions' }, t('sc.col_actions')))),
        h('tbody', null, items.map(row)))));
  const nav = pagination({
    page: Number(data.page) || state.page,
    perPage: Number(data.per_page) || PER_PAGE,
    total,
    hrefFor: (n) => urlFor({ ...state, page: n }),
    onPage: (n) => navigate({ ...state, page: n }),
  });
  if (nav) pager.appendChild(nav);
}

function numberInput({ name, value, label, max, suffix, disabled, id }) {
  return h('div', { class: 'field sc-field' },
    h('label', { class: 'sr-only', for: id }, label),
    h('div', { class: 'input-affix' },
      h('input', {
        class: 'input input-sm sc-num', type: 'number', name, id, min: 0, max, step: 1, inputmode: 'numeric',
        value: String(value ?? 0), disabled, dataset: { original: String(value ?? 0) },
      }),
      h('span', { class: 'input-affix__suffix', 'aria-hidden': 'true' }, suffix)));
}

function row(p) {
  const locked = p.state === 'blocked' || p.state === 'deleted';
  const name = p.name;
  const cat = categories.get(p.category_id);
  const tr = h('tr', { class: ['sc-row', `is-${p.state}`], dataset: { id: p.id, state: p.state } });
  const saveBtn = h('button', { type: 'button', class: 'btn btn-primary btn-sm sc-save', disabled: true, dataset: { action: 'save' } }, t('sc.save_row'));

  const actions = [];
  if (!locked) actions.push(saveBtn);
  if (p.state !== 'deleted') {
    actions.push(h('a', { class: 'btn btn-secondary btn-sm', href: `/seller/product-edit.html?id=${encodeURIComponent(p.id)}`, dataset: { action: 'edit' } }, t('common.edit')));
  }
  if (p.state === 'on_sale' || p.state === 'sold_out') {
    actions.push(h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { action: 'hide' }, onClick: (e) => setState(e.currentTarget, p, 'hidden') }, t('sc.hide')));
  } else if (p.state === 'hidden') {
    actions.push(h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { action: 'show' }, onClick: (e) => setState(e.currentTarget, p, 'on_sale') }, t('sc.show')));
  } else if (p.state === 'discontinued') {
    actions.push(h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { action: 'show' }, onClick: (e) => setState(e.currentTarget, p, 'on_sale') }, t('sc.resume')));
  }
  if (p.state === 'deleted') {
    actions.push(h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { action: 'restore' }, onClick: (e) => restore(e.currentTarget, p) }, t('sc.restore')));
  } else {
    actions.push(h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { action: 'delete' }, onClick: (e) => remove(e.currentTarget, p) }, t('common.delete')));
  }

  const reason = p.state === 'blocked' ? blockReason(p) : '';
  const hint = p.state === 'blocked' ? t('sc.blocked_hint') + (reason ? ` ${t('pd.block_reason', { reason })}` : '') : '';

  tr.append(
    h('td', { class: 'sc-cell-product', dataset: { label: t('sc.col_product') } },
      h('div', { class: 'table-product' },
        h('a', { href: productUrl(p.id), class: 'sc-thumb-link', tabindex: '-1', 'aria-hidden': 'true' },
          productImage(p.thumbnail_url, '', { className: 'table-thumb sc-thumb' })),
        h('div', { class: 'sc-product' },
          h('a', { class: 'sc-product__name', href: productUrl(p.id) }, name),
          h('p', { class: 'sc-product__meta' }, `#${p.id}`, cat && ` · ${cat}`),
          hint && h('p', { class: 'sc-product__hint' }, hint)))),
    h('td', { class: 'sc-cell-state', dataset: { label: t('sc.col_state') } }, badge(stateLabel(p.state), stateTone(p.state))),
    h('td', { class: 'num sc-cell-price', dataset: { label: t('sc.col_price') } },
      numberInput({ name: 'price', id: `price-${p.id}`, value: p.price, label: t('sc.price_label', { name }), max: MAX_PRICE, suffix: t('pe.unit_won'), disabled: locked })),
    h('td', { class: 'num sc-cell-stock', dataset: { label: t('sc.col_stock') } },
      numberInput({ name: 'stock', id: `stock-${p.id}`, value: p.stock, label: t('sc.stock_label', { name }), suffix: t('pe.unit_ea'), disabled: locked })),
    h('td', { class: 'sc-cell-date', dataset: { label: t('sc.col_created') } }, formatDate(p.created_at)),
    h('td', { class: 'actions sc-cell-actions' }, h('div', { class: 'sc-actions' }, actions)));

  const inputs = qsa('input.sc-num', tr);
  const dirty = () => inputs.some((i) => i.value.trim() !== i.dataset.original);
  for (const input of inputs) {
    input.addEventListener('input', () => {
      saveBtn.disabled = !dirty();
      tr.classList.toggle('is-dirty', dirty());
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        if (!saveBtn.disabled) saveBtn.click();
      }
      if (e.key === 'Escape') {
        inputs.forEach((i) => { i.value = i.dataset.original; });
        saveBtn.disabled = true;
        tr.classList.remove('is-dirty');
        clearFieldErrors(tr);
      }
    });
  }
  saveBtn.addEventListener('click', () => saveRow(saveBtn, tr, p, inputs));
  return tr;
}

/* ---------------------------------------------------------------- actions */

function parseWhole(value) {
  const s = String(value).trim();
  if (!/^\d+$/.test(s)) return null;
  return Number(s);
}

async function saveRow(btn, tr, p, inputs) {
  clearFieldErrors(tr);
  const patch = {};
  const errors = {};
  for (const input of inputs) {
    if (input.value.trim() === input.dataset.original) continue;
    const n = parseWhole(input.value);
    if (input.name === 'price') {
      if (n === null || n > MAX_PRICE) errors.price = t('sc.price_invalid');
      else patch.price = n;
    } else if (input.name === 'stock') {
      if (n === null || n > 2_147_483_647) errors.stock = t('sc.stock_invalid');
      else patch.stock = n;
    }
  }
  if (Object.keys(errors).length) {
    showFieldErrors(tr, errors);
    return;
  }
  if (!Object.keys(patch).length) {
    toast.info(t('sc.no_changes'));
    return;
  }
  await withBusy(btn, async () => {
    try {
      const updated = await api('PATCH', `/products/${p.id}`, { body: patch });
      toast.success(t('sc.saved_row', { name: p.name }));
      const fresh = row({ ...p, ...(updated || patch) });
      const state = readState();
      // A restock or sell-out moves the product between "on sale" and "sold out".
      if (updated && updated.state !== p.state) {
        if (state.filter !== 'all' && updated.state !== state.filter) {
          refresh();
          return;
        }
        loadCounts();
      }
      tr.replaceWith(fresh);
    } catch (err) {
      if (err.fields) showFieldErrors(tr, err.fields);
      else showError(err);
      if (err.code === 'product_blocked' || err.status === 404) refresh();
    }
  });
}

async function setState(btn, p, next) {
  await withBusy(btn, async () => {
    try {
      await api('PATCH', `/products/${p.id}`, { body: { state: next } });
      toast.success(t(next === 'hidden' ? 'sc.hidden_done' : 'sc.shown_done', { name: p.name }));
      refresh();
    } catch (err) {
      showError(err);
      if (err.code === 'product_blocked') refresh();
    }
  });
}

async function remove(btn, p) {
  const ok = await confirmDialog(t('sc.delete_confirm', { name: p.name }), { title: t('sc.delete_title'), confirmLabel: t('common.delete'), danger: true });
  if (!ok) return;
  await withBusy(btn, async () => {
    try {
      await api('DELETE', `/products/${p.id}`);
      toast.success(t('sc.deleted_done', { name: p.name }));
      refresh();
    } catch (err) {
      showError(err);
    }
  });
}

async function restore(btn, p) {
  await withBusy(btn, async () => {
    try {
      await api('POST', `/products/${p.id}/restore`);
      toast.success(t('sc.restored_done', { name: p.name }));
      refresh();
    } catch (err) {
      showError(err);
    }
  });
}

/* ------------------------------------------------------------------- boot */

async function boot() {
  user = await mountLayout({ active: 'seller' });
  root.removeAttribute('aria-busy');
  const blocked = gate(user);
  if (blocked) {
    replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
    return;
  }
  document.title = t('page.suffix', { title: `${t('sc.products_title')} · ${t('sc.title')}` });
  renderShell();
  await loadCategories();
  loadList();
  loadCounts();
}

window.addEventListener('popstate', () => {
  if (user && isApprovedSeller(user)) loadList();
});

langEvents.addEventListener('change', () => {
  if (!user) return;
  const blocked = gate(user);
  if (blocked) {
    replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
    return;
  }
  document.title = t('page.suffix', { title: `${t('sc.products_title')} · ${t('sc.title')}` });
  renderShell();
  renderTabs(readState());
  if (last) renderList(last);
});

boot();
