// Admin — categories: list with product counts, create, rename inline, delete
// (409 category_in_use is explained in place).
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import {
  emptyState, toast, showError, withBusy, confirmDialog, showFieldErrors, clearFieldErrors,
  formatNumber, skeletonLines, alertBox,
} from '../ui.js';
import { adminNav } from '../components/admin-nav.js';
import '../i18n/catalog.js';
import '../i18n/seller-center.js';

const MAX_NAME = 50;

const root = qs('#ac-root');
let user = null;
let list = null; // [{id, name, product_count}] or null while loading
let loadError = null;
let editingId = null;
let inUse = null; // { id, name } of the last refused delete

function adminGate(u) {
  if (!u) {
    const next = encodeURIComponent(location.pathname + location.search);
    return emptyState({ icon: 'shield', title: t('guard.admin_title'), message: t('guard.admin_message'), action: { label: t('sc.login'), href: `/login.html?next=${next}` } });
  }
  if (!hasRole('admin', u)) {
    return emptyState({ icon: 'shield', title: t('guard.admin_title'), message: t('error.forbidden'), action: { label: t('pd.go_home'), href: '/' } });
  }
  return null;
}

async function load() {
  try {
    const data = await api('GET', '/categories');
    list = Array.isArray(data) ? data : Array.isArray(data && data.items) ? data.items : [];
    loadError = null;
  } catch (err) {
    loadError = err;
  }
  renderList();
}

/* ----------------------------------------------------------------- render */

function renderShell() {
  document.title = t('page.suffix', { title: `${t('ac.title')} · ${t('nav.admin')}` });
  const input = h('input', {
    class: 'input', id: 'category-name', name: 'name', type: 'text', maxlength: MAX_NAME, required: true,
    autocomplete: 'off', placeholder: t('ac.new_placeholder'),
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'category-create' }, icon('sparkle', { size: 18 }), h('span', null, t('ac.add')));
  const form = h('form', { class: 'ac-create', id: 'category-create-form', method: 'post', novalidate: true },
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: 'category-name' }, t('ac.new_label')),
      h('div', { class: 'input-group' }, input, submit)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    withBusy(submit, () => create(form, input));
  });
  input.addEventListener('input', () => clearFieldErrors(form));
  replaceChildren(root,
    adminNav('categories'),
    h('div', { class: 'page-header' },
      h('div', null,
        h('h1', { class: 'page-title' }, t('ac.title')),
        h('p', { class: 'page-subtitle' }, t('ac.subtitle')))),
    h('div', { class: 'card ac-card' },
      h('div', { class: 'card-body' }, form),
      h('div', { id: 'ac-list' })),
    h('p', { class: 'field-help ac-note' }, icon('info', { size: 14 }), h('span', null, t('ac.count_note'))));
  renderList();
}

function renderList() {
  const slot = qs('#ac-list');
  if (!slot) return;
  if (loadError) {
    replaceChildren(slot, emptyState({
      icon: 'alert-circle', tone: 'error', title: t('catalog.error_title'), message: loadError.message,
      action: { label: t('common.retry'), onClick: () => load() },
    }));
    return;
  }
  if (list === null) {
    replaceChildren(slot, h('div', { class: 'card-body' }, skeletonLines(4)));
    return;
  }
  if (!list.length) {
    replaceChildren(slot, h('p', { class: 'ac-empty' }, t('ac.empty')));
    return;
  }
  replaceChildren(slot,
    inUse && h('div', { class: 'ac-alert', id: 'category-in-use' }, alertBox(t('ac.in_use', { name: inUse.name }), { type: 'warning' })),
    h('div', { class: 'table-wrap ac-table-wrap' },
      h('table', { class: 'table ac-table', id: 'category-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('ac.col_name')),
          h('th', { scope: 'col', class: 'num' }, t('ac.col_count')),
          h('th', { scope: 'col', class: 'actions' }, t('ac.col_actions')))),
        h('tbody', null, list.map(row)))));
}

function row(c) {
  const tr = h('tr', { dataset: { id: c.id }, class: ['ac-row', inUse && inUse.id === c.id && 'is-in-use'] });
  if (editingId === c.id) {
    const input = h('input', {
      class: 'input input-sm', name: 'name', id: `category-rename-${c.id}`, type: 'text', maxlength: MAX_NAME, value: c.name,
      'aria-label': t('ac.rename_label', { name: c.name }),
    });
    const save = h('button', { type: 'submit', class: 'btn btn-primary btn-sm', dataset: { action: 'save' } }, t('common.save'));
    const form = h('form', { class: 'ac-rename', method: 'post', novalidate: true },
      h('div', { class: 'field' }, input),
      save,
      h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { action: 'cancel' }, onClick: () => { editingId = null; renderList(); } }, t('common.cancel')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      withBusy(save, () => rename(form, input, c));
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        editingId = null;
        renderList();
        qs(`tr[data-id="${c.id}"] [data-action="rename"]`)?.focus();
      }
    });
    tr.append(
      h('td', { colspan: 2, class: 'ac-rename-cell' }, form),
      h('td', { class: 'actions ac-count', dataset: { label: t('ac.col_count') } }, h('span', { class: 'text-faint text-xs' }, t('ac.count', { n: formatNumber(c.product_count ?? 0) }))));
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return tr;
  }
  tr.append(
    h('td', { class: 'ac-name' }, h('span', { class: 'ac-name__text' }, c.name), h('span', { class: 'ac-name__id' }, `#${c.id}`)),
    h('td', { class: 'num ac-count', dataset: { label: t('ac.col_count') } }, t('ac.count', { n: formatNumber(c.product_count ?? 0) })),
    h('td', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { action: 'rename' }, onClick: () => { editingId = c.id; renderList(); } }, t('ac.rename')),
      h('button', { type: 'button', class: 'btn btn-outline-danger btn-sm', dataset: { action: 'delete' }, onClick: (e) => remove(e.currentTarget, c) }, t('common.delete'))));
  return tr;
}

/* ---------------------------------------------------------------- actions */

async function create(form, input) {
  clearFieldErrors(form);
  const name = input.value.trim();
  if (!name) {
    showFieldErrors(form, { name: t('ac.err_name') });
    return;
  }
  try {
    const created = await api('POST', '/admin/categories', { body: { name } });
    toast.success(t('ac.added', { name: (created && created.name) || name }));
    input.value = '';
    inUse = null;
    await load();
  } catch (err) {
    if (err.fields) showFieldErrors(form, err.fields);
    else showError(err);
  }
}

async function rename(form, input, c) {
  clearFieldErrors(form);
  const name = input.value.trim();
  if (!name) {
    showFieldErrors(form, { name: t('ac.err_name') });
    return;
  }
  if (name === c.name) {
    editingId = null;
    renderList();
    return;
  }
  try {
    const updated = await api('PATCH', `/admin/categories/${c.id}`, { body: { name } });
    toast.success(t('ac.renamed', { name: (updated && updated.name) || name }));
    editingId = null;
    await load();
  } catch (err) {
    if (err.fields) showFieldErrors(form, err.fields);
    else showError(err);
  }
}

async function remove(btn, c) {
  const ok = await confirmDialog(t('ac.delete_confirm', { name: c.name }), { title: t('ac.delete_title'), confirmLabel: t('common.delete'), danger: true });
  if (!ok) return;
  await withBusy(btn, async () => {
    try {
      await api('DELETE', `/admin/categories/${c.id}`);
      toast.success(t('ac.deleted', { name: c.name }));
      inUse = null;
      await load();
    } catch (err) {
      if (err.code === 'category_in_use' || err.status === 409) {
        inUse = { id: c.id, name: c.name };
        renderList();
        qs('#category-in-use')?.scrollIntoView({ block: 'nearest' });
      } else {
        showError(err);
      }
    }
  });
}

/* ------------------------------------------------------------------- boot */

async function boot() {
  user = await mountLayout({ active: 'admin' });
  root.removeAttribute('aria-busy');
  const blocked = adminGate(user);
  if (blocked) {
    replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
    return;
  }
  renderShell();
  load();
}

langEvents.addEventListener('change', () => {
  if (!user) return;
  const blocked = adminGate(user);
  if (blocked) replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
  else renderShell();
});

boot();
