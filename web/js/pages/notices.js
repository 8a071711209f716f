// Notices (공지사항): the list, pinned first (GET /notices), or one notice (?id=N, GET
// /notices/{id}). Titles and bodies are plain text, shown through textContent.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { badge, emptyState, formatDate, pagination } from '../ui.js';
import '../i18n/community.js';

const root = qs('#notices-root');
const params = new URLSearchParams(location.search);
const id = /^\d{1,15}$/.test(params.get('id') || '') ? Number(params.get('id')) : null;
const page = /^\d{1,6}$/.test(params.get('page') || '') ? Math.max(1, Number(params.get('page'))) : 1;
let data = null;

function header() {
  return h('div', { class: 'page-header' }, h('h1', { class: 'page-title' }, t('notices.title')));
}

function render() {
  root.removeAttribute('aria-busy');
  document.title = t('page.notices');
  if (data === 'missing') {
    replaceChildren(root, header(), emptyState({ title: t('notices.not_found'), actions: [{ label: t('notices.back'), href: '/notices.html' }] }));
    return;
  }
  if (!data) return;
  if (id) {
    replaceChildren(root, header(),
      h('article', { class: 'card' }, h('div', { class: 'card-body' },
        h('h2', { class: 'card-title', id: 'notice-title' }, data.title),
        h('p', { class: 'notice-list__date' }, formatDate(data.created_at)),
        h('div', { class: 'notice-body', id: 'notice-body' }, data.content))),
      h('p', null, h('a', { href: '/notices.html' }, t('notices.back'))));
    return;
  }
  const items = data.items.map((n) => h('li', null, h('a', { href: `/notices.html?id=${n.id}` },
    n.pinned && badge(t('notices.pinned'), 'warning'),
    h('span', { class: 'notice-list__title' }, n.title),
    h('span', { class: 'notice-list__date' }, formatDate(n.created_at)))));
  replaceChildren(root, header(),
    items.length ? h('ul', { class: 'notice-list', id: 'notice-list' }, items) : emptyState({ title: t('notices.empty') }),
    pagination({ page: data.page, perPage: data.per_page, total: data.total, hrefFor: (p) => `/notices.html?page=${p}` }));
}

async function load() {
  try {
    data = id ? await api('GET', `/notices/${id}`) : await api('GET', '/notices', { query: { page, per_page: 20 } });
  } catch (err) {
    data = err.status === 404 ? 'missing' : null;
    if (!data) replaceChildren(root, header(), emptyState({ tone: 'error', title: err.message }));
  }
  render();
}

mountLayout({});
langEvents.addEventListener('change', render);
load();
