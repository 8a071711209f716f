// The checkout of an unpaid card order, kept in this tab's sessionStorage: the server returns a
// payment's `checkout` only in the 201 that created it, and "pay again" needs it to reopen the
// window. Keyed by merchant_uid, with the order id pointing at it. Holds no secret (the same
// fields PortOne's window receives).

const PREFIX = 'praline.checkout.';

function storage() {
  try {
    return globalThis.sessionStorage || null;
  } catch {
    return null;
  }
}

/** Keeps `payment` (with its `checkout`) for its order. */
export function rememberCheckout(payment) {
  const s = storage();
  if (!s || !payment || !payment.checkout || !payment.merchant_uid) return;
  try {
    s.setItem(`${PREFIX}${payment.merchant_uid}`, JSON.stringify(payment));
    if (payment.order_id) s.setItem(`${PREFIX}order.${payment.order_id}`, payment.merchant_uid);
  } catch {
    /* storage full or disabled: "pay again" will say it cannot reopen */
  }
}

/** The stored payment of order `orderId` (or of `merchantUid`), or null. */
export function storedCheckout({ orderId, merchantUid } = {}) {
  const s = storage();
  if (!s) return null;
  const uid = merchantUid || (orderId ? s.getItem(`${PREFIX}order.${orderId}`) : null);
  if (!uid) return null;
  try {
    const payment = JSON.parse(s.getItem(`${PREFIX}${uid}`) || 'null');
    return payment && payment.checkout ? payment : null;
  } catch {
    return null;
  }
}

/** Forgets the order's stored checkout once it is paid or closed. */
export function forgetCheckout(payment) {
  const s = storage();
  if (!s || !payment) return;
  s.removeItem(`${PREFIX}${payment.merchant_uid}`);
  if (payment.order_id) s.removeItem(`${PREFIX}order.${payment.order_id}`);
}
