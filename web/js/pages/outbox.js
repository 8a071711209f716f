// Development outbox: the e-mails and text messages the server "sent", newest first, each code
// picked out with a copy button. GET /api/v1/dev/outbox answers 404 outside development.
// URL state: ?to=<filter>&auto=1.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { withBusy, emptyState, skeletonLines, toast, badge, formatDateTime } from '../ui.js';
import { accountIcon } from '../icons.js';
import '../i18n/admin.js';

const els = {
  list: qs('#outbox-list'),
  count: qs('#outbox-count'),
  refresh: qs('#outbox-refresh'),
  auto: qs('#outbox-auto'),
  toolbar: qs('.outbox-toolbar'),
};

const params = new URLSearchParams(location.search);
const state = {
  items: null,
  error: null,
  filter: (params.get('to') || '').trim().slice(0, 254),
  auto: params.get('auto') === '1',
  timer: null,
  lastTopId: null,
};

/* ----------------------------------------------------------------- filter */

const filterInput = h('input', {
  class: 'input input-sm outbox-filter__input',
  id: 'outbox-filter',
  name: 'to',
  type: 'search',
  autocomplete: 'off',
  spellcheck: 'false',
  value: state.filter,
  placeholder: t('outbox.filter_placeholder'),
});
const filterLabel = h('label', { class: 'sr-only', for: 'outbox-filter' }, t('outbox.filter_label'));
els.toolbar.prepend(h('div', { class: 'outbox-filter' }, filterLabel, filterInput));
filterInput.addEventListener('input', () => {
  state.filter = filterInput.value.trim();
  syncUrl();
  render();
});

els.auto.checked = state.auto;

function syncUrl() {
  const p = new URLSearchParams();
  if (state.filter) p.set('to', state.filter);
  if (state.auto) p.set('auto', '1');
  const q = p.toString();
  history.replaceState(null, '', location.pathname + (q ? `?${q}` : ''));
}

/* ------------------------------------------------------------------ codes */

/** The one-time code in a message: SMS "[1234]", an e-mail's indented 10-character code, or 6 digits. */
export function findCode(item) {
  const body = String(item.body || '');
  let m = /\[(\d{4,8})\]/.exec(body);
  if (m) return m[1];
  m = /^[ \t]+([A-Z0-9]{6,12})[ \t]*$/m.exec(body);
  if (m) return m[1];
  m = /(?:^|[^\w])([A-HJ-NP-Z2-9]{10})(?![\w])/.exec(body);
  if (m && /\d/.test(m[1]) && /[A-Z]/.test(m[1])) return m[1];
  m = /(?:^|\D)(\d{6})(?!\d)/.exec(body);
  return m ? m[1] : null;
}

/** "20261122T055836.123456-ab12cd-email.eml" → Date (UTC). */
function timeOf(id) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(String(id || ''));
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

async function copy(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const area = h('textarea', { class: 'sr-only', readonly: true }, text);
    document.body.appendChild(area);
    area.select();
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
  }
  if (ok) {
    button.classList.add('is-copied');
    qs('span', button).textContent = t('outbox.copied');
    setTimeout(() => {
      button.classList.remove('is-copied');
      qs('span', button).textContent = t('outbox.copy');
    }, 1600);
  } else {
    toast.error(t('outbox.copy_failed'));
  }
}

/* ----------------------------------------------------------------- render */

function item(msg, index) {
  const code = findCode(msg);
  const when = timeOf(msg.id);
  const isSms = msg.kind === 'sms';
  const copyBtn = code && h('button', { type: 'button', class: 'btn btn-secondary btn-sm outbox-copy', 'aria-label': t('outbox.copy_label', { code }) },
    accountIcon('copy', 16), h('span', null, t('outbox.copy')));
  copyBtn?.addEventListener('click', () => copy(code, copyBtn));
  return h('article', {
    class: ['outbox-item', isSms ? 'is-sms' : 'is-email', index === 0 && state.lastTopId !== null && msg.id !== state.lastTopId && 'is-new'],
    dataset: { kind: msg.kind, id: msg.id, code: code || undefined, to: msg.to },
  },
  h('header', { class: 'outbox-item__head' },
    h('span', { class: 'outbox-item__icon', 'aria-hidden': 'true' }, accountIcon(isSms ? 'message' : 'mail', 18)),
    badge(t(isSms ? 'outbox.kind_sms' : 'outbox.kind_email'), isSms ? 'gold' : 'info'),
    h('span', { class: 'outbox-item__to' }, h('span', { class: 'sr-only' }, t('outbox.to')), msg.to || ''),
    when && h('time', { class: 'outbox-item__time', datetime: when.toISOString() }, formatDateTime(when))),
  msg.subject && h('h2', { class: 'outbox-item__subject' }, msg.subject),
  code && h('div', { class: 'outbox-code' },
    h('span', { class: 'outbox-code__label' }, t(isSms ? 'outbox.sms_code' : 'outbox.code')),
    h('strong', { class: 'outbox-code__value', translate: 'no' }, code),
    copyBtn),
  h('pre', { class: 'outbox-item__body' }, msg.body || ''));
}

function filtered() {
  const q = state.filter.toLowerCase();
  const items = state.items || [];
  return q ? items.filter((m) => String(m.to || '').toLowerCase().includes(q) || String(m.subject || '').toLowerCase().includes(q)) : items;
}

function render() {
  filterInput.placeholder = t('outbox.filter_placeholder');
  filterLabel.textContent = t('outbox.filter_label');
  if (state.error) {
    els.count.textContent = '';
    const notDev = state.error.status === 404;
    replaceChildren(els.list, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t(notDev ? 'outbox.not_dev_title' : 'outbox.error_title'),
      message: notDev ? t('outbox.not_dev_text') : state.error.message,
      actions: notDev ? [{ label: t('outbox.home'), href: '/' }] : [{ label: t('common.retry'), onClick: () => load() }],
    }));
    return;
  }
  if (!state.items) {
    replaceChildren(els.list, skeletonLines(6));
    return;
  }
  const list = filtered();
  els.count.textContent = state.filter
    ? t('outbox.count_filtered', { n: list.length, total: state.items.length })
    : t('outbox.count', { n: state.items.length });
  if (!state.items.length) {
    replaceChildren(els.list, emptyState({
      icon: 'gift',
      title: t('outbox.empty_title'),
      message: t('outbox.empty_text'),
      actions: [{ label: t('outbox.try_signup'), href: '/signup.html' }],
    }));
    return;
  }
  if (!list.length) {
    replaceChildren(els.list, emptyState({
      icon: 'search',
      title: t('outbox.no_match_title'),
      message: t('outbox.no_match_text', { q: state.filter }),
      actions: [{ label: t('outbox.clear_filter'), onClick: () => { filterInput.value = ''; state.filter = ''; syncUrl(); render(); } }],
    }));
    return;
  }
  replaceChildren(els.list, list.map(item));
}

/* ------------------------------------------------------------------- data */

async function load() {
  try {
    const data = await api('GET', '/dev/outbox', { auth: false });
    const items = Array.isArray(data?.items) ? data.items : [];
    if (state.items) state.lastTopId = state.items[0]?.id ?? '';
    state.items = items;
    state.error = null;
  } catch (err) {
    state.error = err;
    if (err.status === 404) setAuto(false);
  }
  render();
  if (state.items) state.lastTopId = state.items[0]?.id ?? '';
}

function setAuto(on) {
  state.auto = on;
  els.auto.checked = on;
  clearInterval(state.timer);
  state.timer = on ? setInterval(() => {
    if (!document.hidden) load();
  }, 5000) : null;
  syncUrl();
}

els.refresh.addEventListener('click', () => withBusy(els.refresh, load));
els.auto.addEventListener('change', () => setAuto(els.auto.checked));

mountLayout({});
render();
load().then(() => {
  if (state.auto && !state.error) setAuto(true);
});
langEvents.addEventListener('change', render);
