// Home: hero + catalog (categories, sort, price filter, product grid, pagination).
// The catalog state lives in the URL (?q=&category=&sort=&page=&min_price=&max_price=).
import { h, qs, qsa, replaceChildren, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout, setSearchValue, refreshCategoryBar } from '../layout.js';
import { pagination, skeletonGrid, emptyState, formatNumber, toast } from '../ui.js';
import { productGrid } from '../components/product-card.js';
import { SORTS, MAX_PRICE, parsePrice, readProductQuery, productListUrl, productApiQuery } from '../logic/product-query.js';

const PER_PAGE = 20;

const els = {
  catalog: qs('#catalog'),
  title: qs('#catalog-title'),
  count: qs('#catalog-count'),
  menu: qs('#categories'),
  toolbar: qs('#catalog-toolbar'),
  results: qs('#catalog-results'),
  pager: qs('#catalog-pagination'),
};

let categories = null; // [{id, name, product_count}] once loaded; [] when unavailable
let categoriesPromise = null;
let controller = null;
let seq = 0;
let last = null; // { state, kind, data, error } of the last finished load

/* ------------------------------------------------------------------ state */

function readState() {
  return readProductQuery(location.search);
}

function hasFilters(state) {
  return Boolean(state.q || state.category || state.min_price !== null || state.max_price !== null);
}

function navigate(patch, { keepPage = false, scroll = true, focus = false } = {}) {
  const next = { ...readState(), ...(keepPage ? {} : { page: 1 }), ...patch };
  const url = productListUrl(next);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  afterUrlChange();
  load({ scroll, focus });
}

function afterUrlChange() {
  setSearchValue(readState().q);
  refreshCategoryBar();
}

/** Plain clicks on catalog links navigate in place; modified clicks open normally. */
function linkTo(state, attrs, ...children) {
  return h('a', {
    ...attrs,
    href: productListUrl(state),
    onClick: (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      history.pushState(null, '', productListUrl(state));
      afterUrlChange();
      load({ scroll: true });
    },
  }, ...children);
}

/* ------------------------------------------------------------------ data */

function loadCategories() {
  if (!categoriesPromise) {
    categoriesPromise = api('GET', '/categories')
      .then((list) => (Array.isArray(list) ? list : Array.isArray(list && list.items) ? list.items : []))
      .catch(() => []) // no categories yet: the menu shows "전체" only
      .then((list) => {
        categories = list;
        return list;
      });
  }
  return categoriesPromise;
}

async function load({ scroll = false, focus = false } = {}) {
  const state = readState();
  seq += 1;
  const mine = seq;
  controller?.abort();
  controller = new AbortController();

  renderHead(state);
  renderCategories(state);
  renderToolbar(state);
  showLoading();
  if (scroll) scrollToCatalog();
  if (focus) els.title.focus({ preventScroll: true });

  const query = productApiQuery(state, PER_PAGE);
  let result;
  try {
    const [, data] = await Promise.all([loadCategories(), api('GET', '/products', { query, signal: controller.signal })]);
    result = { state, kind: 'ok', data };
  } catch (error) {
    if (error && error.name === 'AbortError') return;
    await loadCategories();
    result = { state, kind: error && error.code === 'not_found' ? 'preparing' : 'error', error };
  }
  if (mine !== seq) return;
  const first = last === null;
  last = result;
  render(result);
  // Links such as /?sort=popular#catalog land on the product list once it is drawn.
  if (first && location.hash === '#catalog') els.catalog.scrollIntoView({ block: 'start' });
}

/* ----------------------------------------------------------------- render */

function categoryName(id) {
  const c = (categories || []).find((x) => x.id === id);
  return c ? c.name : null;
}

function renderHead(state) {
  let title = t('catalog.title');
  if (state.q) title = t('catalog.search_title', { q: state.q });
  else if (state.category && categoryName(state.category)) title = categoryName(state.category);
  els.title.textContent = title;
  document.title = hasFilters(state) ? t('page.suffix', { title }) : t('page.home');
}

function renderCategories(state) {
  const list = categories || [];
  const chip = (id, label, countValue) => {
    const active = (state.category || null) === id;
    return h('li', null, linkTo({ ...state, category: id, page: 1 }, {
      class: ['chip', active && 'is-active'],
      'aria-current': active ? 'true' : undefined,
    }, h('span', null, label), countValue !== undefined && countValue !== null && h('span', { class: 'chip__count' }, formatNumber(countValue))));
  };
  replaceChildren(els.menu,
    h('ul', { class: 'chip-list' },
      chip(null, t('catalog.all')),
      list.map((c) => chip(c.id, c.name, c.product_count))));
}

function renderToolbar(state) {
  const min = h('input', {
    class: 'input input-sm', type: 'number', name: 'min_price', id: 'min-price', min: 0, max: MAX_PRICE, step: 100,
    inputmode: 'numeric', placeholder: t('catalog.min_price'), value: state.min_price ?? '',
  });
  const max = h('input', {
    class: 'input input-sm', type: 'number', name: 'max_price', id: 'max-price', min: 0, max: MAX_PRICE, step: 100,
    inputmode: 'numeric', placeholder: t('catalog.max_price'), value: state.max_price ?? '',
  });
  const priceForm = h('form', { class: 'price-filter', method: 'get', 'aria-label': t('catalog.price') },
    h('span', { class: 'price-filter__label', 'aria-hidden': 'true' }, t('catalog.price')),
    h('label', { class: 'sr-only', for: 'min-price' }, t('catalog.min_price')), min,
    h('span', { class: 'price-filter__sep', 'aria-hidden': 'true' }, '~'),
    h('label', { class: 'sr-only', for: 'max-price' }, t('catalog.max_price')), max,
    h('button', { type: 'submit', class: 'btn btn-secondary btn-sm' }, t('catalog.apply')));
  priceForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const lo = parsePrice(min.value);
    const hi = parsePrice(max.value);
    if ((min.value && lo === null) || (max.value && hi === null)) {
      toast.error(t('error.invalid_input'));
      return;
    }
    if (lo !== null && hi !== null && lo > hi) {
      toast.error(t('catalog.price_range_invalid'));
      min.focus();
      return;
    }
    navigate({ min_price: lo, max_price: hi });
  });

  const select = h('select', { class: 'select select-sm', id: 'sort-select', name: 'sort' },
    SORTS.map((s) => h('option', { value: s, selected: s === state.sort }, t(`sort.${s}`))));
  select.addEventListener('change', () => navigate({ sort: select.value }, { scroll: false }));

  const activeChips = [];
  if (state.q) {
    activeChips.push(h('button', {
      type: 'button', class: 'filter-chip', 'aria-label': `${t('catalog.clear_search')}: ${state.q}`,
      onClick: () => navigate({ q: '' }),
    }, h('span', null, `“${state.q}”`), icon('close', { size: 14 })));
  }
  if (state.min_price !== null || state.max_price !== null) {
    const label = `${state.min_price !== null ? formatNumber(state.min_price) : '0'} ~ ${state.max_price !== null ? formatNumber(state.max_price) : ''}`;
    activeChips.push(h('button', {
      type: 'button', class: 'filter-chip', 'aria-label': `${t('catalog.reset')}: ${t('catalog.price')} ${label}`,
      onClick: () => navigate({ min_price: null, max_price: null }),
    }, h('span', null, `${t('catalog.price')} ${label}`), icon('close', { size: 14 })));
  }
  if (hasFilters(state)) {
    activeChips.push(linkTo({ sort: state.sort, page: 1, q: '', category: null, min_price: null, max_price: null },
      { class: 'filter-reset' }, icon('refresh', { size: 14 }), h('span', null, t('catalog.reset'))));
  }

  replaceChildren(els.toolbar,
    h('div', { class: 'catalog__filters' }, priceForm),
    h('div', { class: 'catalog__sort' },
      h('label', { class: 'sr-only', for: 'sort-select' }, t('catalog.sort')),
      select),
    activeChips.length > 0 && h('div', { class: 'catalog__active' }, activeChips));
}

function showLoading() {
  els.count.textContent = '';
  const grid = qs('.product-grid:not([aria-busy])', els.results);
  if (grid) {
    els.results.classList.add('is-loading'); // keep the old grid, dimmed, to avoid a jump
    els.results.setAttribute('aria-busy', 'true');
  } else {
    replaceChildren(els.results, skeletonGrid(8));
  }
  clear(els.pager);
}

function resetAction() {
  return { label: t('catalog.reset'), onClick: () => navigate({ q: '', category: null, min_price: null, max_price: null }) };
}

function render(result) {
  const { state } = result;
  renderHead(state);
  renderCategories(state);
  els.results.classList.remove('is-loading');
  els.results.removeAttribute('aria-busy');
  clear(els.pager);
  els.count.textContent = '';

  if (result.kind === 'preparing') {
    replaceChildren(els.results, emptyState({
      icon: 'chocolate',
      title: t('catalog.empty_title'),
      message: t('catalog.empty_message'),
      action: hasFilters(state) ? resetAction() : null,
    }));
    return;
  }
  if (result.kind === 'error') {
    const err = result.error;
    const badInput = err && err.code === 'invalid_input';
    replaceChildren(els.results, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: badInput ? t('catalog.no_results_title') : t('catalog.error_title'),
      message: (err && err.message) || t('error.unknown'),
      action: badInput ? resetAction() : { label: t('common.retry'), onClick: () => load() },
    }));
    return;
  }

  const data = result.data || {};
  const items = Array.isArray(data.items) ? data.items : [];
  const total = Number(data.total) || 0;
  const perPage = Number(data.per_page) || PER_PAGE;
  const page = Number(data.page) || state.page;

  if (total === 0) {
    replaceChildren(els.results, hasFilters(state)
      ? emptyState({ icon: 'search', title: t('catalog.no_results_title'), message: t('catalog.no_results_message'), action: resetAction() })
      : emptyState({ icon: 'chocolate', title: t('catalog.empty_title'), message: t('catalog.empty_message') }));
    return;
  }
  els.count.textContent = t('catalog.total', { n: formatNumber(total) });
  if (items.length === 0) {
    replaceChildren(els.results, emptyState({
      icon: 'search',
      title: t('catalog.page_out_of_range'),
      action: { label: t('catalog.first_page'), onClick: () => navigate({}, { focus: true }) },
    }));
    return;
  }
  replaceChildren(els.results, productGrid(items));
  const pager = pagination({
    page,
    perPage,
    total,
    hrefFor: (n) => productListUrl({ ...state, page: n }),
    onPage: (n) => navigate({ page: n }, { keepPage: true, focus: true }),
  });
  if (pager) els.pager.appendChild(pager);
}

function scrollToCatalog() {
  const top = els.catalog.getBoundingClientRect().top;
  if (top >= 0 && top < window.innerHeight * 0.5) return; // already in view
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  els.catalog.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
}

/* ------------------------------------------------------------------- boot */

for (const slot of qsa('[data-icon]')) slot.appendChild(icon(slot.dataset.icon, { size: 22 }));

mountLayout({ active: 'home' });

window.addEventListener('praline:search', (e) => {
  e.preventDefault();
  navigate({ q: e.detail.q, category: null }, { scroll: true });
});

window.addEventListener('popstate', () => {
  afterUrlChange();
  load();
});

langEvents.addEventListener('change', () => {
  if (!last) return;
  renderToolbar(last.state);
  render(last);
});

load();
