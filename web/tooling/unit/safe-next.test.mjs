import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from '../../js/logic/safe-next.js';

const ORIGIN = 'https://praline.example';
const next = (raw) => safeNext(raw, ORIGIN);

test('a same-site path is kept with its query and hash', () => {
  assert.equal(next('/account.html'), '/account.html');
  assert.equal(next('/product.html?id=3#reviews'), '/product.html?id=3#reviews');
  assert.equal(next('/seller/product-edit.html?id=12'), '/seller/product-edit.html?id=12');
});

test('nothing, or something that is not a string, gives null', () => {
  for (const raw of [null, undefined, '', 42, {}, ['/account.html']]) assert.equal(next(raw), null);
});

test('another origin is refused, however it is spelled', () => {
  for (const raw of [
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'account.html',
    '/%2F%2Fevil.example',
  ]) {
    const out = next(raw);
    assert.ok(out === null || out.startsWith('/') && !out.startsWith('//'), `${raw} → ${out}`);
  }
  assert.equal(next('//evil.example/path'), null);
  assert.equal(next('https://evil.example/'), null);
});

test('control characters and backslashes are refused', () => {
  assert.equal(next('/account.html\n'), null);
  assert.equal(next('/\taccount.html'), null);
  assert.equal(next('/a\\b'), null);
});

test('the auth pages and the API are never a destination', () => {
  for (const raw of ['/login.html', '/signup.html?next=/', '/reset.html', '/oauth.html', '/api/v1/me']) {
    assert.equal(next(raw), null, raw);
  }
  assert.equal(next('/login.html.bak'), '/login.html.bak');
});

test('an overlong value is refused', () => {
  assert.equal(next(`/${'a'.repeat(500)}`), null);
  assert.equal(next(`/${'a'.repeat(498)}`), `/${'a'.repeat(498)}`);
});
