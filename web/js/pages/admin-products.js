// Admin — products: /admin/products.html[?search=&page=&id=]
// Search listed products (GET /products), or open any product by number (GET /products/{id},
// which admins can read in every state), then block with a reason or unblock.
import { h, qs, qsa, replaceChildren, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import {
  emptyState, toast, withBusy, confirmDialog, modal, pagination, formatNumber, formatDate,
  priceTag, badge, skeletonLines, alertBox, showError, uid,
} from '../ui.js';
import { adminNav } from '../components/admin-nav.js';
import { productImage, productUrl } from '../components/product-card.js';
import { stateLabel, stateTone, blockReason } from '../logic/product-state.js';
import '../i18n/catalog.js';
import '../i18n/seller-center.js';

const PER_PAGE = 20;
const MAX_REASON = 500;

const root = qs('#ap-root');
let user = null;
let last = null; // { state, kind, data | error }
let lookup = null; // { id, kind: 'loading' | 'ok' | 'notfound' | 'error', product?, error? }
let seq = 0;

function posInt(value) {
  const s = String(value ?? '').trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

function readState() {
  const p = new URLSearchParams(location.search);
  return { q: (p.get('search') || '').trim().slice(0, 100), page: posInt(p.get('page')) || 1, id: posInt(p.get('id')) };
}

function urlFor(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('search', state.q); // not ?q=: the site header would pick that up
  if (state.page > 1) p.set('page', String(state.page));
  if (state.id) p.set('id', String(state.id));
  const s = p.toString();
  return `/admin/products.html${s ? `?${s}` : ''}`;
}

function navigate(patch, { reloadList = true } = {}) {
  const next = { ...readState(), ...patch };
  const url = urlFor(next);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  sync({ reloadList });
}

function adminGate(u) {
  if (!u) {
    const next = encodeURIComponent(location.pathname + location.search);
    return emptyState({ icon: 'shield', title: t('guard.admin_title'), message: t('guard.admin_message'), action: { label: t('sc.login'), href: `/login.html?next=${next}` } });
  }
  if (!hasRole('admin', u)) {
    return emptyState({ icon: 'shield', title: t('guard.admin_title'), message: t('error.forbidden'), action: { label: t('pd.go_home'), href: '/' } });
  }
  return null;
}

/* ------------------------------------------------------------------- data */

async function loadList() {
  const state = readState();
  seq += 1;
  const mine = seq;
  const slot = qs('#ap-list');
  if (slot) {
    if (qs('table', slot)) slot.classList.add('is-loading');
    else replaceChildren(slot, h('div', { class: 'card card-body' }, skeletonLines(5)));
  }
  let result;
  try {
    const data = await api('GET', '/products', { query: { q: state.q, page: state.page, per_page: PER_PAGE, sort: 'recent' } });
    result = { state, kind: 'ok', data };
  } catch (error) {
    result = { state, kind: 'error', error };
  }
  if (mine !== seq) return;
  last = result;
  renderList();
}

async function loadLookup(id) {
  lookup = { id, kind: 'loading' };
  renderLookup();
  try {
    const product = await api('GET', `/products/${id}`);
    if (readState().id !== id) return;
    lookup = { id, kind: 'ok', product };
  } catch (error) {
    if (readState().id !== id) return;
    lookup = { id, kind: error.status === 404 || error.code === 'not_found' ? 'notfound' : 'error', error };
  }
  renderLookup();
}

function sync({ reloadList = true } = {}) {
  const state = readState();
  const q = qs('#admin-product-q');
  if (q && q.value !== state.q) q.value = state.q;
  const idInput = qs('#admin-product-id');
  if (idInput && document.activeElement !== idInput) idInput.value = state.id ? String(state.id) : '';
  if (state.id) {
    if (!lookup || lookup.id !== state.id) loadLookup(state.id);
  } else {
    lookup = null;
    renderLookup();
  }
  if (reloadList) loadList();
}

/* ----------------------------------------------------------------- render */

function renderShell() {
  document.title = t('page.suffix', { title: `${t('ap.title')} · ${t('nav.admin')}` });
  const state = readState();
  const q = h('input', {
    class: 'input', id: 'admin-product-q', name: 'search', type: 'search', maxlength: 100, value: state.q,
    placeholder: t('ap.search_placeholder'), autocomplete: 'off',
  });
  const searchBtn = h('button', { type: 'submit', class: 'btn btn-primary', id: 'admin-product-search' }, icon('search', { size: 18 }), h('span', null, t('common.search')));
  const searchForm = h('form', { class: 'ap-search', id: 'admin-product-search-form', role: 'search', method: 'get' },
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: 'admin-product-q' }, t('ap.search_label')),
      h('div', { class: 'input-group' }, q, searchBtn)));
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate({ q: q.value.trim(), page: 1 });
  });

  const idInput = h('input', {
    class: 'input', id: 'admin-product-id', name: 'id', type: 'number', min: 1, step: 1, inputmode: 'numeric',
    value: state.id ? String(state.id) : '', placeholder: t('ap.id_placeholder'), 'aria-describedby': 'ap-id-hint',
  });
  const openBtn = h('button', { type: 'submit', class: 'btn btn-secondary', id: 'admin-product-open' }, t('ap.open'));
  const idForm = h('form', { class: 'ap-idform', id: 'admin-product-id-form', method: 'get' },
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: 'admin-product-id' }, t('ap.id_label')),
      h('div', { class: 'input-group' }, idInput, openBtn)));
  idForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = posInt(idInput.value);
    if (!id) {
      toast.error(t('ap.id_invalid'));
      idInput.focus();
      return;
    }
    lookup = null; // always fetch fresh
    navigate({ id }, { reloadList: false });
  });

  replaceChildren(root,
    adminNav('products'),
    h('div', { class: 'page-header' },
      h('div', null,
        h('h1', { class: 'page-title' }, t('ap.title')),
        h('p', { class: 'page-subtitle' }, t('ap.subtitle')))),
    h('div', { class: 'card ap-tools' },
      h('div', { class: 'card-body ap-tools__body' }, searchForm, idForm),
      h('p', { class: 'ap-tools__hint', id: 'ap-id-hint' }, icon('info', { size: 14 }), h('span', null, t('ap.id_hint')))),
    h('div', { id: 'ap-lookup', class: 'ap-lookup', 'aria-live': 'polite' }),
    h('div', { class: 'ap-list-head' },
      h('h2', { class: 'section-title ap-list-head__title', id: 'ap-list-title' }),
      h('p', { class: 'ap-list-head__count', id: 'ap-count' })),
    h('div', { id: 'ap-list', class: 'ap-list' }),
    h('div', { class: 'catalog__pagination', id: 'ap-pagination' }));
  renderLookup();
  renderList();
}

function actionButtons(p) {
  const size = 'btn-sm';
  const items = [h('a', { class: ['btn', 'btn-ghost', size], href: productUrl(p.id), dataset: { action: 'view' } }, t('ap.view'))];
  if (p.state === 'blocked') {
    items.push(h('button', { type: 'button', class: ['btn', 'btn-secondary', size], dataset: { action: 'unblock', id: p.id }, onClick: (e) => unblock(e.currentTarget, p) }, t('ap.unblock')));
  } else if (p.state !== 'deleted') {
    items.push(h('button', { type: 'button', class: ['btn', 'btn-outline-danger', size], dataset: { action: 'block', id: p.id }, onClick: () => block(p) }, t('ap.block')));
  }
  return items;
}

function renderLookup() {
  const slot = qs('#ap-lookup');
  if (!slot) return;
  if (!lookup) {
    clear(slot);
    return;
  }
  const close = h('button', {
    type: 'button', class: 'btn btn-ghost btn-sm', id: 'ap-lookup-close', 'aria-label': t('ap.close_lookup'),
    onClick: () => navigate({ id: null }, { reloadList: false }),
  }, icon('close', { size: 16 }), h('span', null, t('ap.close_lookup')));
  let body;
  if (lookup.kind === 'loading') body = h('div', { class: 'card-body' }, skeletonLines(3));
  else if (lookup.kind === 'notfound') body = h('div', { class: 'card-body' }, alertBox(t('ap.lookup_not_found', { id: lookup.id }), { type: 'warning' }));
  else if (lookup.kind === 'error') body = h('div', { class: 'card-body' }, alertBox(lookup.error.message || t('error.unknown'), { type: 'error' }));
  else {
    const p = lookup.product;
    const reason = blockReason(p);
    body = h('div', { class: 'card-body ap-item', id: 'admin-product-item', dataset: { id: p.id, state: p.state } },
      h('a', { href: productUrl(p.id), class: 'ap-item__media', tabindex: '-1', 'aria-hidden': 'true' }, productImage(p.thumbnail_url, '', { className: 'ap-item__img' })),
      h('div', { class: 'ap-item__body' },
        h('p', { class: 'ap-item__state' }, badge(stateLabel(p.state), stateTone(p.state)), p.category && p.category.name && h('span', { class: 'text-muted text-sm' }, p.category.name)),
        h('h3', { class: 'ap-item__name' }, h('a', { href: productUrl(p.id) }, p.name)),
        h('p', { class: 'ap-item__meta' },
          p.seller && h('a', { href: `/store.html?seller=${encodeURIComponent(p.seller.user_id)}` }, p.seller.company_name),
          h('span', null, priceTag(p.price, { className: 'price-sm' })),
          h('span', null, `${t('pd.stock')} ${formatNumber(p.stock)}`),
          p.updated_at && h('span', null, formatDate(p.updated_at, { time: true }))),
        reason && h('p', { class: 'ap-item__reason' }, t('pd.block_reason', { reason }))),
      h('div', { class: 'ap-item__actions' }, actionButtons(p)));
  }
  replaceChildren(slot, h('section', { class: 'card ap-lookup__card', 'aria-labelledby': 'ap-lookup-title' },
    h('div', { class: 'card-header' }, h('h2', { class: 'card-title', id: 'ap-lookup-title' }, t('ap.lookup_title', { id: lookup.id })), close),
    body));
}

function renderList() {
  const slot = qs('#ap-list');
  const pager = qs('#ap-pagination');
  if (!slot) return;
  const state = last ? last.state : readState();
  qs('#ap-list-title').textContent = state.q ? `${t('ap.results_title')} · “${state.q}”` : t('ap.all_title');
  qs('#ap-count').textContent = '';
  clear(pager);
  if (!last) return;
  slot.classList.remove('is-loading');
  if (last.kind === 'error') {
    replaceChildren(slot, emptyState({
      icon: 'alert-circle', tone: 'error', title: t('catalog.error_title'), message: last.error.message,
      action: { label: t('common.retry'), onClick: () => loadList() },
    }));
    return;
  }
  const data = last.data || {};
  const items = Array.isArray(data.items) ? data.items : [];
  const total = Number(data.total) || 0;
  if (!items.length) {
    replaceChildren(slot, emptyState({ icon: 'search', title: t('ap.empty'), message: t('ap.id_hint') }));
    return;
  }
  qs('#ap-count').textContent = t('ap.total', { n: formatNumber(total) });
  replaceChildren(slot, h('div', { class: 'table-wrap ap-table-wrap' },
    h('table', { class: 'table ap-table', id: 'admin-product-table' },
      h('caption', { class: 'sr-only' }, qs('#ap-list-title').textContent),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('ap.col_product')),
        h('th', { scope: 'col' }, t('ap.col_seller')),
        h('th', { scope: 'col', class: 'num' }, t('ap.col_price')),
        h('th', { scope: 'col' }, t('ap.col_state')),
        h('th', { scope: 'col', class: 'actions' }, t('ap.col_actions')))),
      h('tbody', null, items.map(row)))));
  const nav = pagination({
    page: Number(data.page) || state.page,
    perPage: Number(data.per_page) || PER_PAGE,
    total,
    hrefFor: (n) => urlFor({ ...state, id: readState().id, page: n }),
    onPage: (n) => {
      navigate({ page: n });
      qs('#ap-list-title')?.scrollIntoView({ block: 'start' });
    },
  });
  if (nav) pager.appendChild(nav);
}

function row(p) {
  // data-label: the column name shown above the value when the table turns into cards on phones
  return h('tr', { dataset: { id: p.id, state: p.state } },
    h('td', { class: 'ap-cell-product' }, h('div', { class: 'table-product' },
      productImage(p.thumbnail_url, '', { className: 'table-thumb' }),
      h('div', { class: 'ap-row__product' },
        h('a', { class: 'ap-row__name', href: productUrl(p.id) }, p.name),
        h('span', { class: 'ap-row__id' }, `#${p.id}`)))),
    h('td', { class: 'ap-cell-seller', dataset: { label: t('ap.col_seller') } },
      p.seller ? h('a', { class: 'ap-row__seller', href: `/store.html?seller=${encodeURIComponent(p.seller.user_id)}` }, p.seller.company_name) : ''),
    h('td', { class: 'num ap-cell-price', dataset: { label: t('ap.col_price') } }, priceTag(p.price, { className: 'price-sm' })),
    h('td', { class: 'ap-cell-state', dataset: { label: t('ap.col_state') } }, badge(stateLabel(p.state), stateTone(p.state))),
    h('td', { class: 'actions ap-cell-actions' }, h('div', { class: 'ap-actions' }, actionButtons(p))));
}

/* ---------------------------------------------------------------- actions */

async function refreshProduct(id) {
  let fresh = null;
  try {
    fresh = await api('GET', `/products/${id}`);
  } catch {
    /* keep what we have */
  }
  if (fresh) {
    if (lookup && lookup.id === id) {
      lookup = { id, kind: 'ok', product: fresh };
      renderLookup();
    }
    for (const tr of qsa(`#admin-product-table tr[data-id="${id}"]`)) tr.replaceWith(row(fresh));
  }
  return fresh;
}

async function block(p) {
  const reasonId = uid('block-reason');
  const textarea = h('textarea', {
    class: 'textarea', id: 'block-reason', name: 'reason', rows: 3, maxlength: MAX_REASON,
    placeholder: t('ap.reason_placeholder'), 'aria-describedby': `${reasonId}-help`,
  });
  const body = h('div', { class: 'form ap-block-form' },
    h('p', { class: 'modal__message' }, t('ap.block_message', { name: p.name })),
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: 'block-reason' }, t('ap.reason'), h('span', { class: 'text-faint' }, `(${t('common.optional')})`)),
      textarea,
      h('p', { class: 'field-help', id: `${reasonId}-help` }, t('ap.reason_help'))));
  const done = await modal({
    title: t('ap.block_title'),
    body,
    size: 'md',
    actions: [
      { label: t('common.cancel'), value: null, variant: 'secondary' },
      {
        label: t('ap.block'),
        variant: 'danger',
        handler: async () => {
          const reason = textarea.value.trim();
          await api('POST', `/admin/products/${p.id}/block`, { body: reason ? { reason } : {} });
          return true;
        },
      },
    ],
  });
  if (!done) return;
  toast.success(t('ap.blocked_done', { name: p.name }));
  await refreshProduct(p.id);
}

async function unblock(btn, p) {
  const ok = await confirmDialog(t('ap.unblock_confirm', { name: p.name }), { title: t('ap.unblock'), confirmLabel: t('ap.unblock') });
  if (!ok) return;
  await withBusy(btn, async () => {
    try {
      await api('POST', `/admin/products/${p.id}/unblock`, { body: {} });
      toast.success(t('ap.unblocked_done', { name: p.name }));
      await refreshProduct(p.id);
    } catch (err) {
      showError(err);
    }
  });
}

/* ------------------------------------------------------------------- boot */

async function boot() {
  user = await mountLayout({ active: 'admin' });
  root.removeAttribute('aria-busy');
  const blocked = adminGate(user);
  if (blocked) {
    replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
    return;
  }
  renderShell();
  sync();
}

window.addEventListener('popstate', () => {
  if (user && !adminGate(user)) sync();
});

langEvents.addEventListener('change', () => {
  if (!user) return;
  const blocked = adminGate(user);
  if (blocked) replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
  else renderShell();
});

boot();
