// Seller applications: pending / approved / rejected (URL ?status=&page=), approve, or reject
// with a required reason. Decisions update the list in place.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon } from '../icons.js';
import {
  toast, showError, modal, confirmDialog, withBusy, pagination, emptyState, skeletonLines, badge, formatDate,
  formatNumber, clearFieldErrors, showFieldErrors,
} from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import { formatPhone, formatBusinessNumber } from '../logic/kr-numbers.js';
import { localizeFields } from '../logic/field-messages.js';
import '../i18n/admin.js';
import '../i18n/account.js';

const PER_PAGE = 10;
const STATUSES = ['pending', 'approved', 'rejected'];

const state = { status: 'pending', page: 1, data: null, error: null, loading: true };
let admin = null;
let seq = 0;

function readUrl() {
  const p = new URLSearchParams(location.search);
  const status = p.get('status');
  const page = Number(p.get('page'));
  state.status = STATUSES.includes(status) ? status : 'pending';
  state.page = Number.isInteger(page) && page > 0 ? page : 1;
}

function urlFor(status, page) {
  const p = new URLSearchParams();
  if (status !== 'pending') p.set('status', status);
  if (page > 1) p.set('page', String(page));
  const q = p.toString();
  return `/admin/sellers.html${q ? `?${q}` : ''}`;
}

function go(status, page) {
  const url = urlFor(status, page);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  readUrl();
  load({ scroll: true });
}

/* ----------------------------------------------------------------- render */

function tabs() {
  return h('div', { class: 'tabs admin-tabs', role: 'tablist', 'aria-label': t('admin.sellers.tabs_label') },
    STATUSES.map((s) => h('a', {
      class: ['tab', s === state.status && 'is-active'],
      href: urlFor(s, 1),
      role: 'tab',
      'aria-selected': s === state.status ? 'true' : 'false',
      dataset: { status: s },
      onClick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go(s, 1);
      },
    }, t(`admin.sellers.tab_${s}`))));
}

function row(label, value, cls) {
  return [h('dt', null, label), h('dd', { class: cls }, value || '—')];
}

function applicationCard(a) {
  const status = a.status || state.status;
  const tone = status === 'approved' ? 'success' : status === 'rejected' ? 'danger' : 'warning';
  const actions = [];
  if (status === 'pending') {
    const reject = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { action: 'reject', userId: a.user_id } }, t('admin.sellers.reject'));
    const approve = h('button', { type: 'button', class: 'btn btn-primary btn-sm', dataset: { action: 'approve', userId: a.user_id } }, icon('check-circle', { size: 16 }), h('span', null, t('admin.sellers.approve')));
    reject.addEventListener('click', () => rejectApplication(a, reject));
    approve.addEventListener('click', () => approveApplication(a, approve));
    actions.push(reject, approve);
  }
  const logo = a.logo_url
    ? h('img', { class: 'application-card__logo', src: a.logo_url, alt: '', width: 56, height: 56, loading: 'lazy' })
    : h('span', { class: 'application-card__logo is-empty', 'aria-hidden': 'true' }, icon('store', { size: 24, strokeWidth: 1.6 }));
  return h('article', { class: 'application-card', dataset: { userId: a.user_id, status } },
    h('header', { class: 'application-card__head' },
      logo,
      h('div', { class: 'application-card__title' },
        h('h2', { class: 'application-card__company' }, a.company_name),
        h('p', { class: 'application-card__meta' },
          t('admin.sellers.member_no', { id: a.user_id }), ' · ', t('admin.sellers.applied', { date: formatDate(a.created_at) }))),
      badge(t(`seller.status_${status}`), tone)),
    h('dl', { class: 'application-card__info' },
      row(t('seller.business_number'), formatBusinessNumber(a.business_number), 'mono'),
      row(t('seller.owner_name'), a.owner_name),
      row(t('seller.contact'), formatPhone(a.contact), 'mono'),
      row(t('admin.sellers.bank'), [a.bank_name, ' ', h('span', { class: 'mono' }, a.account_number), ' · ', a.account_holder])),
    status === 'rejected' && a.reject_reason && h('p', { class: 'application-card__reason' }, h('strong', null, t('seller.reason')), ' ', a.reject_reason),
    actions.length > 0 && h('div', { class: 'application-card__actions' }, actions));
}

function render() {
  if (!admin) return;
  const total = state.data?.total ?? 0;
  const head = h('div', { class: 'toolbar admin-toolbar' },
    tabs(),
    h('p', { class: 'admin-total', 'aria-live': 'polite' }, state.data ? t('admin.sellers.total', { n: formatNumber(total) }) : ''));
  let body;
  if (state.loading && !state.data) body = skeletonLines(6);
  else if (state.error) {
    body = emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('admin.load_failed'),
      message: state.error.message,
      action: { label: t('common.retry'), onClick: () => load() },
    });
  } else if (!state.data.items.length) {
    body = emptyState({
      icon: 'check-circle',
      title: t(`admin.sellers.empty_${state.status}`),
      message: t(state.status === 'pending' ? 'admin.sellers.empty_pending_text' : 'admin.sellers.empty_text'),
      action: state.page > 1 ? { label: t('catalog.first_page'), onClick: () => go(state.status, 1) } : null,
    });
  } else {
    body = h('div', { class: ['application-list', state.loading && 'is-loading'], id: 'application-list' }, state.data.items.map(applicationCard));
  }
  const pager = state.data && !state.error ? pagination({
    page: state.page,
    perPage: PER_PAGE,
    total,
    hrefFor: (n) => urlFor(state.status, n),
    onPage: (n) => go(state.status, n),
  }) : null;
  replaceChildren(admin.content, head, body, pager && h('div', { class: 'admin-pager' }, pager));
}

/* ------------------------------------------------------------------- data */

async function load({ scroll = false, quiet = false } = {}) {
  const mine = ++seq;
  state.loading = true;
  state.error = null;
  if (!quiet) render();
  if (scroll) window.scrollTo({ top: 0 });
  try {
    const data = await api('GET', '/admin/seller-applications', { query: { status: state.status, page: state.page, per_page: PER_PAGE } });
    if (mine !== seq) return;
    state.data = { items: Array.isArray(data?.items) ? data.items : [], total: data?.total ?? 0 };
    // Past the last page (after decisions emptied it): step back.
    if (!state.data.items.length && state.page > 1 && state.data.total > 0) {
      state.page = Math.max(1, Math.ceil(state.data.total / PER_PAGE));
      history.replaceState(null, '', urlFor(state.status, state.page));
      load({ quiet: true });
      return;
    }
  } catch (err) {
    if (mine !== seq) return;
    if (err.status === 403) {
      admin.forbid();
      admin = null;
      return;
    }
    state.error = err;
  }
  state.loading = false;
  render();
}

/** Takes a decided application out of the list, then refills the page from the server. */
function removeFromList(userId) {
  const card = qs(`.application-card[data-user-id="${userId}"]`);
  if (card) card.classList.add('is-leaving');
  setTimeout(() => {
    if (state.data) {
      state.data.items = state.data.items.filter((a) => a.user_id !== userId);
      state.data.total = Math.max(0, state.data.total - 1);
    }
    render();
    load({ quiet: true });
  }, card ? 220 : 0);
}

async function approveApplication(a, button) {
  const ok = await confirmDialog(t('admin.sellers.approve_confirm', { company: a.company_name }), {
    title: t('admin.sellers.approve_title'),
    confirmLabel: t('admin.sellers.approve'),
  });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      await api('POST', `/admin/seller-applications/${a.user_id}/approve`);
      toast.success(t('admin.sellers.approved', { company: a.company_name }));
      removeFromList(a.user_id);
    } catch (err) {
      showError(err);
      if (err.code === 'conflict' || err.status === 404) load({ quiet: true });
    }
  });
}

function rejectApplication(a) {
  const textarea = h('textarea', {
    class: 'textarea',
    id: 'reject-reason',
    name: 'reason',
    rows: 4,
    maxlength: 500,
    required: true,
    placeholder: t('admin.sellers.reason_placeholder'),
  });
  const counter = h('p', { class: 'field-help char-count' }, t('profile.count', { n: 0, max: 500 }));
  textarea.addEventListener('input', () => {
    counter.textContent = t('profile.count', { n: [...textarea.value].length, max: 500 });
  });
  const form = h('form', { class: 'form reject-form', method: 'post', novalidate: true, onSubmit: (e) => e.preventDefault() },
    h('p', { class: 'modal__message' }, t('admin.sellers.reject_text', { company: a.company_name })),
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: 'reject-reason' }, t('admin.sellers.reason'), h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
      textarea,
      counter));
  modal({
    title: t('admin.sellers.reject_title'),
    body: form,
    actions: [
      { label: t('common.cancel'), value: false, variant: 'secondary' },
      {
        label: t('admin.sellers.reject'),
        variant: 'danger',
        handler: async () => {
          clearFieldErrors(form);
          const reason = textarea.value.trim();
          if (!reason) {
            showFieldErrors(form, { reason: t('admin.sellers.reason_required') });
            return false;
          }
          if ([...reason].length > 500) {
            showFieldErrors(form, { reason: t('v.max_chars', { n: 500 }) });
            return false;
          }
          try {
            await api('POST', `/admin/seller-applications/${a.user_id}/reject`, { body: { reason } });
          } catch (err) {
            if (err.fields && err.fields.reason) {
              showFieldErrors(form, localizeFields({ reason: err.fields.reason }));
              return false;
            }
            if (err.code === 'conflict' || err.status === 404) load({ quiet: true });
            throw err;
          }
          return true;
        },
      },
    ],
  }).then((done) => {
    if (done === true) {
      toast.success(t('admin.sellers.rejected', { company: a.company_name }));
      removeFromList(a.user_id);
    }
  });
  setTimeout(() => textarea.focus(), 30);
}

/* ------------------------------------------------------------------ start */

async function start() {
  readUrl();
  admin = await mountAdmin({ key: 'sellers', titleKey: 'admin.sellers.title', subtitleKey: 'admin.sellers.subtitle' });
  if (!admin) return;
  load();
  window.addEventListener('popstate', () => {
    readUrl();
    load();
  });
  langEvents.addEventListener('change', render);
}

start();
