// Product card and grid for product_summary objects (GET /products, /sellers/{id}/products, wishlist…).
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { priceTag, stars, formatNumber } from '../ui.js';

export const PLACEHOLDER_IMAGE = '/img/product-placeholder.svg';

/** URL of a product's page. */
export function productUrl(id) {
  return `/product.html?id=${encodeURIComponent(id)}`;
}

/** An <img> for a product picture that falls back to the placeholder if missing or broken. */
export function productImage(url, alt, { className = 'product-card__img', eager = false } = {}) {
  const img = h('img', {
    class: [className, !url && 'is-fallback'],
    src: url || PLACEHOLDER_IMAGE,
    alt: url ? alt || '' : '',
    loading: eager ? 'eager' : 'lazy',
    decoding: 'async',
    width: 400,
    height: 400,
  });
  img.addEventListener('error', () => {
    if (img.classList.contains('is-fallback')) return;
    img.classList.add('is-fallback');
    img.alt = '';
    img.src = PLACEHOLDER_IMAGE;
  });
  return img;
}

/** True when the product cannot be bought right now because it has no stock. */
export function isSoldOut(p) {
  return p.state === 'sold_out' || p.stock === 0;
}

/** A product card linking to /product.html?id=N. `p` is a product_summary. */
export function productCard(p, { eager = false } = {}) {
  const soldOut = isSoldOut(p);
  const seller = p.seller && p.seller.company_name;
  return h('article', { class: ['product-card', soldOut && 'is-sold-out'] },
    h('a', { class: 'product-card__link', href: productUrl(p.id) },
      h('div', { class: 'product-card__media' },
        productImage(p.thumbnail_url, p.name, { eager }),
        soldOut && h('div', { class: 'sold-out-overlay' }, h('span', { class: 'sold-out-overlay__label' }, t('common.sold_out')))),
      h('div', { class: 'product-card__body' },
        seller && h('p', { class: 'product-card__seller' }, seller),
        h('h3', { class: 'product-card__name' }, p.name),
        h('p', { class: 'product-card__price' }, priceTag(p.price)),
        h('div', { class: 'product-card__meta' },
          stars(p.rating_avg, { count: p.rating_count ?? 0, showValue: true, size: 'sm' }),
          p.wish_count > 0 && h('span', { class: 'product-card__wish', 'aria-label': t('catalog.wish_count', { n: formatNumber(p.wish_count) }) },
            icon('heart', { size: 14 }), h('span', { 'aria-hidden': 'true' }, formatNumber(p.wish_count)))))));
}

/** A responsive grid of product cards. */
export function productGrid(items, opts = {}) {
  return h('div', { class: 'product-grid' }, items.map((p, i) => productCard(p, { eager: i < 4, ...opts })));
}
