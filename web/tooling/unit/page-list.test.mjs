import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageList } from '../../js/logic/page-list.js';

test('one page is just that page', () => {
  assert.deepEqual(pageList(1, 1), [1]);
});

test('few pages are all shown', () => {
  assert.deepEqual(pageList(1, 5), [1, 2, 3, 4, 5]);
  assert.deepEqual(pageList(4, 7), [1, 2, 3, 4, 5, 6, 7]);
});

test('far pages collapse into gaps around the current one', () => {
  assert.deepEqual(pageList(10, 20), [1, '…', 8, 9, 10, 11, 12, '…', 20]);
  assert.deepEqual(pageList(1, 20), [1, 2, 3, '…', 20]);
  assert.deepEqual(pageList(20, 20), [1, '…', 18, 19, 20]);
});

test('a gap of one page shows the page instead of an ellipsis', () => {
  assert.deepEqual(pageList(5, 20), [1, 2, 3, 4, 5, 6, 7, '…', 20]);
  assert.deepEqual(pageList(16, 20), [1, '…', 14, 15, 16, 17, 18, 19, 20]);
});

test('the radius widens the window', () => {
  assert.deepEqual(pageList(10, 20, 1), [1, '…', 9, 10, 11, '…', 20]);
});
