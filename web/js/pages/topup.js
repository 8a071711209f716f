// Top-up (포인트 충전): pick a preset, pay by card in the payment window (the development
// simulator, or PortOne's SDK), then the result. The window returns here with PortOne's
// parameters (or calls back); the server verifies the payment before a point is credited, so
// this page only reports what the server decided: paid, declined, closed, or refused.
import { h, qs, replaceChildren } from '../dom.js';
import { t, errorMessage, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { alertBox, emptyState, formatPoints, formatWon, withBusy } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { paymentReturn, nextStep } from '../logic/payment-return.js';
import { openPaymentWindow, verifyPayment } from '../payment-window.js';
import '../i18n/wallet.js';

const RETURN_PATH = '/topup.html';
const DEFAULT_AMOUNT = 10_000;

const els = {
  loading: qs('#topup-loading'),
  error: qs('#topup-error'),
  ready: qs('#topup-ready'),
  result: qs('#topup-result'),
  balance: qs('#topup-balance'),
  presets: qs('#topup-presets'),
  after: qs('#topup-after'),
  pay: qs('#topup-pay'),
};

const state = { balance: 0, presets: [], amount: DEFAULT_AMOUNT, result: null };

function render() {
  els.balance.textContent = formatPoints(state.balance);
  replaceChildren(els.presets, ...state.presets.map((amount) => {
    const selected = amount === state.amount;
    return h('button', {
      type: 'button',
      class: `topup-preset${selected ? ' is-selected' : ''}`,
      role: 'radio',
      'aria-checked': String(selected),
      'data-amount': String(amount),
      onClick: () => {
        state.amount = amount;
        render();
      },
    }, formatWon(amount));
  }));
  els.after.textContent = t('topup.after', { n: formatPoints(state.balance + state.amount) });
  els.pay.textContent = t('topup.pay', { amount: formatWon(state.amount) });
  renderResult();
}

/** The last outcome, kept in `state.result` so a language switch redraws it. */
function renderResult() {
  const r = state.result;
  if (!r) {
    replaceChildren(els.result);
    return;
  }
  const children = [alertBox(r.message(), { type: r.type })];
  if (r.retry) {
    children.push(h('button', { type: 'button', class: 'btn btn-secondary btn-sm', id: 'topup-retry-verify', onClick: (e) => withBusy(e.currentTarget, r.retry) }, t('topup.retry_verify')));
  }
  replaceChildren(els.result, h('div', { class: 'topup-result', id: `topup-result-${r.kind}` }, ...children));
}

function show(result) {
  state.result = result;
  renderResult();
  els.result.scrollIntoView({ block: 'nearest' });
}

async function refreshBalance() {
  const wallet = await api('GET', '/wallet');
  state.balance = wallet.balance;
  state.presets = wallet.topup_presets;
  if (!state.presets.includes(state.amount)) state.amount = state.presets.includes(DEFAULT_AMOUNT) ? DEFAULT_AMOUNT : state.presets[0];
  render();
}

/** Verifies what the window returned and reports the server's answer. */
async function finish(ret) {
  if (nextStep(ret) === 'closed') {
    show({ kind: 'closed', type: 'info', message: () => t('topup.closed') });
    return;
  }
  try {
    const payment = await verifyPayment(ret);
    await refreshBalance();
    show({ kind: 'paid', type: 'success', message: () => t('topup.paid', { n: formatPoints(payment.amount), balance: formatPoints(state.balance) }) });
  } catch (err) {
    const detail = (err.body && err.body.error) || {};
    if (err.code === 'payment_not_paid') {
      const reason = detail.fail_reason || ret.errorMsg;
      show({ kind: 'declined', type: 'error', message: () => (reason ? t('topup.declined_reason', { reason }) : t('topup.declined')) });
    } else if (err.code === 'provider_error' || err.status === 0) {
      show({ kind: 'pending', type: 'warning', message: () => t('topup.verify_later'), retry: () => finish(ret) });
    } else {
      show({ kind: 'refused', type: 'error', message: () => err.message || errorMessage(err.code) });
    }
  }
}

async function pay() {
  await withBusy(els.pay, async () => {
    state.result = null;
    renderResult();
    try {
      const payment = await api('POST', '/payments/topups', { body: { amount: state.amount } });
      const ret = await openPaymentWindow(payment, RETURN_PATH);
      if (ret) await finish(ret);
    } catch (err) {
      show({ kind: 'failed', type: 'error', message: () => err.message || errorMessage(err.code) });
    }
  });
}

async function start() {
  const user = await mountLayout({ active: 'points' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  const ret = paymentReturn(location.search);
  // The return parameters are read once: a reload must not verify again.
  if (ret) history.replaceState(null, '', RETURN_PATH);
  try {
    await refreshBalance();
  } catch (err) {
    els.loading.hidden = true;
    els.error.hidden = false;
    replaceChildren(els.error, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('topup.load_failed'),
      message: err.message || errorMessage(err.code),
      action: { label: t('common.retry'), onClick: () => location.reload() },
    }));
    return;
  }
  els.pay.addEventListener('click', pay);
  els.loading.hidden = true;
  els.ready.hidden = false;
  if (ret) await finish(ret);
}

start();

langEvents.addEventListener('change', render);
