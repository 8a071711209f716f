import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readProductQuery, productListUrl, productApiQuery, parsePrice, MAX_PRICE } from '../../js/logic/product-query.js';
import { apiUrl } from '../../js/logic/api-url.js';

test('an empty query is the first page of the newest products', () => {
  assert.deepEqual(readProductQuery(''), { q: '', category: null, sort: 'recent', page: 1, min_price: null, max_price: null });
  assert.equal(productListUrl(readProductQuery('')), '/');
});

test('a full query survives a round trip', () => {
  const state = readProductQuery('?q=가나슈&category=3&sort=price_asc&page=2&min_price=1000&max_price=50000');
  assert.deepEqual(state, { q: '가나슈', category: 3, sort: 'price_asc', page: 2, min_price: 1000, max_price: 50000 });
  const url = productListUrl(state);
  assert.equal(url, `/?q=${encodeURIComponent('가나슈').replace(/%20/g, '+')}&category=3&sort=price_asc&min_price=1000&max_price=50000&page=2`);
  assert.deepEqual(readProductQuery(url.slice(1)), state);
});

test('defaults are left out of the URL', () => {
  assert.equal(productListUrl({ q: '', category: null, sort: 'recent', page: 1, min_price: null, max_price: null }), '/');
  assert.equal(productListUrl({ sort: 'popular', page: 1, min_price: null, max_price: null }), '/?sort=popular');
  assert.equal(productListUrl({ page: 3, min_price: 0, max_price: null }), '/?min_price=0&page=3');
});

test('bad values fall back to the defaults', () => {
  const state = readProductQuery('?category=abc&sort=cheapest&page=-2&min_price=12.5&max_price=' + (MAX_PRICE + 1));
  assert.deepEqual(state, { q: '', category: null, sort: 'recent', page: 1, min_price: null, max_price: null });
});

test('the search text is trimmed and cut to 100 characters', () => {
  assert.equal(readProductQuery(`?q=${'  초코 '}`).q, '초코');
  assert.equal(readProductQuery(`?q=${'a'.repeat(150)}`).q.length, 100);
});

test('prices are whole won from 0 to the maximum', () => {
  assert.equal(parsePrice('0'), 0);
  assert.equal(parsePrice(' 15000 '), 15000);
  assert.equal(parsePrice(String(MAX_PRICE)), MAX_PRICE);
  for (const bad of ['', '  ', null, undefined, '-1', '1.5', 'abc', String(MAX_PRICE + 1)]) assert.equal(parsePrice(bad), null, String(bad));
});

test('the API query of a list state drops nothing the server needs', () => {
  const state = readProductQuery('?category=4&sort=rating&page=2');
  assert.deepEqual(productApiQuery(state, 20), { page: 2, per_page: 20, sort: 'rating', q: '', category: 4, min_price: null, max_price: null });
  assert.equal(apiUrl('/products', productApiQuery(state, 20)), '/api/v1/products?page=2&per_page=20&sort=rating&category=4');
});

test('apiUrl prefixes the API base once and drops empty values', () => {
  assert.equal(apiUrl('/me'), '/api/v1/me');
  assert.equal(apiUrl('me'), '/api/v1/me');
  assert.equal(apiUrl('/api/v1/me'), '/api/v1/me');
  assert.equal(apiUrl('/products', { q: '', category: null, page: undefined }), '/api/v1/products');
  assert.equal(apiUrl('/products?x=1', { page: 2 }), '/api/v1/products?x=1&page=2');
  assert.equal(apiUrl('/products', { ids: [1, 2] }), '/api/v1/products?ids=1&ids=2');
  assert.equal(apiUrl('/auth/oauth/kakao/start', { next: '/account.html#seller' }), '/api/v1/auth/oauth/kakao/start?next=%2Faccount.html%23seller');
});
