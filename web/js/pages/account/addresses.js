// My page, #addresses: the saved delivery addresses (up to five; a verified phone is needed).
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { accountIcon } from '../../icons.js';
import { toast, showError, confirmDialog, withBusy, badge, alertBox, emptyState, skeletonLines } from '../../ui.js';
import { formatPhone } from '../../logic/kr-numbers.js';
import { openAddressForm } from './address-form.js';

const MAX_ADDRESSES = 5;

/** The body of PUT /me/addresses/{id} that keeps an address as it is, but for `overrides`. */
function addressBody(a, overrides = {}) {
  return {
    postal_code: a.postal_code,
    address: a.address,
    detail_address: a.detail_address || '',
    recipient: a.recipient,
    phone: a.phone,
    is_default: Boolean(a.is_default),
    ...overrides,
  };
}

/**
 * The addresses section `el`; `shared.me.phone_verified` decides whether addresses can be added.
 * The list loads the first time the section is shown (`show()`).
 */
export function addressesSection(el, shared) {
  const list = qs('#address-list', el);
  const addButton = qs('#address-add', el);
  let addresses = null; // null until loaded
  let loadError = null;

  async function load() {
    loadError = null;
    render({ loading: true });
    try {
      const data = await api('GET', '/me/addresses');
      addresses = Array.isArray(data) ? data : Array.isArray(data?.items) ? data.items : [];
    } catch (err) {
      addresses = null;
      loadError = err;
    }
    render();
  }

  function render({ loading = false } = {}) {
    if (!shared.me) return;
    const verified = Boolean(shared.me.phone_verified);
    const items = addresses || [];
    const full = items.length >= MAX_ADDRESSES;
    qs('#address-count', el).textContent = addresses ? t('address.count', { n: items.length, max: MAX_ADDRESSES }) : '';
    addButton.disabled = !verified || full || !addresses;
    const notes = [];
    if (!verified) {
      notes.push(h('div', { class: 'alert alert-warning address-phone-alert', id: 'address-phone-required', role: 'status' },
        accountIcon('phone'),
        h('div', null,
          h('p', null, t('address.need_phone')),
          h('a', { class: 'alert__link', href: '#phone' }, t('address.go_phone')))));
    } else if (full) {
      notes.push(alertBox(t('address.full', { max: MAX_ADDRESSES }), { type: 'info' }));
    }
    replaceChildren(qs('#address-notice', el), notes);
    if (loading) {
      replaceChildren(list, skeletonLines(3));
      return;
    }
    if (loadError) {
      replaceChildren(list, emptyState({
        icon: 'alert-circle',
        tone: 'error',
        title: t('address.load_failed'),
        message: loadError.message,
        action: { label: t('common.retry'), onClick: load },
      }));
      return;
    }
    if (!items.length) {
      replaceChildren(list, emptyState({
        icon: 'home',
        title: t('address.empty_title'),
        message: t(verified ? 'address.empty_text' : 'address.empty_text_phone'),
        action: verified ? { label: t('address.add'), onClick: () => edit(null) } : null,
      }));
      return;
    }
    replaceChildren(list, items.map(card));
  }

  function card(a) {
    const setDefault = a.is_default ? null : h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { action: 'default' } }, t('address.make_default'));
    setDefault?.addEventListener('click', () => withBusy(setDefault, () => makeDefault(a)));
    const editButton = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { action: 'edit' }, onClick: () => edit(a) }, t('common.edit'));
    const del = h('button', { type: 'button', class: 'btn btn-ghost btn-sm address-card__delete', dataset: { action: 'delete' }, 'aria-label': t('address.delete_label', { name: a.recipient }) },
      accountIcon('trash', 16), h('span', null, t('common.delete')));
    del.addEventListener('click', () => remove(a, del));
    return h('article', { class: ['address-card', a.is_default && 'is-default'], dataset: { addressId: a.id } },
      h('div', { class: 'address-card__head' },
        h('span', { class: 'address-card__pin', 'aria-hidden': 'true' }, accountIcon('pin', 18)),
        h('strong', { class: 'address-card__name' }, a.recipient),
        a.is_default && badge(t('address.default'), 'primary')),
      h('p', { class: 'address-card__addr' },
        h('span', { class: 'address-card__postal' }, `[${a.postal_code}]`), ' ', a.address,
        a.detail_address ? h('span', { class: 'address-card__detail' }, ` ${a.detail_address}`) : null),
      h('p', { class: 'address-card__phone' }, formatPhone(a.phone)),
      h('div', { class: 'address-card__actions' }, setDefault, editButton, del));
  }

  async function makeDefault(a) {
    try {
      await api('PUT', `/me/addresses/${a.id}`, { body: addressBody(a, { is_default: true }) });
      toast.success(t('address.default_set'));
      await load();
    } catch (err) {
      showError(err);
    }
  }

  async function remove(a, button) {
    const ok = await confirmDialog(t('address.delete_confirm', { name: a.recipient }), {
      title: t('address.delete_title'),
      confirmLabel: t('common.delete'),
      danger: true,
    });
    if (!ok) return;
    await withBusy(button, async () => {
      try {
        await api('DELETE', `/me/addresses/${a.id}`);
        toast.success(t('address.deleted'));
        await load();
      } catch (err) {
        showError(err);
        if (err.code === 'not_found') await load();
      }
    });
  }

  /** Opens the add (existing null) or edit dialog; reloads the list once it saved. */
  async function edit(existing) {
    const saved = await openAddressForm(existing, {
      first: !existing && (addresses || []).length === 0,
      onPhoneUnverified() {
        shared.me.phone_verified = false;
        render();
      },
    });
    if (saved) {
      toast.success(t(existing ? 'address.updated' : 'address.added'));
      await load();
    }
  }

  addButton.addEventListener('click', () => edit(null));

  return {
    render,
    show() {
      if (addresses === null) load();
    },
  };
}
