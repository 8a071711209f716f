// The home page's product list lives in its URL (?q=&category=&sort=&page=&min_price=&max_price=).
// Reading that query, writing it back, and turning it into the API's query. DOM-free.

export const SORTS = ['recent', 'popular', 'rating', 'sales', 'price_asc', 'price_desc'];
export const MAX_PRICE = 10_000_000;

/** A positive integer, or null. */
export function posInt(value) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** A price filter in won (0 to MAX_PRICE), or null when empty or out of range. */
export function parsePrice(value) {
  if (value === null || value === undefined || String(value).trim() === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= MAX_PRICE ? n : null;
}

/** The list state of a query string ('?q=…' or a URLSearchParams); bad values fall back to defaults. */
export function readProductQuery(search) {
  const p = search instanceof URLSearchParams ? search : new URLSearchParams(search || '');
  const sort = p.get('sort');
  return {
    q: (p.get('q') || '').trim().slice(0, 100),
    category: posInt(p.get('category')),
    sort: SORTS.includes(sort) ? sort : 'recent',
    page: posInt(p.get('page')) || 1,
    min_price: parsePrice(p.get('min_price')),
    max_price: parsePrice(p.get('max_price')),
  };
}

/** The home page URL of a list state; defaults (recent, page 1) are left out. */
export function productListUrl(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.category) p.set('category', String(state.category));
  if (state.sort && state.sort !== 'recent') p.set('sort', state.sort);
  if (state.min_price !== null && state.min_price !== undefined) p.set('min_price', String(state.min_price));
  if (state.max_price !== null && state.max_price !== undefined) p.set('max_price', String(state.max_price));
  if (state.page > 1) p.set('page', String(state.page));
  const s = p.toString();
  return s ? `/?${s}` : '/';
}

/** The query of GET /products for a list state (api() drops the empty values). */
export function productApiQuery(state, perPage) {
  return {
    page: state.page,
    per_page: perPage,
    sort: state.sort,
    q: state.q,
    category: state.category,
    min_price: state.min_price,
    max_price: state.max_price,
  };
}
