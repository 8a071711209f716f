// Operators — notices: /admin/notices.html[?page=]
// The notices as the public sees them (GET /notices, pinned first), an editor to write or change
// one (POST / PATCH /admin/notices: title 1–100 characters, content, pinned) and deletion after a
// confirmation (DELETE /admin/notices/{id}). Titles and bodies are plain text (textContent).
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { accountIcon, icon } from '../icons.js';
import {
  badge, clearFieldErrors, confirmDialog, emptyState, formatDate, formatNumber, pagination, showError, showFieldErrors,
  skeletonLines, toast, withBusy,
} from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import { localizeFields } from '../logic/field-messages.js';
import { charCount, pickPage } from '../logic/staff.js';
import '../i18n/admin.js';

const PER_PAGE = 20;
const MAX_TITLE = 100;
const MAX_CONTENT = 20000;

let admin = null;
let data = null;
let loadError = null;
let seq = 0;
/** The editor: null when closed, else { id (null for a new notice), title, content, pinned }. */
let draft = null;

const currentPage = () => pickPage(new URLSearchParams(location.search).get('page'));
const urlFor = (page) => `/admin/notices.html${page > 1 ? `?page=${page}` : ''}`;

function go(page) {
  history.pushState(null, '', urlFor(page));
  load();
}

async function load() {
  const mine = ++seq;
  try {
    const answer = await api('GET', '/notices', { query: { page: currentPage(), per_page: PER_PAGE } });
    if (mine !== seq) return;
    data = answer;
    loadError = null;
  } catch (err) {
    if (mine !== seq) return;
    loadError = err;
  }
  render();
}

function counted(input, max) {
  const counter = h('p', { class: 'field-help char-count', id: `${input.id}-count`, 'aria-live': 'polite' });
  const update = () => {
    counter.textContent = t('admin.notices.count', { n: formatNumber(charCount(input.value)), max: formatNumber(max) });
  };
  input.setAttribute('aria-describedby', counter.id);
  input.addEventListener('input', update);
  update();
  return counter;
}

function editor() {
  const title = h('input', { class: 'input', id: 'an-title', name: 'title', type: 'text', maxlength: MAX_TITLE, required: true, autocomplete: 'off', value: draft.title });
  const content = h('textarea', { class: 'textarea an-editor__content', id: 'an-content', name: 'content', rows: 10, maxlength: MAX_CONTENT, required: true });
  content.value = draft.content;
  const pinned = h('input', { type: 'checkbox', id: 'an-pinned', name: 'pinned', checked: draft.pinned });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'an-save' }, draft.id ? t('admin.notices.save') : t('admin.notices.publish'));
  const keep = () => {
    draft.title = title.value;
    draft.content = content.value;
    draft.pinned = pinned.checked;
  };
  for (const el of [title, content, pinned]) el.addEventListener('input', keep);
  pinned.addEventListener('change', keep);
  const form = h('form', { class: 'card an-editor', id: 'an-editor', novalidate: true, 'aria-labelledby': 'an-editor-title' },
    h('div', { class: 'card-body form' },
      h('h2', { class: 'card-title', id: 'an-editor-title' }, draft.id ? t('admin.notices.edit_title') : t('admin.notices.new_title')),
      h('div', { class: 'field' },
        h('label', { class: 'field-label', for: 'an-title' }, t('admin.notices.title_label')),
        title,
        counted(title, MAX_TITLE)),
      h('div', { class: 'field' },
        h('label', { class: 'field-label', for: 'an-content' }, t('admin.notices.content_label')),
        content,
        h('p', { class: 'field-help' }, t('admin.notices.content_help')),
        counted(content, MAX_CONTENT)),
      h('label', { class: 'check an-editor__pinned' }, pinned, h('span', null, t('admin.notices.pinned_label'))),
      h('div', { class: 'an-editor__actions' },
        h('button', { type: 'button', class: 'btn btn-ghost', id: 'an-cancel', onClick: closeEditor }, t('common.cancel')),
        save)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    keep();
    clearFieldErrors(form);
    const body = { title: title.value.trim(), content: content.value.trim(), pinned: pinned.checked };
    const problems = {};
    if (charCount(body.title) < 1) problems.title = t('admin.notices.title_required');
    else if (charCount(body.title) > MAX_TITLE) problems.title = t('v.max_chars', { n: MAX_TITLE });
    if (charCount(body.content) < 1) problems.content = t('admin.notices.content_required');
    else if (charCount(body.content) > MAX_CONTENT) problems.content = t('v.max_chars', { n: formatNumber(MAX_CONTENT) });
    if (Object.keys(problems).length) {
      showFieldErrors(form, problems);
      return;
    }
    await withBusy(save, async () => {
      try {
        if (draft.id) await api('PATCH', `/admin/notices/${draft.id}`, { body });
        else await api('POST', '/admin/notices', { body });
      } catch (err) {
        if (err.fields) showFieldErrors(form, localizeFields(err.fields));
        else showError(err);
        return;
      }
      toast.success(draft.id ? t('admin.notices.saved') : t('admin.notices.published'));
      const created = !draft.id;
      draft = null;
      if (created && currentPage() !== 1) go(1);
      else await load();
    });
  });
  return form;
}

function openEditor(next) {
  draft = next;
  render();
  const form = qs('#an-editor');
  if (form) {
    form.scrollIntoView({ block: 'start', behavior: 'smooth' });
    qs('#an-title')?.focus({ preventScroll: true });
  }
}

function closeEditor() {
  draft = null;
  render();
}

async function editNotice(n, button) {
  await withBusy(button, async () => {
    try {
      const full = await api('GET', `/notices/${n.id}`);
      openEditor({ id: full.id, title: full.title, content: full.content, pinned: full.pinned });
    } catch (err) {
      showError(err);
      if (err.status === 404) load();
    }
  });
}

async function deleteNotice(n, button) {
  const ok = await confirmDialog(t('admin.notices.confirm_delete', { title: n.title }), {
    title: t('admin.notices.delete_title'),
    confirmLabel: t('admin.notices.delete'),
    danger: true,
  });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      await api('DELETE', `/admin/notices/${n.id}`);
      toast.success(t('admin.notices.deleted'));
      if (draft && draft.id === n.id) draft = null;
    } catch (err) {
      showError(err);
    }
  });
  await load();
}

function noticeItem(n) {
  const edit = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { edit: n.id } }, t('admin.notices.edit'));
  const del = h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { delete: n.id } }, accountIcon('trash', 14), h('span', null, t('admin.notices.delete')));
  edit.addEventListener('click', () => editNotice(n, edit));
  del.addEventListener('click', () => deleteNotice(n, del));
  return h('li', { class: ['an-item', n.pinned && 'is-pinned'], id: `an-item-${n.id}`, dataset: { id: n.id } },
    h('div', { class: 'an-item__main' },
      h('p', { class: 'an-item__title' },
        n.pinned && badge(t('admin.notices.pinned'), 'warning'),
        h('a', { href: `/notices.html?id=${n.id}` }, n.title)),
      h('p', { class: 'an-item__date' }, formatDate(n.created_at))),
    h('div', { class: 'an-item__actions' }, edit, del));
}

function render() {
  if (!admin) return;
  const page = currentPage();
  let body;
  if (loadError) {
    body = emptyState({ icon: 'alert-circle', tone: 'error', title: t('admin.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } });
  } else if (!data) {
    body = skeletonLines(5);
  } else if (!data.items.length) {
    body = emptyState({ icon: 'info', title: t('admin.notices.empty'), message: t('admin.notices.empty_text') });
  } else {
    body = [
      h('ul', { class: 'an-list list-reset', id: 'an-list' }, data.items.map(noticeItem)),
      h('div', { class: 'admin-pager' }, pagination({ page, perPage: PER_PAGE, total: data.total, hrefFor: urlFor, onPage: go })),
    ];
  }
  const toolbar = h('div', { class: 'toolbar admin-toolbar an-toolbar' },
    h('p', { class: 'admin-total', 'aria-live': 'polite' }, data ? t('admin.notices.total', { n: formatNumber(data.total) }) : ''),
    h('div', { class: 'an-toolbar__actions' },
      h('a', { class: 'btn btn-secondary btn-sm', href: '/notices.html', id: 'an-public' }, t('admin.notices.public')),
      !draft && h('button', { type: 'button', class: 'btn btn-primary btn-sm', id: 'an-new', onClick: () => openEditor({ id: null, title: '', content: '', pinned: false }) },
        icon('send', { size: 14 }), h('span', null, t('admin.notices.new')))));
  replaceChildren(admin.content, toolbar, draft && editor(), body);
}

async function start() {
  admin = await mountAdmin({ key: 'notices', titleKey: 'admin.notices.title', subtitleKey: 'admin.notices.subtitle' });
  if (!admin) return;
  render();
  await load();
}

window.addEventListener('popstate', load);
langEvents.addEventListener('change', render);
start();
