// Operators — reviews: /admin/reviews.html[?filter=all|hidden|visible&q=&product_id=&page=]
// Every review, hidden ones included, newest first (GET /admin/reviews, an extension of the
// contract), with its product, author, stars, text and photo; hide with an optional reason
// (POST /admin/reviews/{id}/hide) or show again (POST …/unhide). A hidden review leaves the
// product's public list and rating; the author's points stay. User text through textContent.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon } from '../icons.js';
import {
  badge, confirmDialog, emptyState, formatDateTime, formatNumber, pagination, showError, skeletonLines, stars, toast, withBusy,
} from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import { askText } from '../components/order-parts.js';
import { productImage, productUrl } from '../components/product-card.js';
import { REVIEW_FILTERS, pickFilter, pickId, pickPage, reviewQuery, staysListed } from '../logic/staff.js';
import '../i18n/admin.js';
import '../i18n/community.js';

const PER_PAGE = 20;
const MAX_REASON = 500;

let admin = null;
let data = null;
let loadError = null;
let seq = 0;

function readUrl() {
  const p = new URLSearchParams(location.search);
  return {
    filter: pickFilter(p.get('filter'), REVIEW_FILTERS),
    q: (p.get('q') || '').trim().slice(0, 100),
    productId: pickId(p.get('product_id')),
    page: pickPage(p.get('page')),
  };
}

function urlFor(s) {
  const p = new URLSearchParams();
  if (s.filter !== REVIEW_FILTERS[0]) p.set('filter', s.filter);
  if (s.q) p.set('q', s.q);
  if (s.productId) p.set('product_id', String(s.productId));
  if (s.page > 1) p.set('page', String(s.page));
  const q = p.toString();
  return `/admin/reviews.html${q ? `?${q}` : ''}`;
}

function go(patch) {
  history.pushState(null, '', urlFor({ ...readUrl(), page: 1, ...patch }));
  data = null;
  render();
  load();
}

async function load() {
  const mine = ++seq;
  const s = readUrl();
  try {
    const answer = await api('GET', '/admin/reviews', {
      query: { ...reviewQuery(s.filter), q: s.q || undefined, product_id: s.productId || undefined, page: s.page, per_page: PER_PAGE },
    });
    if (mine !== seq) return;
    data = answer;
    loadError = null;
    if (!data.items.length && s.page > 1 && data.total > 0) {
      history.replaceState(null, '', urlFor({ ...s, page: Math.ceil(data.total / PER_PAGE) }));
      load();
      return;
    }
  } catch (err) {
    if (mine !== seq) return;
    if (err.status === 403) {
      admin.forbid();
      admin = null;
      return;
    }
    loadError = err;
  }
  render();
}

/** Puts the changed review in place, or takes it out of a list it no longer belongs to. */
function applyChange(review, saved, hiddenReason) {
  const { filter } = readUrl();
  const changed = { ...review, ...saved, product: review.product, hidden_reason: hiddenReason };
  if (!staysListed(filter, changed.hidden)) {
    const card = qs(`#ar-review-${review.id}`);
    if (card) card.classList.add('is-leaving');
    data.items = data.items.filter((r) => r.id !== review.id);
    data.total = Math.max(0, data.total - 1);
    setTimeout(() => {
      render();
      load();
    }, card ? 200 : 0);
    return;
  }
  data.items = data.items.map((r) => (r.id === review.id ? changed : r));
  render();
}

async function hide(review) {
  let saved = null;
  const result = await askText({
    title: t('admin.reviews.hide_title'),
    message: t('admin.reviews.hide_text'),
    label: t('admin.reviews.reason'),
    help: t('admin.reviews.reason_help'),
    confirmLabel: t('admin.reviews.hide'),
    danger: true,
    maxlength: MAX_REASON,
    id: 'ar-reason',
    run: async (reason) => {
      saved = await api('POST', `/admin/reviews/${review.id}/hide`, { body: reason ? { reason } : {} });
    },
  });
  if (!result || !saved) return;
  toast.success(t('admin.reviews.hidden_done'));
  applyChange(review, saved, result.text || null);
}

async function unhide(review, button) {
  const ok = await confirmDialog(t('admin.reviews.unhide_text'), { title: t('admin.reviews.unhide_title'), confirmLabel: t('admin.reviews.unhide') });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      const saved = await api('POST', `/admin/reviews/${review.id}/unhide`, { body: {} });
      toast.success(t('admin.reviews.shown_done'));
      applyChange(review, saved, null);
    } catch (err) {
      showError(err);
    }
  });
}

function reviewCard(review) {
  const product = review.product || { id: review.product_id, name: '' };
  const action = review.hidden
    ? h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { unhide: review.id } }, t('admin.reviews.unhide'))
    : h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { hide: review.id } }, t('admin.reviews.hide'));
  action.addEventListener('click', () => (review.hidden ? unhide(review, action) : hide(review)));
  const photo = review.photo_url && h('a', { class: 'ar-review__photo', href: review.photo_url, target: '_blank', rel: 'noopener' },
    h('img', { src: review.photo_url, alt: t('rv.photo_alt'), loading: 'lazy', width: 96, height: 96 }));
  return h('li', { class: ['si-item', 'ar-review', review.hidden && 'is-hidden'], id: `ar-review-${review.id}`, dataset: { id: review.id, hidden: review.hidden ? 'true' : 'false' } },
    h('div', { class: 'ar-review__product' },
      h('a', { href: `${productUrl(product.id)}#pd-reviews`, tabindex: '-1', 'aria-hidden': 'true' }, productImage(product.thumbnail_url, '', { className: 'ar-review__thumb' })),
      h('div', { class: 'ar-review__product-text' },
        h('a', { class: 'ar-review__product-name', href: `${productUrl(product.id)}#pd-reviews` }, product.name || t('admin.reviews.product_no', { id: product.id })),
        h('a', { class: 'ar-review__only', href: urlFor({ filter: readUrl().filter, q: '', productId: product.id, page: 1 }), onClick: (e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          go({ productId: product.id, q: '' });
        } }, t('admin.reviews.only_product'))),
      h('div', { class: 'si-item__badges' },
        review.hidden ? badge(t('admin.reviews.hidden'), 'danger') : badge(t('admin.reviews.visible'), 'success'))),
    h('p', { class: 'si-item__meta ar-review__meta' },
      stars(review.rating, { size: 'sm' }),
      h('span', { class: 'si-item__author' }, review.author ? review.author.nickname : ''),
      h('span', null, '·'),
      h('time', { datetime: review.created_at }, formatDateTime(review.created_at)),
      h('span', null, '·'),
      h('span', null, t('rv.likes', { n: formatNumber(review.like_count || 0) }))),
    review.hidden && review.hidden_reason && h('p', { class: 'ar-review__reason' }, h('strong', null, t('admin.reviews.reason_shown')), ' ', review.hidden_reason),
    h('div', { class: 'ar-review__body' },
      h('div', { class: 'ar-review__text' },
        h('p', { class: 'ar-review__title' }, review.title),
        h('p', { class: 'si-item__content' }, review.content)),
      photo),
    h('div', { class: 'ar-review__actions' }, action));
}

function tabs(s) {
  return h('div', { class: 'tabs admin-tabs', role: 'tablist', 'aria-label': t('admin.reviews.tabs_label') },
    REVIEW_FILTERS.map((f) => h('a', {
      class: ['tab', f === s.filter && 'is-active'],
      href: urlFor({ ...s, filter: f, page: 1 }),
      role: 'tab',
      'aria-selected': f === s.filter ? 'true' : 'false',
      dataset: { filter: f },
      onClick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go({ filter: f });
      },
    }, t(`admin.reviews.tab_${f}`))));
}

function searchForm(s) {
  const q = h('input', { class: 'input', id: 'ar-q', name: 'q', type: 'search', maxlength: 100, autocomplete: 'off', value: s.q, placeholder: t('admin.reviews.search_placeholder') });
  const form = h('form', { class: 'admin-search', role: 'search', id: 'ar-search' },
    h('label', { class: 'sr-only', for: 'ar-q' }, t('admin.reviews.search_label')),
    h('div', { class: 'input-group' },
      q,
      h('button', { type: 'submit', class: 'btn btn-primary' }, icon('search', { size: 18 }), h('span', null, t('common.search')))),
    (s.q || s.productId) && h('div', { class: 'ar-chips' },
      s.productId && h('span', { class: 'ar-chip' }, t('admin.reviews.product_filter', { id: s.productId })),
      h('a', { class: 'btn btn-ghost btn-sm', id: 'ar-clear', href: urlFor({ filter: s.filter, q: '', productId: null, page: 1 }), onClick: (e) => {
        e.preventDefault();
        go({ q: '', productId: null });
      } }, t('admin.reviews.clear'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go({ q: q.value.trim() });
  });
  return form;
}

function render() {
  if (!admin) return;
  const s = readUrl();
  let body;
  if (loadError) {
    body = emptyState({ icon: 'alert-circle', tone: 'error', title: t('admin.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } });
  } else if (!data) {
    body = skeletonLines(6);
  } else if (!data.items.length) {
    body = emptyState({ icon: 'star', title: t(`admin.reviews.empty_${s.filter}`), message: s.q ? t('admin.reviews.no_match', { q: s.q }) : null });
  } else {
    body = [
      h('ul', { class: 'si-list list-reset', id: 'ar-list' }, data.items.map(reviewCard)),
      h('div', { class: 'admin-pager' }, pagination({ page: data.page, perPage: data.per_page, total: data.total, hrefFor: (n) => urlFor({ ...s, page: n }), onPage: (n) => go({ page: n }) })),
    ];
  }
  replaceChildren(admin.content,
    searchForm(s),
    h('div', { class: 'toolbar admin-toolbar' },
      tabs(s),
      h('p', { class: 'admin-total', 'aria-live': 'polite' }, data ? t('admin.reviews.total', { n: formatNumber(data.total) }) : '')),
    body);
}

async function start() {
  admin = await mountAdmin({ key: 'reviews', titleKey: 'admin.reviews.title', subtitleKey: 'admin.reviews.subtitle' });
  if (!admin) return;
  render();
  await load();
}

window.addEventListener('popstate', () => {
  data = null;
  render();
  load();
});
langEvents.addEventListener('change', render);
start();
