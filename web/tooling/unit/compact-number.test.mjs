import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compactNumber } from '../../js/logic/compact-number.js';

test('small numbers stay whole', () => {
  assert.equal(compactNumber(9_900), '9,900');
  assert.equal(compactNumber(0), '0');
});

test('large numbers shorten without rounding up', () => {
  assert.equal(compactNumber(29_900, 'ko-KR'), '2.9만');
  assert.equal(compactNumber(29_900, 'en-US'), '29.9K');
  assert.equal(compactNumber(99_999, 'ko-KR'), '9.9만');
  assert.equal(compactNumber(1_250_000, 'en-US'), '1.2M');
});
