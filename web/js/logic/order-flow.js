// The storefront's ordering rules that need no DOM: amounts, cart totals, the checkout attempt
// and its Idempotency-Key, which moves a buyer or a seller may offer on an order line, and the
// card payment's "pay again" window. Unit-tested in tooling/unit/order-flow.test.mjs.

export const MAX_AMOUNT = 999;

/** A quantity from 1 to min(stock, 999); anything unreadable becomes 1. */
export function clampAmount(value, stock = MAX_AMOUNT) {
  const cap = Math.max(1, Math.min(MAX_AMOUNT, Math.floor(Number(stock)) || 1));
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, cap);
}

/** Korean postal codes have five digits (since 2015). */
export function isPostalCode(text) {
  return /^\d{5}$/.test(String(text ?? '').trim());
}

/** Mobile numbers as the API takes them: 01X and 8 digits more, digits only. */
export function isMobile(text) {
  return /^01\d{8,9}$/.test(String(text ?? '').replace(/\D/g, ''));
}

/** The lines of `items` that can be ordered and are in `selected` (a Set of ids), with their sum. */
export function selectedTotals(items, selected) {
  const lines = (items || []).filter((l) => l.available && selected.has(l.id));
  return { lines, count: lines.length, amount: lines.reduce((s, l) => s + Number(l.amount), 0), total: lines.reduce((s, l) => s + Number(l.line_total), 0) };
}

/** Comma list of positive ids from a query value ("3,1,2" → [3, 1, 2]); at most 100, no duplicates. */
export function parseIds(text) {
  const ids = [];
  for (const part of String(text ?? '').split(',')) {
    if (!/^\d{1,15}$/.test(part.trim())) continue;
    const n = Number(part.trim());
    if (n > 0 && !ids.includes(n)) ids.push(n);
  }
  return ids.slice(0, 100);
}

/**
 * One checkout attempt: the Idempotency-Key is made once per attempt and reused while the
 * attempt's outcome is unknown (a network error, a 5xx, 409 idempotency_key_in_progress), so a
 * retry or a double click can never make a second order. A definite answer, or a changed body,
 * starts a new attempt with a new key.
 */
export function createAttempts(makeKey) {
  let current = null; // { key, body, open }
  return {
    /** The key to send with `body` (any JSON value). */
    keyFor(body) {
      const text = JSON.stringify(body);
      if (!current || !current.open || current.body !== text) current = { key: makeKey(), body: text, open: true };
      return current.key;
    },
    /** Records the outcome: `status` 0 for a network failure. */
    settle(status, code) {
      if (!current) return;
      const unknown = status === 0 || status >= 500 || (status === 409 && code === 'idempotency_key_in_progress') || status === 429;
      current.open = unknown;
    },
    get key() {
      return current ? current.key : null;
    },
  };
}

/** The moves a buyer may ask for on a line, as `to` values ('withdraw' means back to previous_status). */
export function buyerMoves(line) {
  switch (line && line.status) {
    case 'placed':
    case 'preparing':
    case 'shipped':
      return ['refund_requested'];
    case 'delivered':
      return ['confirmed', 'refund_requested'];
    case 'refund_requested':
      return line.previous_status ? ['withdraw'] : [];
    default:
      return [];
  }
}

/** The moves a seller may make on a line. */
export function sellerMoves(status) {
  return {
    placed: ['preparing', 'cancelled'],
    preparing: ['shipped'],
    shipped: ['delivered'],
    refund_requested: ['refunded'],
  }[status] || [];
}

export const LINE_STATUSES = ['pending_payment', 'placed', 'preparing', 'shipped', 'delivered', 'confirmed', 'cancelled', 'refund_requested', 'refunded'];
export const SELLER_FILTERS = ['placed', 'preparing', 'shipped', 'delivered', 'confirmed', 'cancelled', 'refund_requested', 'refunded'];

/** True while an unpaid card order can still be paid with its stored checkout. */
export function canPayAgain(payment, now = Date.now()) {
  if (!payment || payment.status !== 'ready' || !payment.expires_at) return false;
  const end = Date.parse(payment.expires_at);
  return Number.isFinite(end) && end > now;
}

/** `rate` (a percentage, 2 decimals, or null) as "+12.5%", "−3%", or null. */
export function growthText(rate) {
  if (rate === null || rate === undefined || !Number.isFinite(Number(rate))) return null;
  const n = Number(rate);
  const abs = Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${abs}%`;
}
