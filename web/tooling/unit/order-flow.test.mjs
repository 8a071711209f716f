import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clampAmount, isPostalCode, isMobile, selectedTotals, parseIds, createAttempts, buyerMoves, sellerMoves, canPayAgain, growthText,
} from '../../js/logic/order-flow.js';

test('amounts stay between 1 and the stock (at most 999)', () => {
  assert.equal(clampAmount(5, 3), 3);
  assert.equal(clampAmount(0, 3), 1);
  assert.equal(clampAmount('abc', 3), 1);
  assert.equal(clampAmount(2.7, 10), 2);
  assert.equal(clampAmount(5000, 100000), 999);
  assert.equal(clampAmount(4, 0), 1);
});

test('postcodes have five digits and phones are Korean mobiles', () => {
  assert.ok(isPostalCode('06236'));
  for (const bad of ['6236', '062360', '0623a', '', null]) assert.ok(!isPostalCode(bad), String(bad));
  assert.ok(isMobile('010-1234-5678'));
  assert.ok(!isMobile('02-123-4567'));
});

test('totals count only selected lines that can be ordered', () => {
  const items = [
    { id: 1, available: true, amount: 2, line_total: 10000 },
    { id: 2, available: false, amount: 1, line_total: 3000 },
    { id: 3, available: true, amount: 1, line_total: 4500 },
  ];
  const r = selectedTotals(items, new Set([1, 2]));
  assert.deepEqual([r.count, r.amount, r.total], [1, 2, 10000]);
  assert.equal(selectedTotals(items, new Set([1, 2, 3])).total, 14500);
});

test('id lists are read strictly', () => {
  assert.deepEqual(parseIds('3,1,x,3,-2, 7'), [3, 1, 7]);
  assert.deepEqual(parseIds(''), []);
});

test('one key per attempt: kept across unknown outcomes, renewed after an answer or a new body', () => {
  let n = 0;
  const attempts = createAttempts(() => `k${++n}`);
  const body = { cart_item_ids: [1], payment: 'points' };
  const k1 = attempts.keyFor(body);
  assert.equal(attempts.keyFor(body), k1, 'a double click sends the same key');
  attempts.settle(0);
  assert.equal(attempts.keyFor(body), k1, 'a retry after a network error reuses the key');
  attempts.settle(409, 'idempotency_key_in_progress');
  assert.equal(attempts.keyFor(body), k1);
  attempts.settle(503);
  assert.equal(attempts.keyFor(body), k1);
  attempts.settle(402, 'insufficient_points');
  const k2 = attempts.keyFor(body);
  assert.notEqual(k2, k1, 'after a definite refusal the next try is a new attempt');
  assert.notEqual(attempts.keyFor({ ...body, payment: 'card' }), k2, 'a changed order is a new attempt');
});

test('buyers and sellers are offered the moves of the table', () => {
  assert.deepEqual(buyerMoves({ status: 'delivered' }), ['confirmed', 'refund_requested']);
  assert.deepEqual(buyerMoves({ status: 'refund_requested', previous_status: 'shipped' }), ['withdraw']);
  assert.deepEqual(buyerMoves({ status: 'confirmed' }), []);
  assert.deepEqual(buyerMoves({ status: 'pending_payment' }), []);
  assert.deepEqual(sellerMoves('placed'), ['preparing', 'cancelled']);
  assert.deepEqual(sellerMoves('shipped'), ['delivered']);
  assert.deepEqual(sellerMoves('confirmed'), []);
});

test('an unpaid card payment can be paid again only before it expires', () => {
  const now = Date.parse('2026-11-29T10:00:00Z');
  assert.ok(canPayAgain({ status: 'ready', expires_at: '2026-11-29T10:20:00Z' }, now));
  assert.ok(!canPayAgain({ status: 'ready', expires_at: '2026-11-29T09:59:00Z' }, now));
  assert.ok(!canPayAgain({ status: 'expired', expires_at: '2026-11-29T10:20:00Z' }, now));
  assert.ok(!canPayAgain(null, now));
});

test('growth rates read with their sign, null stays null', () => {
  assert.equal(growthText(12.5), '+12.5%');
  assert.equal(growthText(-3), '−3%');
  assert.equal(growthText(0), '0%');
  assert.equal(growthText(null), null);
});
