// One order: /order.html?id=N. Also the order result page: after a points checkout (?placed=1)
// it says "주문 완료"; after the card payment window (PortOne's return parameters) it verifies
// the payment and reports placed, declined, closed or a failed verification. An unpaid card
// order can be paid again (same payment, until it expires) or cancelled. Per line: the reason
// for its state and the buyer's moves (confirm, request a refund, withdraw the request), and
// re-ordering into the cart.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout, refreshCartCount } from '../layout.js';
import { alertBox, confirmDialog, emptyState, formatDate, formatDateTime, formatNumber, formatWon, showError, toast, withBusy } from '../ui.js';
import { productImage, productUrl } from '../components/product-card.js';
import { statusBadge, askText } from '../components/order-parts.js';
import { loginUrlHere } from '../navigation.js';
import { paymentReturn, nextStep } from '../logic/payment-return.js';
import { openPaymentWindow, verifyPayment } from '../payment-window.js';
import { storedCheckout, forgetCheckout } from '../order-store.js';
import { buyerMoves, canPayAgain, parseIds } from '../logic/order-flow.js';
import '../i18n/shop.js';

const root = qs('#order-root');
const params = new URLSearchParams(location.search);
const orderId = parseIds(params.get('id'))[0] || null;
const here = `/order.html?id=${orderId}`;

let order = null;
let loadError = null;
let result = null; // { kind, type, title?, message(), retry? }

async function load() {
  try {
    order = await api('GET', `/orders/${orderId}`);
    loadError = null;
    if (order.payment && order.payment.status !== 'ready') forgetCheckout(order.payment);
  } catch (err) {
    loadError = err;
  }
  render();
}

/* ---------------------------------------------------------------- result */

function resultBox() {
  if (!result) return null;
  const box = h('div', { class: ['order-result', `order-result-${result.kind}`], id: `order-result-${result.kind}` },
    result.title && h('h2', { class: 'order-result__title' }, result.title()),
    alertBox(result.message(), { type: result.type }),
    result.retry && h('button', { type: 'button', class: 'btn btn-secondary btn-sm', id: 'order-retry-verify', onClick: (e) => withBusy(e.currentTarget, result.retry) }, t('order.retry_verify')));
  return box;
}

async function finish(ret) {
  if (nextStep(ret) === 'closed') {
    result = { kind: 'closed', type: 'info', message: () => t('order.closed') };
    return;
  }
  try {
    const payment = await verifyPayment(ret);
    forgetCheckout(payment);
    result = placedResult();
  } catch (err) {
    const detail = (err.body && err.body.error) || {};
    if (err.code === 'payment_not_paid') {
      const reason = detail.fail_reason || ret.errorMsg;
      result = { kind: 'declined', type: 'error', message: () => (reason ? t('order.declined_reason', { reason }) : t('order.declined')) };
    } else if (err.code === 'provider_error' || err.status === 0) {
      result = {
        kind: 'pending', type: 'warning', message: () => t('order.verify_later'),
        retry: async () => {
          await finish(ret);
          await load();
        },
      };
    } else {
      const message = err.message;
      result = { kind: 'failed', type: 'error', message: () => t('order.verify_failed', { message }) };
    }
  }
}

function placedResult() {
  return { kind: 'placed', type: 'success', title: () => t('order.placed_title'), message: () => t('order.placed_message') };
}

/* ---------------------------------------------------------------- render */

function pendingPanel() {
  if (!order || order.status !== 'pending_payment') return null;
  const payment = order.payment;
  const stored = storedCheckout({ orderId: order.id, merchantUid: payment && payment.merchant_uid });
  const open = canPayAgain(payment);
  const again = open && stored ? h('button', { type: 'button', class: 'btn btn-primary', id: 'order-pay-again' }, t('order.pay_again')) : null;
  again?.addEventListener('click', () => withBusy(again, async () => {
    const ret = await openPaymentWindow(stored, here);
    if (ret) {
      await finish(ret);
      await load();
    }
  }));
  const cancel = h('button', { type: 'button', class: 'btn btn-secondary', id: 'order-cancel' }, t('order.cancel_unpaid'));
  cancel.addEventListener('click', async () => {
    if (!(await confirmDialog(t('order.cancel_confirm'), { danger: true }))) return;
    await withBusy(cancel, async () => {
      try {
        order = await api('POST', `/orders/${order.id}/cancel`);
        forgetCheckout(payment);
        result = null;
        toast.success(t('order.cancelled_toast'));
      } catch (err) {
        showError(err);
      }
      await load();
    });
  });
  return h('section', { class: 'card card-body order-pending', id: 'order-pending' },
    h('h2', { class: 'card-title' }, t('order.pending_title')),
    payment && payment.expires_at && h('p', null, t('order.pending_message', { time: formatDateTime(payment.expires_at) })),
    open && !stored && h('p', { class: 'text-muted' }, t('order.pay_again_missing')),
    h('div', { class: 'form-actions' }, again, cancel));
}

async function move(line, to) {
  const labels = { confirmed: 'order.confirm_confirmed', refund_requested: 'order.confirm_refund', withdraw: 'order.confirm_withdraw' };
  const target = to === 'withdraw' ? line.previous_status : to;
  const send = (reason) => api('POST', `/order-lines/${line.id}/transitions`, { body: reason ? { to: target, reason } : { to: target } });
  if (to === 'refund_requested') {
    const done = await askText({
      title: t('order.move.refund_requested'), message: t('order.confirm_refund'), label: t('order.refund_reason'),
      confirmLabel: t('order.move.refund_requested'), danger: true, id: 'refund-reason', run: (text) => send(text),
    });
    if (!done) return;
  } else {
    if (!(await confirmDialog(t(labels[to]), { confirmLabel: t(`order.move.${to}`) }))) return;
    try {
      await send('');
    } catch (err) {
      showError(err);
      await load();
      return;
    }
  }
  toast.success(t(`order.moved.${to}`));
  await load();
}

async function reorder(button, path) {
  await withBusy(button, async () => {
    try {
      const data = await api('POST', path);
      const added = data && Array.isArray(data.added) ? data.added.length : 1;
      toast.success(t('order.reordered', { n: formatNumber(added) }));
      const skipped = data && Array.isArray(data.skipped) ? data.skipped : [];
      if (skipped.length) toast.info(t('order.reorder_skipped', { names: skipped.map((s) => s.name).join(', ') }), { timeout: 8000 });
      refreshCartCount();
    } catch (err) {
      showError(err);
    }
  });
}

function lineItem(line) {
  const moves = buyerMoves(line).map((to) => {
    const btn = h('button', { type: 'button', class: ['btn', 'btn-sm', to === 'confirmed' ? 'btn-primary' : 'btn-secondary'], dataset: { move: to, line: line.id } }, t(`order.move.${to}`));
    btn.addEventListener('click', () => move(line, to));
    return btn;
  });
  const again = order.status !== 'pending_payment' ? h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { reorder: line.id } }, t('order.reorder_line')) : null;
  // A confirmed line can be reviewed (the reviews page says so when it already was).
  const review = line.status === 'confirmed' ? h('a', { class: 'btn btn-secondary btn-sm', href: `/reviews.html?line=${encodeURIComponent(line.id)}`, dataset: { review: line.id } }, t('order.write_review')) : null;
  again?.addEventListener('click', () => reorder(again, `/cart/items/from-line/${line.id}`));
  return h('li', { class: 'order-line', id: `order-line-${line.id}`, dataset: { status: line.status } },
    h('a', { class: 'order-line__media', href: productUrl(line.product_id), tabindex: '-1', 'aria-hidden': 'true' }, productImage(line.image_url, '', { className: 'order-line__img' })),
    h('div', { class: 'order-line__body' },
      h('div', { class: 'order-line__head' }, statusBadge(line.status), line.seller && h('span', { class: 'text-muted text-sm' }, line.seller.company_name)),
      h('a', { class: 'order-line__name', href: productUrl(line.product_id) }, line.name),
      h('p', { class: 'order-line__meta' }, `${formatWon(line.unit_price)} × ${formatNumber(line.amount)} = `, h('strong', null, formatWon(line.line_total))),
      h('p', { class: 'order-line__explain' }, t(`order.explain.${line.status}`)),
      line.reason && h('p', { class: 'order-line__reason' }, t('order.reason', { reason: line.reason })),
      line.tracking_number && h('p', { class: 'order-line__tracking' }, t('order.tracking', { n: line.tracking_number })),
      line.auto_confirm_at && h('p', { class: 'text-muted text-sm' }, t('order.auto_confirm', { date: formatDate(line.auto_confirm_at) })),
      (moves.length || again || review) && h('div', { class: 'order-line__actions' }, moves, review, again)));
}

function render() {
  root.removeAttribute('aria-busy');
  if (loadError) {
    const notFound = loadError.status === 404;
    replaceChildren(root, emptyState({
      icon: notFound ? 'search' : 'alert-circle', tone: notFound ? undefined : 'error',
      title: t(notFound ? 'order.not_found' : 'order.load_failed'), message: notFound ? '' : loadError.message,
      action: notFound ? { label: t('order.to_orders'), href: '/orders.html' } : { label: t('common.retry'), onClick: load },
    }));
    return;
  }
  if (!order) return;
  const s = order.shipping || {};
  const p = order.payment;
  const reorderAll = order.status !== 'pending_payment' ? h('button', { type: 'button', class: 'btn btn-secondary btn-sm', id: 'order-reorder' }, t('order.reorder')) : null;
  reorderAll?.addEventListener('click', () => reorder(reorderAll, `/cart/items/from-order/${order.id}`));
  replaceChildren(root,
    resultBox(),
    pendingPanel(),
    h('section', { class: 'card card-body order-head' },
      h('div', { class: 'order-head__row' },
        h('h2', { class: 'card-title', id: 'order-number' }, t('order.number', { id: order.id })),
        h('span', { id: 'order-status' }, statusBadge(order.status))),
      h('p', { class: 'text-muted text-sm' }, t('order.ordered_at'), ' ', formatDateTime(order.created_at))),
    h('section', { class: 'card card-body' },
      h('div', { class: 'order-head__row' }, h('h2', { class: 'card-title' }, t('order.lines')), reorderAll),
      h('ul', { class: 'order-lines list-reset', id: 'order-lines' }, order.lines.map(lineItem))),
    h('section', { class: 'card card-body' },
      h('h2', { class: 'card-title' }, t('order.shipping')),
      h('dl', { class: 'shop-sums' },
        h('div', null, h('dt', null, t('co.recipient')), h('dd', null, s.recipient || '')),
        h('div', null, h('dt', null, t('co.phone')), h('dd', null, s.phone || '')),
        h('div', null, h('dt', null, t('co.address_line')), h('dd', null, `(${s.postal_code || ''}) ${s.address || ''} ${s.detail_address || ''}`.trim())))),
    h('section', { class: 'card card-body' },
      h('h2', { class: 'card-title' }, t('order.payment')),
      h('dl', { class: 'shop-sums' },
        h('div', null, h('dt', null, t('co.payment')), h('dd', null, t(`order.method.${order.payment_method}`))),
        order.paid_at && h('div', null, h('dt', null, t('order.paid_at')), h('dd', null, formatDateTime(order.paid_at))),
        h('div', { class: 'shop-sums__total' }, h('dt', null, t('order.total')), h('dd', { id: 'order-total' }, formatWon(order.total_price)))),
      p && p.receipt_url && h('a', { href: p.receipt_url, target: '_blank', rel: 'noopener' }, t('order.receipt'))),
    h('div', { class: 'form-actions' },
      h('a', { class: 'btn btn-secondary', href: '/orders.html', id: 'order-to-orders' }, t('order.to_orders')),
      h('a', { class: 'btn btn-ghost', href: '/' }, t('order.continue'))));
}

async function start() {
  const user = await mountLayout({ active: 'orders' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  if (!orderId) {
    loadError = { status: 404 };
    render();
    return;
  }
  const ret = paymentReturn(location.search);
  const placed = params.has('placed');
  // The return parameters are read once: a reload must not verify again.
  if (ret || placed) history.replaceState(null, '', here);
  if (placed) result = placedResult();
  if (ret) await finish(ret);
  await load();
}

langEvents.addEventListener('change', render);
start();
