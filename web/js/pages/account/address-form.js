// My page: the dialog that adds or edits one delivery address.
import { h, qs } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { modal, clearFieldErrors, showFieldErrors } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { onlyDigits } from '../../logic/kr-numbers.js';

function field(id, labelKey, input, { help, required = true } = {}) {
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, t(labelKey), required && h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    input,
    help && h('p', { class: 'field-help' }, help));
}

/**
 * Opens the address dialog for `existing` (null: a new address; `first`: the first one, default
 * ticked). Resolves to true once the server saved it. `onPhoneUnverified()` runs when the server
 * says the phone is not verified (any more).
 */
export function openAddressForm(existing, { first = false, onPhoneUnverified } = {}) {
  const a = existing || {};
  const isDefaultLocked = Boolean(existing && existing.is_default);
  const form = h('form', { class: 'form address-form', id: 'address-form', method: 'post', novalidate: true },
    h('div', { class: 'field-row' },
      field('address-recipient', 'address.recipient', h('input', { class: 'input', id: 'address-recipient', name: 'recipient', type: 'text', maxlength: 30, autocomplete: 'name', value: a.recipient || '' })),
      field('address-phone', 'address.phone', h('input', { class: 'input', id: 'address-phone', name: 'phone', type: 'tel', inputmode: 'numeric', maxlength: 13, autocomplete: 'tel', placeholder: '01012345678', value: a.phone || '' }))),
    field('address-postal', 'address.postal_code', h('input', { class: 'input input-postal', id: 'address-postal', name: 'postal_code', type: 'text', inputmode: 'numeric', maxlength: 5, autocomplete: 'postal-code', placeholder: '06236', value: a.postal_code || '' }), { help: t('address.postal_help') }),
    field('address-address', 'address.address', h('input', { class: 'input', id: 'address-address', name: 'address', type: 'text', maxlength: 200, autocomplete: 'address-line1', placeholder: t('address.address_placeholder'), value: a.address || '' })),
    field('address-detail', 'address.detail', h('input', { class: 'input', id: 'address-detail', name: 'detail_address', type: 'text', maxlength: 100, autocomplete: 'address-line2', placeholder: t('address.detail_placeholder'), value: a.detail_address || '' }), { required: false }),
    h('label', { class: 'check', for: 'address-default' },
      h('input', { type: 'checkbox', id: 'address-default', name: 'is_default', checked: isDefaultLocked || first, disabled: isDefaultLocked }),
      h('span', null, t(isDefaultLocked ? 'address.is_default_locked' : 'address.set_default'))));
  const postal = qs('[name="postal_code"]', form);
  postal.addEventListener('input', () => {
    const v = postal.value.replace(/\D/g, '').slice(0, 5);
    if (v !== postal.value) postal.value = v;
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    qs('.modal__actions .btn-primary', form.closest('dialog'))?.click();
  });
  // A hidden submit button lets Enter in a field submit the dialog.
  form.appendChild(h('button', { type: 'submit', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true' }, t('common.save')));

  async function save() {
    clearFieldErrors(form);
    const body = {
      recipient: form.recipient.value.trim(),
      phone: onlyDigits(form.phone.value),
      postal_code: form.postal_code.value.trim(),
      address: form.address.value.trim(),
      detail_address: form.detail_address.value.trim(),
      is_default: isDefaultLocked || form.is_default.checked,
    };
    const fields = {};
    if (!body.recipient) fields.recipient = t('v.required');
    if (!body.phone) fields.phone = t('v.phone_required');
    else if (!/^01\d{9}$/.test(body.phone)) fields.phone = t('v.phone');
    if (!body.postal_code) fields.postal_code = t('v.required');
    else if (!/^\d{5}$/.test(body.postal_code)) fields.postal_code = t('v.postal');
    if (!body.address) fields.address = t('v.required');
    if (Object.keys(fields).length) {
      showFieldErrors(form, fields);
      return false;
    }
    try {
      if (existing) await api('PUT', `/me/addresses/${existing.id}`, { body });
      else await api('POST', '/me/addresses', { body });
    } catch (err) {
      if (showApiFieldErrors(form, err)) return false;
      if (err.code === 'phone_unverified') onPhoneUnverified?.();
      throw err;
    }
    return true;
  }

  const result = modal({
    title: t(existing ? 'address.edit_title' : 'address.add_title'),
    body: form,
    className: 'address-modal',
    actions: [
      { label: t('common.cancel'), value: false, variant: 'secondary' },
      { label: t('common.save'), variant: 'primary', handler: save },
    ],
  });
  setTimeout(() => form.recipient.focus(), 30);
  return result.then((saved) => saved === true);
}
