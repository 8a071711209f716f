// Seller store: /store.html?seller=N[&sort=&page=] — the public seller card and the seller's
// products with sort and pagination (state in the URL).
import { h, qs, replaceChildren, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, restoreSession, getUser, sessionEvents } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { pagination, skeletonGrid, emptyState, formatNumber, formatDate } from '../ui.js';
import { productGrid } from '../components/product-card.js';
import '../i18n/catalog.js';

const PER_PAGE = 20;
const SORTS = ['recent', 'popular', 'rating', 'sales', 'price_asc', 'price_desc'];

const els = {
  head: qs('#store-head'),
  section: qs('#store-products'),
  title: qs('#store-products-title'),
  count: qs('#store-count'),
  toolbar: qs('#store-toolbar'),
  results: qs('#store-results'),
  pager: qs('#store-pagination'),
};

let card = null; // { kind: 'ok', seller, profile } | { kind: 'notfound' } | { kind: 'error', error }
let last = null; // last products result
let controller = null;
let seq = 0;

function posInt(value) {
  const s = String(value ?? '').trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

function readState() {
  const p = new URLSearchParams(location.search);
  const sort = p.get('sort');
  return {
    seller: posInt(p.get('seller')),
    sort: SORTS.includes(sort) ? sort : 'recent',
    page: posInt(p.get('page')) || 1,
  };
}

function urlFor(state) {
  const p = new URLSearchParams();
  p.set('seller', String(state.seller));
  if (state.sort && state.sort !== 'recent') p.set('sort', state.sort);
  if (state.page > 1) p.set('page', String(state.page));
  return `/store.html?${p.toString()}`;
}

function navigate(patch, { focus = false } = {}) {
  const next = { ...readState(), page: 1, ...patch };
  const url = urlFor(next);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  loadProducts({ focus });
}

/* ------------------------------------------------------------- seller card */

function monogram(name) {
  const first = Array.from(String(name || '?').trim())[0] || '?';
  return h('span', { class: 'seller-logo seller-logo-lg seller-logo-mono', 'aria-hidden': 'true' }, first);
}

function logo(seller) {
  if (!seller.logo_url) return monogram(seller.company_name);
  const img = h('img', {
    class: 'seller-logo seller-logo-lg', src: seller.logo_url, alt: t('seller.logo_alt', { name: seller.company_name }), width: 112, height: 112,
  });
  img.addEventListener('error', () => img.replaceWith(monogram(seller.company_name)));
  return img;
}

async function loadCard(sellerId) {
  const [s, u] = await Promise.allSettled([api('GET', `/sellers/${sellerId}`), api('GET', `/users/${sellerId}`)]);
  if (s.status === 'rejected') {
    const e = s.reason;
    card = e && (e.status === 404 || e.code === 'not_found') ? { kind: 'notfound' } : { kind: 'error', error: e };
  } else {
    card = { kind: 'ok', seller: s.value, profile: u.status === 'fulfilled' ? u.value : null };
  }
  renderCard();
}

function renderCard() {
  els.head.removeAttribute('aria-busy');
  if (!card) return;
  if (card.kind !== 'ok') {
    const notFound = card.kind === 'notfound';
    document.title = t('page.suffix', { title: t(notFound ? 'store.not_found_title' : 'store.error_title') });
    els.section.hidden = true;
    els.head.classList.add('is-empty');
    replaceChildren(els.head, h('div', { class: 'container' }, emptyState({
      icon: notFound ? 'store' : 'alert-circle',
      tone: notFound ? undefined : 'error',
      title: t(notFound ? 'store.not_found_title' : 'store.error_title'),
      message: notFound ? t('store.not_found_message') : (card.error && card.error.message) || t('error.unknown'),
      actions: notFound
        ? [{ label: t('pd.go_home'), href: '/' }, { label: t('pd.popular'), href: '/?sort=popular#catalog' }]
        : [{ label: t('common.retry'), onClick: () => boot() }],
    })));
    return;
  }
  els.section.hidden = false;
  els.head.classList.remove('is-empty');
  const { seller, profile } = card;
  const intro = profile && profile.introduction ? String(profile.introduction).trim() : '';
  const user = getUser();
  const mine = user && Number(user.id) === Number(seller.user_id);
  document.title = t('page.suffix', { title: seller.company_name });
  replaceChildren(els.head,
    h('div', { class: 'container store-head__inner' },
      logo(seller),
      h('div', { class: 'store-head__body' },
        h('p', { class: 'store-head__eyebrow' }, icon('store', { size: 16 }), h('span', null, t('store.eyebrow'))),
        h('h1', { class: 'store-head__name', id: 'store-name' }, seller.company_name),
        h('p', { class: ['store-head__intro', !intro && 'is-default'] }, intro || t('store.no_intro')),
        h('ul', { class: 'store-head__stats' },
          h('li', null, h('strong', null, formatNumber(seller.product_count ?? 0)), h('span', null, t('store.stat_products'))),
          h('li', null, h('strong', null, formatNumber(seller.follower_count ?? 0)), h('span', null, t('store.stat_followers'))),
          seller.created_at && h('li', null, h('span', null, t('seller.since', { date: formatDate(seller.created_at) })))),
        (seller.owner_name || seller.contact) && h('p', { class: 'store-head__legal' },
          seller.owner_name && h('span', null, t('store.owner', { name: seller.owner_name })),
          seller.contact && h('span', null, t('store.contact', { contact: formatContact(seller.contact) })))),
      mine && h('div', { class: 'store-head__mine' },
        h('span', { class: 'badge badge-gold' }, t('store.mine')),
        h('a', { class: 'btn btn-primary btn-sm', href: '/seller/products.html' }, t('store.manage')))));
}

function formatContact(value) {
  const d = String(value).replace(/\D/g, '');
  if (/^02\d{7,8}$/.test(d)) return d.replace(/^(02)(\d{3,4})(\d{4})$/, '$1-$2-$3');
  if (/^0\d{9,10}$/.test(d)) return d.replace(/^(0\d{2})(\d{3,4})(\d{4})$/, '$1-$2-$3');
  if (/^1\d{7}$/.test(d)) return d.replace(/^(\d{4})(\d{4})$/, '$1-$2');
  return String(value);
}

/* ----------------------------------------------------------------- products */

function renderToolbar(state) {
  const select = h('select', { class: 'select select-sm', id: 'store-sort', name: 'sort' },
    SORTS.map((s) => h('option', { value: s, selected: s === state.sort }, t(`sort.${s}`))));
  select.addEventListener('change', () => navigate({ sort: select.value }));
  replaceChildren(els.toolbar, h('label', { class: 'sr-only', for: 'store-sort' }, t('catalog.sort')), select);
}

async function loadProducts({ focus = false } = {}) {
  const state = readState();
  seq += 1;
  const mine = seq;
  controller?.abort();
  controller = new AbortController();
  renderToolbar(state);
  els.count.textContent = '';
  clear(els.pager);
  if (qs('.product-grid:not([aria-busy])', els.results)) els.results.classList.add('is-loading');
  else replaceChildren(els.results, skeletonGrid(8));
  if (focus) {
    els.title.focus({ preventScroll: true });
    els.section.scrollIntoView({ block: 'start', behavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  }
  let result;
  try {
    const data = await api('GET', `/sellers/${state.seller}/products`, {
      query: { sort: state.sort, page: state.page, per_page: PER_PAGE },
      signal: controller.signal,
    });
    result = { state, kind: 'ok', data };
  } catch (error) {
    if (error && error.name === 'AbortError') return;
    result = { state, kind: 'error', error };
  }
  if (mine !== seq) return;
  last = result;
  renderProducts(result);
}

function renderProducts(result) {
  const { state } = result;
  els.results.classList.remove('is-loading');
  clear(els.pager);
  els.count.textContent = '';
  if (result.kind === 'error') {
    replaceChildren(els.results, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('catalog.error_title'),
      message: (result.error && result.error.message) || t('error.unknown'),
      action: { label: t('common.retry'), onClick: () => loadProducts() },
    }));
    return;
  }
  const data = result.data || {};
  const items = Array.isArray(data.items) ? data.items.filter((p) => p.state === 'on_sale' || p.state === 'sold_out' || !p.state) : [];
  const total = Number(data.total) || 0;
  const perPage = Number(data.per_page) || PER_PAGE;
  const page = Number(data.page) || state.page;
  if (total === 0) {
    replaceChildren(els.results, emptyState({ icon: 'chocolate', title: t('store.empty_title'), message: t('store.empty_message') }));
    return;
  }
  els.count.textContent = t('store.total', { n: formatNumber(total) });
  if (items.length === 0) {
    replaceChildren(els.results, emptyState({
      icon: 'search',
      title: t('catalog.page_out_of_range'),
      action: { label: t('catalog.first_page'), onClick: () => navigate({ page: 1 }, { focus: true }) },
    }));
    return;
  }
  replaceChildren(els.results, productGrid(items));
  const pager = pagination({
    page,
    perPage,
    total,
    hrefFor: (n) => urlFor({ ...state, page: n }),
    onPage: (n) => navigate({ page: n }, { focus: true }),
  });
  if (pager) els.pager.appendChild(pager);
}

/* --------------------------------------------------------------------- boot */

function boot() {
  const state = readState();
  if (!state.seller) {
    card = { kind: 'notfound' };
    renderCard();
    return;
  }
  loadCard(state.seller);
  loadProducts();
}

mountLayout({}).then(() => {
  if (card && card.kind === 'ok') renderCard(); // shows the owner's shortcut once the session is known
});

window.addEventListener('popstate', () => {
  const state = readState();
  if (card && card.kind === 'ok' && Number(card.seller.user_id) === state.seller) loadProducts();
  else boot();
});

langEvents.addEventListener('change', () => {
  renderCard();
  if (last) {
    renderToolbar(last.state);
    renderProducts(last);
  }
});

sessionEvents.addEventListener('change', () => renderCard());

restoreSession().finally(boot);
