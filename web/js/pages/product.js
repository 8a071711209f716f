// Product detail: /product.html?id=N — gallery, price, stock, rating, description, seller card,
// more from the seller; an amount picker bounded by the stock, add to cart and buy now.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, restoreSession, getUser, hasRole, sessionEvents } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout, refreshCartCount } from '../layout.js';
import { priceTag, stars, formatNumber, formatDate, formatWon, emptyState, alertBox, badge, toast, withBusy } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { clampAmount, MAX_AMOUNT } from '../logic/order-flow.js';
import '../i18n/shop.js';
import { productImage, productGrid, isSoldOut } from '../components/product-card.js';
import { stateLabel, stateTone, blockReason } from '../logic/product-state.js';
import '../i18n/catalog.js';
import { mountQna, mountReviews, mountWish } from '../components/product-community.js';

const FEW_LEFT = 5;

const root = qs('#product-root');
const params = new URLSearchParams(location.search);
const productId = posInt(params.get('id'));

let view = { kind: 'loading' }; // kind: loading | ok | notfound | error
let seller = null; // GET /sellers/{id} (public card) or null
let more = null; // other products of the seller, or null while loading
let activeImage = 0;
let loadSeq = 0;
let amount = 1; // the quantity picked on this page
let buyNote = null; // { type, text(), cart } shown under the buy buttons

function posInt(value) {
  const s = String(value ?? '').trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/* ------------------------------------------------------------------ data */

async function load() {
  loadSeq += 1;
  const mine = loadSeq;
  if (!productId) {
    view = { kind: 'notfound' };
    render();
    return;
  }
  let product;
  try {
    product = await api('GET', `/products/${productId}`);
  } catch (error) {
    if (mine !== loadSeq) return;
    view = error && (error.status === 404 || error.code === 'not_found') ? { kind: 'notfound' } : { kind: 'error', error };
    render();
    return;
  }
  if (mine !== loadSeq) return;
  view = { kind: 'ok', product };
  if (activeImage >= pictures(product).length) activeImage = 0;
  render();
  loadSellerParts(product, mine);
}

async function loadSellerParts(product, mine) {
  const sellerId = product.seller && product.seller.user_id;
  if (!sellerId) return;
  const [card, list] = await Promise.allSettled([
    api('GET', `/sellers/${sellerId}`),
    api('GET', `/sellers/${sellerId}/products`, { query: { sort: 'popular', per_page: 5, page: 1 } }),
  ]);
  if (mine !== loadSeq) return;
  seller = card.status === 'fulfilled' ? card.value : null;
  const items = list.status === 'fulfilled' && list.value && Array.isArray(list.value.items) ? list.value.items : [];
  more = items.filter((p) => p.id !== product.id && (p.state === 'on_sale' || p.state === 'sold_out')).slice(0, 4);
  renderSellerSection();
  renderMore();
}

/* --------------------------------------------------------------- helpers */

function pictures(p) {
  const list = [];
  if (p.thumbnail_url) list.push(p.thumbnail_url);
  const detail = Array.isArray(p.images) ? [...p.images].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)) : [];
  for (const img of detail) if (img && img.url) list.push(img.url);
  return list;
}

function detailImages(p) {
  return Array.isArray(p.images) ? [...p.images].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).filter((i) => i && i.url) : [];
}

function isOwner(p) {
  const user = getUser();
  return Boolean(user && p.seller && Number(user.id) === Number(p.seller.user_id));
}

function storeUrl(sellerId) {
  return `/store.html?seller=${encodeURIComponent(sellerId)}`;
}

function categoryUrl(categoryId) {
  return `/?category=${encodeURIComponent(categoryId)}#catalog`;
}

function sellerLogo(card, name, size = 'md') {
  const url = card && card.logo_url;
  if (url) {
    const img = h('img', { class: ['seller-logo', `seller-logo-${size}`], src: url, alt: t('seller.logo_alt', { name }), width: 64, height: 64, loading: 'lazy' });
    img.addEventListener('error', () => img.replaceWith(monogram(name, size)));
    return img;
  }
  return monogram(name, size);
}

function monogram(name, size) {
  const first = Array.from(String(name || '?').trim())[0] || '?';
  return h('span', { class: ['seller-logo', 'seller-logo-mono', `seller-logo-${size}`], 'aria-hidden': 'true' }, first);
}

/* ---------------------------------------------------------------- render */

function render() {
  root.removeAttribute('aria-busy');
  if (view.kind === 'notfound') {
    document.title = t('page.suffix', { title: t('pd.not_found_title') });
    replaceChildren(root, h('div', { class: 'pd-empty' }, emptyState({
      icon: 'search',
      title: t('pd.not_found_title'),
      message: t('pd.not_found_message'),
      actions: [{ label: t('pd.go_home'), href: '/' }, { label: t('pd.popular'), href: '/?sort=popular#catalog' }],
    })));
    return;
  }
  if (view.kind === 'error') {
    document.title = t('page.suffix', { title: t('pd.error_title') });
    replaceChildren(root, h('div', { class: 'pd-empty' }, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('pd.error_title'),
      message: (view.error && view.error.message) || t('error.unknown'),
      actions: [{ label: t('common.retry'), onClick: () => load() }, { label: t('pd.go_home'), href: '/' }],
    })));
    return;
  }
  if (view.kind !== 'ok') return;
  const p = view.product;
  document.title = t('page.suffix', { title: p.name });
  replaceChildren(root,
    breadcrumb(p),
    h('div', { class: 'pd__top' }, gallery(p), infoPanel(p)),
    h('nav', { class: 'pd-tabs', 'aria-label': t('pd.tab_detail') },
      h('a', { class: 'pd-tabs__link is-active', href: '#pd-detail' }, t('pd.tab_detail')),
      h('a', { class: 'pd-tabs__link', href: '#pd-reviews' }, t('rv.title')),
      h('a', { class: 'pd-tabs__link', href: '#pd-qna' }, t('qna.title')),
      h('a', { class: 'pd-tabs__link', href: '#pd-seller' }, t('pd.tab_seller'))),
    detailSection(p),
    h('section', { class: 'pd-section pd-reviews', id: 'pd-reviews', 'aria-labelledby': 'pd-reviews-title' }),
    h('section', { class: 'pd-section pd-qna', id: 'pd-qna', 'aria-labelledby': 'pd-qna-title' }),
    h('section', { class: 'pd-section', id: 'pd-seller', 'aria-labelledby': 'pd-seller-title' },
      h('h2', { class: 'pd-section__title', id: 'pd-seller-title' }, t('pd.seller_title')),
      h('div', { id: 'pd-seller-card' })),
    h('section', { class: 'pd-section pd-more', id: 'pd-more', hidden: true, 'aria-labelledby': 'pd-more-title' }));
  renderSellerSection();
  renderMore();
  const wishSlot = qs('#wish-slot');
  if (wishSlot) mountWish(wishSlot, p.id, { owner: isOwner(p) });
  const reviews = qs('#pd-reviews');
  if (reviews) mountReviews(reviews, p);
  const qna = qs('#pd-qna');
  if (qna) mountQna(qna, p);
}

function breadcrumb(p) {
  const cat = p.category && p.category.name ? p.category : null;
  return h('nav', { class: 'pd-crumbs', 'aria-label': t('pd.breadcrumb') },
    h('ol', { class: 'pd-crumbs__list' },
      h('li', null, h('a', { href: '/' }, t('pd.home'))),
      cat && h('li', null, icon('chevron-right', { size: 14 }), h('a', { href: categoryUrl(cat.id) }, cat.name))));
}

function gallery(p) {
  const pics = pictures(p);
  const alt = (i) => (i === 0 ? p.name : t('pd.image_alt', { name: p.name, n: i + 1 }));
  const main = productImage(pics[activeImage] || null, alt(activeImage), { className: 'pd-gallery__img', eager: true });
  main.id = 'product-main-image';
  const soldOut = isSoldOut(p) && (p.state === 'sold_out' || p.state === 'on_sale');
  const mainBox = h('div', { class: 'pd-gallery__main' }, main,
    soldOut && h('div', { class: 'sold-out-overlay' }, h('span', { class: 'sold-out-overlay__label' }, t('common.sold_out'))));
  if (pics.length <= 1) return h('div', { class: 'pd-gallery' }, mainBox);

  const buttons = pics.map((url, i) => {
    const btn = h('button', {
      type: 'button',
      class: ['pd-gallery__thumb', i === activeImage && 'is-active'],
      'aria-label': t('pd.image_n', { n: i + 1 }),
      'aria-pressed': i === activeImage ? 'true' : 'false',
      dataset: { index: i },
      onClick: () => select(i),
    }, productImage(url, '', { className: 'pd-gallery__thumb-img' }));
    btn.addEventListener('mouseenter', () => {
      if (window.matchMedia('(hover: hover)').matches) select(i);
    });
    return btn;
  });
  function select(i) {
    if (i === activeImage) return;
    activeImage = i;
    const next = productImage(pics[i], alt(i), { className: 'pd-gallery__img', eager: true });
    next.id = 'product-main-image';
    qs('#product-main-image', mainBox)?.replaceWith(next);
    buttons.forEach((b, j) => {
      b.classList.toggle('is-active', j === i);
      b.setAttribute('aria-pressed', j === i ? 'true' : 'false');
    });
  }
  return h('div', { class: 'pd-gallery' },
    mainBox,
    h('div', { class: 'pd-gallery__thumbs', role: 'group', 'aria-label': t('pd.gallery') }, buttons));
}

function stateNotes(p) {
  const owner = isOwner(p);
  const admin = hasRole('admin');
  const nodes = [];
  const special = ['hidden', 'discontinued', 'blocked', 'deleted'].includes(p.state);
  if (special && (owner || admin || p.state === 'discontinued')) {
    const reason = p.state === 'blocked' ? blockReason(p) : '';
    const box = alertBox(t(`pd.state_note.${p.state}`), { type: p.state === 'blocked' ? 'error' : p.state === 'discontinued' ? 'info' : 'warning' });
    box.classList.add('pd-state-note');
    box.id = 'product-state-note';
    if (reason) qs('p', box).append(h('br'), t('pd.block_reason', { reason }));
    nodes.push(box);
  }
  return nodes;
}

function infoPanel(p) {
  const owner = isOwner(p);
  const admin = hasRole('admin');
  const sellerName = p.seller && p.seller.company_name;
  const soldOut = isSoldOut(p);
  const buyable = p.state === 'on_sale' && !soldOut;
  const ratingCount = Number(p.rating_count) || 0;

  let stockText;
  let stockClass = 'pd-facts__stock';
  if (soldOut) {
    stockText = t('pd.stock_none');
    stockClass += ' is-out';
  } else if (Number(p.stock) <= FEW_LEFT) {
    stockText = t('pd.stock_few', { n: formatNumber(p.stock) });
    stockClass += ' is-few';
  } else {
    stockText = t('pd.stock_left', { n: formatNumber(p.stock) });
  }

  const showBadge = p.state !== 'on_sale' && (owner || admin || p.state === 'sold_out' || p.state === 'discontinued');

  const buy = buyable
    ? buyPanel(p, owner)
    : h('div', { class: 'pd-buy__buttons' },
      h('button', { type: 'button', class: 'btn btn-secondary btn-lg btn-block', id: 'buy-unavailable', disabled: true },
        soldOut && (p.state === 'sold_out' || p.state === 'on_sale') ? t('pd.sold_out_button') : t('pd.unavailable_button')));

  const tools = [];
  if (owner) {
    tools.push(h('div', { class: 'pd-owner' },
      h('p', { class: 'pd-owner__note' }, icon('store', { size: 16 }), h('span', null, t('pd.owner_note'))),
      h('div', { class: 'pd-owner__actions' },
        h('a', { class: 'btn btn-primary btn-sm', id: 'product-edit-link', href: `/seller/product-edit.html?id=${encodeURIComponent(p.id)}` }, t('pd.edit')),
        h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/products.html' }, t('pd.manage')))));
  } else if (admin) {
    tools.push(h('div', { class: 'pd-owner' },
      h('p', { class: 'pd-owner__note' }, icon('shield', { size: 16 }), h('span', null, t('role.admin'))),
      h('div', { class: 'pd-owner__actions' },
        h('a', { class: 'btn btn-secondary btn-sm', href: `/admin/products.html?id=${encodeURIComponent(p.id)}` }, t('pd.admin_manage')))));
  }

  return h('div', { class: 'pd-info' },
    stateNotes(p),
    sellerName && h('a', { class: 'pd-info__seller', href: storeUrl(p.seller.user_id) },
      icon('store', { size: 16 }), h('span', null, sellerName), icon('chevron-right', { size: 14 })),
    h('h1', { class: 'pd-info__name', id: 'product-name' }, p.name),
    h('div', { class: 'pd-info__rating' },
      stars(ratingCount > 0 ? p.rating_avg : 0, { showValue: ratingCount > 0 }),
      h('span', { class: 'pd-info__reviews' }, ratingCount > 0 ? t('pd.reviews', { n: formatNumber(ratingCount) }) : t('pd.rating_none')),
      Number(p.wish_count) > 0 && h('span', { class: 'pd-info__meta' }, icon('heart', { size: 14 }), t('pd.wishes', { n: formatNumber(p.wish_count) })),
      Number(p.sales_count) > 0 && h('span', { class: 'pd-info__meta' }, t('pd.sales', { n: formatNumber(p.sales_count) }))),
    h('div', { class: 'pd-info__price-row' },
      h('p', { class: 'pd-info__price', id: 'product-price' }, priceTag(p.price, { className: 'price-lg' })),
      showBadge && h('span', { id: 'product-state' }, badge(stateLabel(p.state), stateTone(p.state)))),
    h('dl', { class: 'pd-facts' },
      p.category && p.category.name && [
        h('dt', null, t('pd.category')),
        h('dd', null, h('a', { class: 'pd-facts__link', href: categoryUrl(p.category.id) }, p.category.name)),
      ],
      sellerName && [
        h('dt', null, t('pd.seller')),
        h('dd', null, h('a', { class: 'pd-facts__link', href: storeUrl(p.seller.user_id) }, sellerName)),
      ],
      h('dt', null, t('pd.stock')),
      h('dd', { class: stockClass, id: 'product-stock' }, stockText),
      p.created_at && [h('dt', null, t('pd.registered')), h('dd', null, formatDate(p.created_at))]),
    h('div', { class: 'pd-wish', id: 'wish-slot' }),
    h('div', { class: 'pd-buy' }, buy),
    tools);
}

/* ------------------------------------------------------------ buying */

function maxAmount(p) {
  return Math.max(1, Math.min(MAX_AMOUNT, Number(p.stock) || 1));
}

/** Amount picker, total, add to cart and buy now; visitors and the owner get a message instead. */
function buyPanel(p, owner) {
  if (owner) {
    return h('p', { class: 'pd-buy__message', id: 'buy-own-product' }, icon('info', { size: 18 }), h('span', null, t('pd.own_product')));
  }
  if (!getUser()) {
    return [
      h('p', { class: 'pd-buy__message', id: 'buy-login-note' }, icon('info', { size: 18 }), h('span', null, t('pd.login_to_buy'))),
      h('a', { class: 'btn btn-primary btn-lg btn-block', id: 'buy-login', href: loginUrlHere() }, t('pd.login_button')),
    ];
  }
  const max = maxAmount(p);
  amount = clampAmount(amount, max);
  const input = h('input', {
    class: 'input qty__input', id: 'buy-amount', type: 'number', inputmode: 'numeric', min: 1, max, step: 1, value: String(amount), 'aria-describedby': 'buy-amount-help',
  });
  const total = h('strong', { id: 'buy-total' }, formatWon(p.price * amount));
  const help = h('p', { class: 'field-help', id: 'buy-amount-help' }, t(max < MAX_AMOUNT ? 'pd.stock_limit' : 'pd.amount_max', { n: formatNumber(max) }));
  const dec = h('button', { type: 'button', class: 'qty__btn', id: 'buy-amount-dec', 'aria-label': t('pd.amount_dec') }, '−');
  const inc = h('button', { type: 'button', class: 'qty__btn', id: 'buy-amount-inc', 'aria-label': t('pd.amount_inc') }, '+');
  function set(n) {
    amount = clampAmount(n, max);
    input.value = String(amount);
    total.textContent = formatWon(p.price * amount);
    dec.disabled = amount <= 1;
    inc.disabled = amount >= max;
  }
  dec.addEventListener('click', () => set(amount - 1));
  inc.addEventListener('click', () => set(amount + 1));
  input.addEventListener('change', () => set(input.value));
  set(amount);
  const note = h('div', { id: 'buy-note', 'aria-live': 'polite' });
  renderBuyNote(note);
  const addBtn = h('button', { type: 'button', class: 'btn btn-secondary btn-lg', id: 'add-to-cart' }, t('pd.add_to_cart'));
  addBtn.addEventListener('click', () => withBusy(addBtn, () => addToCart(p, note)));
  const buyBtn = h('button', { type: 'button', class: 'btn btn-primary btn-lg', id: 'buy-now' }, t('pd.buy_now'));
  buyBtn.addEventListener('click', () => {
    set(input.value);
    location.href = `/checkout.html?buy=${encodeURIComponent(p.id)}&amount=${amount}`;
  });
  return [
    h('div', { class: 'pd-qty' },
      h('label', { class: 'field-label', for: 'buy-amount' }, t('pd.amount')),
      h('div', { class: 'qty' }, dec, input, inc),
      h('p', { class: 'pd-qty__total' }, h('span', null, t('pd.total')), total)),
    help,
    h('div', { class: 'pd-buy__buttons' }, addBtn, buyBtn),
    note,
  ];
}

function renderBuyNote(slot) {
  if (!slot) return;
  if (!buyNote) {
    replaceChildren(slot);
    return;
  }
  const box = alertBox(buyNote.text(), { type: buyNote.type });
  if (buyNote.cart) qs('p', box)?.append(' ', h('a', { href: '/cart.html', id: 'buy-go-cart' }, t('pd.go_cart')));
  replaceChildren(slot, box);
}

async function addToCart(p, slot) {
  const input = qs('#buy-amount');
  amount = clampAmount(input ? input.value : amount, maxAmount(p));
  try {
    const line = await api('POST', '/cart/items', { body: { product_id: p.id, amount } });
    const merged = line && line.amount !== amount;
    buyNote = { type: 'success', text: () => t(merged ? 'pd.added_merged' : 'pd.added'), cart: true };
    refreshCartCount();
  } catch (err) {
    const stock = err.body && err.body.error && err.body.error.stock;
    const text = err.code === 'insufficient_stock' && Number.isFinite(stock) ? t('pd.stock_limit', { n: formatNumber(stock) }) : err.message;
    buyNote = { type: 'error', text: () => text };
  }
  renderBuyNote(slot);
}

function detailSection(p) {
  const desc = String(p.description || '').trim();
  const imgs = detailImages(p);
  return h('section', { class: 'pd-section pd-detail', id: 'pd-detail', 'aria-labelledby': 'pd-detail-title' },
    h('h2', { class: 'pd-section__title', id: 'pd-detail-title' }, t('pd.detail_title')),
    desc
      ? h('div', { class: 'pd-detail__text', id: 'product-description' }, desc)
      : h('p', { class: 'pd-detail__empty' }, t('pd.no_description')),
    imgs.length > 0 && h('div', { class: 'pd-detail__images' },
      imgs.map((img, i) => productImage(img.url, t('pd.image_alt', { name: p.name, n: i + 1 }), { className: 'pd-detail__img' }))));
}

function renderSellerSection() {
  const slot = qs('#pd-seller-card');
  if (!slot || view.kind !== 'ok') return;
  const p = view.product;
  const sellerId = p.seller && p.seller.user_id;
  if (!sellerId) {
    slot.closest('section').hidden = true;
    return;
  }
  const name = (seller && seller.company_name) || (p.seller && p.seller.company_name) || '';
  const meta = [];
  if (seller) {
    meta.push(h('span', null, t('seller.products_count', { n: formatNumber(seller.product_count ?? 0) })));
    meta.push(h('span', null, t('seller.followers_count', { n: formatNumber(seller.follower_count ?? 0) })));
    if (seller.created_at) meta.push(h('span', null, t('seller.since', { date: formatDate(seller.created_at) })));
  }
  replaceChildren(slot, h('div', { class: 'seller-card' },
    h('a', { class: 'seller-card__logo', href: storeUrl(sellerId), tabindex: '-1', 'aria-hidden': 'true' }, sellerLogo(seller, name)),
    h('div', { class: 'seller-card__body' },
      h('p', { class: 'seller-card__name' }, h('a', { href: storeUrl(sellerId) }, name)),
      meta.length > 0 && h('p', { class: 'seller-card__meta' }, meta)),
    h('a', { class: 'btn btn-secondary seller-card__cta', href: storeUrl(sellerId) }, icon('store', { size: 18 }), h('span', null, t('pd.visit_store')))));
}

function renderMore() {
  const section = qs('#pd-more');
  if (!section || view.kind !== 'ok') return;
  const p = view.product;
  if (more === null) {
    section.hidden = true;
    return;
  }
  if (!more.length) {
    section.hidden = true;
    return;
  }
  const name = (seller && seller.company_name) || (p.seller && p.seller.company_name) || '';
  section.hidden = false;
  replaceChildren(section,
    h('div', { class: 'pd-section__head' },
      h('h2', { class: 'pd-section__title', id: 'pd-more-title' }, t('pd.more_from_seller', { name })),
      h('a', { class: 'pd-section__more', href: storeUrl(p.seller.user_id) }, t('pd.see_all'), icon('chevron-right', { size: 16 }))),
    productGrid(more));
}

/* ------------------------------------------------------------------ boot */

function flashFromUrl() {
  const flags = ['created', 'saved'].filter((k) => params.has(k));
  if (!flags.length) return;
  toast.success(t(flags.includes('created') ? 'pd.created' : 'pd.saved'));
  const clean = new URLSearchParams(location.search);
  flags.forEach((k) => clean.delete(k));
  history.replaceState(null, '', `${location.pathname}?${clean.toString()}${location.hash}`);
}

/** The detail/seller tabs follow the scroll position. */
function syncTabs() {
  const links = Array.from(root.querySelectorAll('.pd-tabs__link'));
  if (!links.length) return;
  const tabs = qs('.pd-tabs', root);
  const line = tabs.getBoundingClientRect().bottom + 24;
  let current = links[0];
  for (const link of links) {
    const target = qs(link.getAttribute('href'));
    if (target && target.getBoundingClientRect().top <= line) current = link;
  }
  for (const link of links) {
    link.classList.toggle('is-active', link === current);
    if (link === current) link.setAttribute('aria-current', 'location');
    else link.removeAttribute('aria-current');
  }
}

let tabsFrame = 0;
window.addEventListener('scroll', () => {
  if (tabsFrame) return;
  tabsFrame = requestAnimationFrame(() => {
    tabsFrame = 0;
    syncTabs();
  });
}, { passive: true });

mountLayout({});
flashFromUrl();

langEvents.addEventListener('change', () => render());
sessionEvents.addEventListener('change', (e) => {
  const reason = e.detail && e.detail.reason;
  if (reason === 'login' || reason === 'logout' || reason === 'expired' || reason === 'elsewhere') load();
});

// The owner and admins see non-public products: ask with the session when there is one.
restoreSession().finally(load);
