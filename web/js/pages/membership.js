// Membership (멤버십): the offer (price, period, benefits) and the caller's state from
// GET /membership, with subscribe (POST), cancel at the period's end (DELETE) and resume
// (POST /membership/resume), each after a confirmation. The balance (GET /wallet) shows whether
// the 9,900 points are there before anyone tries.
import { h, qs, replaceChildren } from '../dom.js';
import { t, errorMessage, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { alertBox, badge, confirmDialog, emptyState, formatDate, formatNumber, formatPoints, toast, withBusy } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import '../i18n/wallet.js';

const els = {
  loading: qs('#membership-loading'),
  error: qs('#membership-error'),
  ready: qs('#membership-ready'),
  price: qs('#membership-price'),
  badge: qs('#membership-badge'),
  state: qs('#membership-state'),
  balance: qs('#membership-balance'),
  actions: qs('#membership-actions'),
};

const state = { membership: null, balance: null };

/** The error's text; a short balance says how short (the envelope carries both numbers). */
function messageOf(err) {
  const detail = err.body && err.body.error;
  if (err.code === 'insufficient_points' && detail && Number.isFinite(detail.balance)) {
    return t('error.insufficient_points_detail', { balance: formatNumber(detail.balance), required: formatNumber(detail.required) });
  }
  return err.message || errorMessage(err.code);
}

function priceText(m) {
  return t('membership.price', { price: formatPoints(m.price), days: m.period_days });
}

async function refresh() {
  const [membership, wallet] = await Promise.all([api('GET', '/membership'), api('GET', '/wallet')]);
  state.membership = membership;
  state.balance = wallet.balance;
  render();
}

/** Asks, then runs `call`; a refusal is shown in the card and the state reloaded. */
async function act(button, { title, message, danger = false, confirmLabel, call, done }) {
  if (!(await confirmDialog(message, { title, danger, confirmLabel }))) return;
  await withBusy(button, async () => {
    try {
      state.membership = await call();
      toast.success(done(state.membership));
      await refresh();
    } catch (err) {
      replaceChildren(els.actions, alertBox(messageOf(err), { type: 'error' }), actionButtons());
      if (err.code !== 'insufficient_points') refresh().catch(() => {});
    }
  });
}

function actionButtons() {
  const m = state.membership;
  const end = m.period_end ? formatDate(m.period_end) : '';
  if (!m.member) {
    const button = h('button', {
      type: 'button',
      class: 'btn btn-primary',
      id: 'membership-subscribe',
      onClick: () => act(button, {
        title: t('membership.confirm_subscribe_title'),
        message: t('membership.confirm_subscribe', {
          price: formatPoints(m.price),
          days: m.period_days,
          before: formatPoints(state.balance),
          after: formatPoints(Math.max(0, state.balance - m.price)),
        }),
        confirmLabel: t('membership.subscribe'),
        call: () => api('POST', '/membership'),
        done: () => t('membership.subscribed'),
      }),
    }, t('membership.subscribe'));
    return button;
  }
  if (m.auto_renew) {
    const button = h('button', {
      type: 'button',
      class: 'btn btn-outline-danger',
      id: 'membership-cancel',
      onClick: () => act(button, {
        title: t('membership.confirm_cancel_title'),
        message: t('membership.confirm_cancel', { date: end }),
        danger: true,
        confirmLabel: t('membership.cancel'),
        call: () => api('DELETE', '/membership'),
        done: (after) => t('membership.cancelled', { date: formatDate(after.period_end) }),
      }),
    }, t('membership.cancel'));
    return button;
  }
  const button = h('button', {
    type: 'button',
    class: 'btn btn-primary',
    id: 'membership-resume',
    onClick: () => act(button, {
      title: t('membership.confirm_resume_title'),
      message: t('membership.confirm_resume', { date: end }),
      confirmLabel: t('membership.resume'),
      call: () => api('POST', '/membership/resume'),
      done: () => t('membership.resumed'),
    }),
  }, t('membership.resume'));
  return button;
}

function render() {
  const m = state.membership;
  if (!m) return;
  els.price.textContent = priceText(m);
  const start = formatDate(m.period_start);
  const end = formatDate(m.period_end);
  if (!m.member) {
    replaceChildren(els.badge, badge(t('membership.badge_none'), 'muted'));
    replaceChildren(els.state, h('p', { class: 'membership-status__text' }, t('membership.state_none')));
  } else {
    const cancelled = !m.auto_renew;
    replaceChildren(els.badge, badge(t(cancelled ? 'membership.state_cancelled' : 'membership.state_active'), cancelled ? 'warning' : 'success'));
    replaceChildren(els.state,
      h('p', { class: 'membership-status__period' }, t('membership.period', { start, end })),
      h('p', { class: 'membership-status__text' }, cancelled
        ? t('membership.ends_on', { date: end })
        : t('membership.next_renewal', { date: end, price: formatPoints(m.price) })));
  }
  const short = m.price - state.balance;
  replaceChildren(els.balance,
    t('membership.your_balance', { n: formatPoints(state.balance) }),
    !m.member && short > 0 ? h('span', { class: 'membership-status__short' }, ` ${t('membership.short', { n: formatPoints(short) })}`) : null);
  replaceChildren(els.actions, actionButtons());
}

async function start() {
  const user = await mountLayout({ active: 'membership' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  try {
    await refresh();
  } catch (err) {
    els.loading.hidden = true;
    els.error.hidden = false;
    replaceChildren(els.error, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('membership.load_failed'),
      message: messageOf(err),
      action: { label: t('common.retry'), onClick: () => location.reload() },
    }));
    return;
  }
  els.loading.hidden = true;
  els.ready.hidden = false;
}

start();

langEvents.addEventListener('change', render);
