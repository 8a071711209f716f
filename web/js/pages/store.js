// Seller store: /store.html?seller=N[&sort=&page=] — the public seller card with the follow
// button (GET/PUT/DELETE /sellers/{id}/follow; visitors are sent to log in, the seller sees no
// button on their own store) and the seller's products with sort and pagination (state in the URL).
import { h, qs, replaceChildren, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, restoreSession, getUser, sessionEvents } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { pagination, skeletonGrid, emptyState, formatNumber, formatDate, showError, toast } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { productGrid } from '../components/product-card.js';
import '../i18n/catalog.js';
import '../i18n/community.js';

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
let follow = null; // { following, follower_count } of the seller shown, null while unknown
let followBusy = false;
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
  const [s, u, f] = await Promise.allSettled([
    api('GET', `/sellers/${sellerId}`),
    api('GET', `/users/${sellerId}`),
    api('GET', `/sellers/${sellerId}/follow`),
  ]);
  if (s.status === 'rejected') {
    const e = s.reason;
    card = e && (e.status === 404 || e.code === 'not_found') ? { kind: 'notfound' } : { kind: 'error', error: e };
  } else {
    card = { kind: 'ok', seller: s.value, profile: u.status === 'fulfilled' ? u.value : null };
  }
  follow = f.status === 'fulfilled' ? f.value : null;
  renderCard();
}

/** Reads the follow state again (the session changed: a login elsewhere, a logout). */
async function reloadFollow() {
  if (!card || card.kind !== 'ok') return;
  try {
    follow = await api('GET', `/sellers/${card.seller.user_id}/follow`);
  } catch {
    return;
  }
  renderCard();
}

/* ----------------------------------------------------------------- follow */

function followerCount() {
  return follow ? follow.follower_count : card.seller.follower_count ?? 0;
}

/** Draws the button and the follower count from `follow` (in place, so focus stays). */
function paintFollow() {
  const count = qs('#store-follower-count');
  if (count) count.textContent = formatNumber(followerCount());
  const button = qs('#store-follow');
  if (!button || !follow) return;
  const on = Boolean(follow.following);
  button.classList.toggle('btn-primary', !on);
  button.classList.toggle('btn-secondary', on);
  button.classList.toggle('is-following', on);
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  replaceChildren(button, icon(on ? 'check-circle' : 'heart', { size: 18 }), h('span', null, t(on ? 'follow.following' : 'follow.follow')));
}

/**
 * Follows or unfollows at once on screen, then settles on the server's `{following,
 * follower_count}`; a failure puts back what was there. Visitors go to log in first.
 */
async function toggleFollow() {
  if (!getUser()) {
    location.assign(loginUrlHere());
    return;
  }
  if (followBusy || !follow || !card || card.kind !== 'ok') return;
  const sellerId = card.seller.user_id;
  const before = follow;
  const want = !before.following;
  follow = { following: want, follower_count: Math.max(0, before.follower_count + (want ? 1 : -1)) };
  followBusy = true;
  const button = qs('#store-follow');
  button?.setAttribute('aria-busy', 'true');
  paintFollow();
  try {
    follow = await api(want ? 'PUT' : 'DELETE', `/sellers/${sellerId}/follow`);
    card.seller.follower_count = follow.follower_count;
    toast.success(t(follow.following ? 'follow.followed' : 'follow.unfollowed'));
  } catch (err) {
    follow = before;
    showError(err);
  } finally {
    followBusy = false;
    qs('#store-follow')?.removeAttribute('aria-busy');
    paintFollow();
  }
}

function followBlock(seller) {
  const button = h('button', {
    type: 'button',
    class: 'btn follow-button',
    id: 'store-follow',
    'aria-label': t('follow.label', { name: seller.company_name }),
    onClick: toggleFollow,
  });
  return h('div', { class: 'store-head__follow' }, button);
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
          h('li', null, h('strong', { id: 'store-follower-count' }, formatNumber(followerCount())), h('span', null, t('store.stat_followers'))),
          seller.created_at && h('li', null, h('span', null, t('seller.since', { date: formatDate(seller.created_at) })))),
        (seller.owner_name || seller.contact) && h('p', { class: 'store-head__legal' },
          seller.owner_name && h('span', null, t('store.owner', { name: seller.owner_name })),
          seller.contact && h('span', null, t('store.contact', { contact: formatContact(seller.contact) })))),
      mine && h('div', { class: 'store-head__mine' },
        h('span', { class: 'badge badge-gold' }, t('store.mine')),
        h('a', { class: 'btn btn-primary btn-sm', href: '/seller/products.html' }, t('store.manage'))),
      !mine && follow && followBlock(seller)));
  paintFollow();
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

sessionEvents.addEventListener('change', () => {
  renderCard();
  reloadFollow();
});

restoreSession().finally(boot);
