// Chat rooms (채팅): the list of rooms (GET /chat/rooms), newest first, with a lock on rooms
// that have a password and how many people are connected; a search by name and pages
// (`?q=&page=` in the URL); and the dialog that creates a room (POST /chat/rooms).
import { h, qs, replaceChildren } from '../../dom.js';
import { t, langEvents } from '../../i18n.js';
import { api } from '../../api.js';
import { mountLayout } from '../../layout.js';
import { icon } from '../../icons.js';
import { clearFieldErrors, emptyState, formatDate, modal, pagination, skeletonLines, toast, uid } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { loginUrlHere } from '../../navigation.js';
import '../../i18n/chat.js';

const PER_PAGE = 10;

const els = {
  list: qs('#room-list'),
  pages: qs('#room-pages'),
  total: qs('#room-total'),
  search: qs('#room-search'),
  q: qs('#room-q'),
  create: qs('#room-create'),
};

const state = { q: '', page: 1, data: null, error: null };
let generation = 0;

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.q = (params.get('q') || '').slice(0, 100);
  state.page = Math.max(1, Number.parseInt(params.get('page') || '1', 10) || 1);
  els.q.value = state.q;
}

function hrefFor(page, q = state.q) {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/chat.html${query ? `?${query}` : ''}`;
}

function roomCard(room) {
  return h('li', { class: 'room-card card', dataset: { roomId: room.id } },
    h('a', { class: 'room-card__link', href: `/chat-room.html?id=${encodeURIComponent(room.id)}` },
      h('div', { class: 'room-card__title' },
        room.has_password && h('span', { class: 'room-card__lock', title: t('chat.locked') }, icon('lock', { size: 16, label: t('chat.locked') })),
        h('span', { class: 'room-card__name' }, room.name)),
      room.description && h('p', { class: 'room-card__description' }, room.description),
      h('div', { class: 'room-card__meta' },
        h('span', { class: ['room-card__count', room.participant_count > 0 && 'is-live'] },
          icon('users', { size: 14 }), ` ${t('chat.participants', { n: room.participant_count })}`),
        h('span', { class: 'room-card__creator' }, t('chat.by', { nickname: room.creator.nickname })),
        h('time', { class: 'room-card__date', datetime: room.created_at }, formatDate(room.created_at)))));
}

function render() {
  if (state.error) {
    replaceChildren(els.list, emptyState({
      icon: 'alert-circle', tone: 'error', title: t('chat.load_failed'), message: state.error.message,
      action: { label: t('common.retry'), onClick: () => load() },
    }));
    replaceChildren(els.pages);
    els.total.textContent = '';
    return;
  }
  const data = state.data;
  if (!data) return;
  els.list.setAttribute('aria-busy', 'false');
  els.total.textContent = t('chat.total', { n: data.total });
  if (!data.items.length) {
    replaceChildren(els.list, emptyState({
      icon: 'chat',
      title: state.q ? t('chat.empty_search', { q: state.q }) : t('chat.empty'),
      message: t('chat.empty_message'),
      action: { label: t('chat.create'), onClick: () => openCreate() },
    }));
  } else {
    replaceChildren(els.list, h('ul', { class: 'room-list__items list-reset' }, data.items.map(roomCard)));
  }
  replaceChildren(els.pages, pagination({
    page: data.page, perPage: data.per_page, total: data.total, hrefFor: (n) => hrefFor(n), onPage: (n) => go(n),
  }));
}

async function load() {
  const mine = ++generation;
  els.list.setAttribute('aria-busy', 'true');
  if (!state.data) replaceChildren(els.list, skeletonLines(4));
  try {
    const data = await api('GET', '/chat/rooms', { query: { q: state.q, page: state.page, per_page: PER_PAGE } });
    if (mine !== generation) return;
    state.data = data;
    state.error = null;
  } catch (err) {
    if (mine !== generation) return;
    state.error = err;
  }
  render();
}

function go(page, q = state.q) {
  state.page = page;
  state.q = q;
  history.pushState(null, '', hrefFor(page, q));
  load();
  els.list.scrollIntoView({ block: 'start', behavior: 'smooth' });
}

function field({ name, label, help, type = 'text', maxlength, required = false, autocomplete = 'off' }) {
  const id = uid(`room-${name}`);
  const helpId = `${id}-help`;
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, label),
    h('input', { class: 'input', id, name, type, maxlength, required, autocomplete, 'aria-describedby': helpId }),
    h('p', { class: 'field-help', id: helpId }, help));
}

async function openCreate() {
  const form = h('form', { class: 'form room-form', id: 'room-form', novalidate: true },
    field({ name: 'name', label: t('chat.name'), help: t('chat.name_help'), maxlength: 10, required: true }),
    field({ name: 'description', label: t('chat.description'), help: t('chat.description_help'), maxlength: 50 }),
    field({ name: 'password', label: t('chat.password'), help: t('chat.password_help'), type: 'password', maxlength: 64, autocomplete: 'new-password' }),
    h('p', { class: 'text-sm text-muted' }, t('chat.limit_note')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    qs('.modal__actions .btn-primary')?.click();
  });
  const room = await modal({
    title: t('chat.create_title'),
    body: form,
    className: 'room-dialog',
    actions: [
      { label: t('common.cancel'), value: null, variant: 'secondary' },
      {
        label: t('chat.create_submit'),
        variant: 'primary',
        handler: async () => {
          clearFieldErrors(form);
          const data = new FormData(form);
          const body = { name: String(data.get('name') || '') };
          const description = String(data.get('description') || '').trim();
          const password = String(data.get('password') || '');
          if (description) body.description = description;
          if (password) body.password = password;
          try {
            return await api('POST', '/chat/rooms', { body });
          } catch (err) {
            if (showApiFieldErrors(form, err, { room_name_taken: 'name' })) return false;
            throw err;
          }
        },
      },
    ],
  });
  if (room) {
    toast.success(t('chat.created'));
    location.href = `/chat-room.html?id=${encodeURIComponent(room.id)}`;
  }
}

async function start() {
  const user = await mountLayout({ active: 'chat' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  readUrl();
  els.search.addEventListener('submit', (e) => {
    e.preventDefault();
    go(1, els.q.value.trim().slice(0, 100));
  });
  els.create.addEventListener('click', () => openCreate());
  window.addEventListener('popstate', () => {
    readUrl();
    load();
  });
  await load();
}

start();

langEvents.addEventListener('change', render);
