// Members: search by e-mail or nickname (URL ?q=&page=), suspend with an optional reason,
// lift a suspension. Rows update in place from the server's answer.
import { h, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, getUser } from '../api.js';
import { icon } from '../icons.js';
import {
  toast, showError, modal, confirmDialog, withBusy, pagination, emptyState, skeletonLines, badge, formatDate,
  formatNumber,
} from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import { providerLabel } from '../social-login.js';
import '../i18n/admin.js';
import '../i18n/account.js';

const PER_PAGE = 20;
const STATUS_TONE = { active: 'success', pending: 'muted', dormant: 'warning', suspended: 'danger', anonymised: 'muted' };

const state = { q: '', page: 1, data: null, error: null, loading: true };
let admin = null;
let seq = 0;
let searchInput = null;

function readUrl() {
  const p = new URLSearchParams(location.search);
  const page = Number(p.get('page'));
  state.q = (p.get('q') || '').trim().slice(0, 100);
  state.page = Number.isInteger(page) && page > 0 ? page : 1;
}

function urlFor(q, page) {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `/admin/users.html${s ? `?${s}` : ''}`;
}

function go(q, page) {
  const url = urlFor(q, page);
  if (url !== location.pathname + location.search) history.pushState(null, '', url);
  readUrl();
  load({ scroll: true });
}

/* ----------------------------------------------------------------- render */

function searchForm() {
  searchInput = h('input', {
    class: 'input',
    id: 'user-search',
    name: 'q',
    type: 'search',
    maxlength: 100,
    autocomplete: 'off',
    spellcheck: 'false',
    value: state.q,
    placeholder: t('admin.users.search_placeholder'),
  });
  const form = h('form', { class: 'admin-search', role: 'search', id: 'user-search-form', method: 'get' },
    h('label', { class: 'sr-only', for: 'user-search' }, t('admin.users.search_label')),
    h('div', { class: 'input-group' },
      searchInput,
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'user-search-submit' }, icon('search', { size: 18 }), h('span', null, t('common.search')))),
    state.q && h('a', {
      class: 'btn btn-ghost btn-sm admin-search__clear',
      href: urlFor('', 1),
      onClick: (e) => {
        e.preventDefault();
        go('', 1);
      },
    }, t('admin.users.clear')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(searchInput.value.trim(), 1);
  });
  return form;
}

function statusBadge(user) {
  const s = user.status || 'active';
  return badge(t(`admin.users.status_${s}`), STATUS_TONE[s] || 'muted');
}

function rolesCell(user) {
  const roles = Array.isArray(user.roles) ? user.roles : [];
  const out = [];
  if (roles.includes('admin')) out.push(badge(t('role.admin'), 'accent'));
  if (roles.includes('seller')) out.push(badge(t('role.seller'), 'primary'));
  else if (user.seller_status === 'pending') out.push(badge(t('admin.users.seller_pending'), 'warning'));
  if (!out.length) out.push(badge(t('role.buyer'), 'muted'));
  return h('span', { class: 'badge-row' }, out);
}

function actionCell(user) {
  const me = getUser();
  if (me && me.id === user.id) {
    // no suspend button on the admin's own row: say clearly why
    return h('span', { class: 'self-label', title: t('admin.users.self_hint') },
      icon('user', { size: 14 }), h('span', null, t('admin.users.self')),
      h('span', { class: 'sr-only' }, ` — ${t('admin.users.self_hint')}`));
  }
  if (user.status === 'suspended') {
    const btn = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { action: 'unsuspend', userId: user.id } }, t('admin.users.unsuspend'));
    btn.addEventListener('click', () => unsuspend(user, btn));
    return btn;
  }
  if (user.status === 'active' || user.status === 'pending') {
    const btn = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { action: 'suspend', userId: user.id } }, t('admin.users.suspend'));
    btn.addEventListener('click', () => suspend(user));
    return btn;
  }
  return h('span', { class: 'text-faint' }, '—');
}

function userRow(user) {
  const cells = [
    ['admin.users.col_id', h('span', { class: 'mono' }, `#${user.id}`), 'num-cell'],
    ['admin.users.col_member', h('div', { class: 'user-cell' },
      user.avatar_url
        ? h('img', { class: 'avatar user-cell__avatar', src: user.avatar_url, alt: '', width: 36, height: 36, loading: 'lazy' })
        : h('span', { class: 'avatar user-cell__avatar user-cell__initial', 'aria-hidden': 'true' }, [...String(user.nickname || '?')][0]),
      h('div', { class: 'user-cell__text' },
        h('strong', { class: 'user-cell__nick' }, user.nickname || ''),
        h('span', { class: 'user-cell__email' }, user.email || ''),
        user.login_type && user.login_type !== 'email' && h('span', { class: 'user-cell__login' }, t('summary.social', { provider: providerLabel(user.login_type) }))))],
    ['admin.users.col_roles', rolesCell(user)],
    ['admin.users.col_status', statusBadge(user)],
    ['admin.users.col_joined', h('span', { class: 'nowrap' }, formatDate(user.created_at))],
    ['admin.users.col_actions', actionCell(user), 'actions'],
  ];
  return h('tr', { dataset: { userId: user.id, status: user.status || '' } },
    cells.map(([key, node, cls]) => h('td', { class: cls, dataset: { label: t(key) } }, node)));
}

function table(items) {
  const heads = ['col_id', 'col_member', 'col_roles', 'col_status', 'col_joined', 'col_actions'];
  return h('div', { class: ['table-wrap', 'users-table-wrap', state.loading && 'is-loading'] },
    h('table', { class: 'table users-table', id: 'users-table' },
      h('caption', { class: 'sr-only' }, t('admin.users.caption')),
      h('thead', null, h('tr', null, heads.map((k) => h('th', { scope: 'col', class: k === 'col_actions' ? 'actions' : undefined }, t(`admin.users.${k}`))))),
      h('tbody', null, items.map(userRow))));
}

function render() {
  if (!admin) return;
  const total = state.data?.total ?? 0;
  const head = h('div', { class: 'toolbar admin-toolbar' },
    searchForm(),
    h('p', { class: 'admin-total', 'aria-live': 'polite' }, state.data
      ? t(state.q ? 'admin.users.total_found' : 'admin.users.total', { n: formatNumber(total), q: state.q })
      : ''));
  let body;
  if (state.loading && !state.data) body = skeletonLines(8);
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
      icon: 'search',
      title: t(state.q ? 'admin.users.no_match' : 'admin.users.empty'),
      message: state.q ? t('admin.users.no_match_text', { q: state.q }) : '',
      action: state.q ? { label: t('admin.users.clear'), onClick: () => go('', 1) } : null,
    });
  } else {
    body = table(state.data.items);
  }
  const pager = state.data && !state.error ? pagination({
    page: state.page,
    perPage: PER_PAGE,
    total,
    hrefFor: (n) => urlFor(state.q, n),
    onPage: (n) => go(state.q, n),
  }) : null;
  const hadFocus = document.activeElement && document.activeElement.id === 'user-search';
  replaceChildren(admin.content, head, body, pager && h('div', { class: 'admin-pager' }, pager));
  if (hadFocus) searchInput.focus();
}

/* ------------------------------------------------------------------- data */

async function load({ scroll = false } = {}) {
  const mine = ++seq;
  state.loading = true;
  state.error = null;
  render();
  if (scroll) window.scrollTo({ top: 0 });
  try {
    const data = await api('GET', '/admin/users', { query: { q: state.q, page: state.page, per_page: PER_PAGE } });
    if (mine !== seq) return;
    state.data = { items: Array.isArray(data?.items) ? data.items : [], total: data?.total ?? 0 };
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

function replaceUser(user) {
  if (!user || !state.data) return;
  state.data.items = state.data.items.map((u) => (u.id === user.id ? { ...u, ...user } : u));
  render();
  const row = admin?.content.querySelector(`tr[data-user-id="${user.id}"]`);
  if (row) {
    row.classList.add('is-updated');
    setTimeout(() => row.classList.remove('is-updated'), 1500);
  }
}

function suspend(user) {
  const textarea = h('textarea', {
    class: 'textarea',
    id: 'suspend-reason',
    name: 'reason',
    rows: 3,
    maxlength: 500,
    placeholder: t('admin.users.reason_placeholder'),
  });
  const body = h('div', { class: 'form' },
    h('p', { class: 'modal__message' }, t('admin.users.suspend_text', { nickname: user.nickname, email: user.email })),
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: 'suspend-reason' }, t('admin.users.reason'), h('span', { class: 'text-muted text-xs' }, t('common.optional'))),
      textarea));
  modal({
    title: t('admin.users.suspend_title'),
    body,
    actions: [
      { label: t('common.cancel'), value: null, variant: 'secondary' },
      {
        label: t('admin.users.suspend'),
        variant: 'danger',
        handler: async () => {
          const reason = textarea.value.trim();
          const data = await api('POST', `/admin/users/${user.id}/suspend`, { body: reason ? { reason } : {} });
          return data?.user || { ...user, status: 'suspended' };
        },
      },
    ],
  }).then((updated) => {
    if (updated && typeof updated === 'object') {
      toast.success(t('admin.users.suspended', { nickname: user.nickname }));
      replaceUser(updated);
    }
  });
  setTimeout(() => textarea.focus(), 30);
}

async function unsuspend(user, button) {
  const ok = await confirmDialog(t('admin.users.unsuspend_text', { nickname: user.nickname }), {
    title: t('admin.users.unsuspend_title'),
    confirmLabel: t('admin.users.unsuspend'),
  });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      const data = await api('POST', `/admin/users/${user.id}/unsuspend`, { body: {} });
      toast.success(t('admin.users.unsuspended', { nickname: user.nickname }));
      replaceUser(data?.user || { ...user, status: 'active' });
    } catch (err) {
      showError(err);
    }
  });
}

/* ------------------------------------------------------------------ start */

async function start() {
  readUrl();
  admin = await mountAdmin({ key: 'users', titleKey: 'admin.users.title', subtitleKey: 'admin.users.subtitle' });
  if (!admin) return;
  load();
  window.addEventListener('popstate', () => {
    readUrl();
    load();
  });
  langEvents.addEventListener('change', render);
}

start();
