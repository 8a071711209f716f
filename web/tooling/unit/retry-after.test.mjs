import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../js/logic/retry-after.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

test('seconds are taken as given', () => {
  assert.equal(parseRetryAfter('120', NOW), 120);
  assert.equal(parseRetryAfter(30, NOW), 30);
  assert.equal(parseRetryAfter('0', NOW), 0);
  assert.equal(parseRetryAfter('1.5', NOW), 1.5);
});

test('a negative number counts as now', () => {
  assert.equal(parseRetryAfter('-5', NOW), 0);
});

test('an HTTP date becomes the seconds until then', () => {
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 12:01:30 GMT', NOW), 90);
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 11:59:00 GMT', NOW), 0, 'a date in the past');
});

test('nothing or nonsense gives null', () => {
  for (const value of [undefined, null, '', 'soon', 'Mon, 99 Foo']) assert.equal(parseRetryAfter(value, NOW), null, String(value));
});
