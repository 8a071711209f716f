// Pieces shared by the order pages (buyer and seller): status badges and the dialog that asks
// for a reason or a tracking number before a line moves.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { badge, modal, uid } from '../ui.js';
import '../i18n/shop.js';
import '../i18n/auth.js';

const TONES = {
  pending_payment: 'warning',
  placed: 'info',
  preparing: 'info',
  shipped: 'primary',
  delivered: 'success',
  confirmed: 'success',
  cancelled: 'muted',
  refund_requested: 'danger',
  refunded: 'muted',
};

/** A badge for a line or order status. */
export function statusBadge(status) {
  const el = badge(t(`line.status.${status}`), TONES[status] || 'muted');
  el.dataset.status = status;
  return el;
}

/**
 * Asks a question with one text input. Resolves to the trimmed text ('' allowed unless
 * `required`), or null when dismissed. `run(text)` is awaited inside the dialog (errors show
 * there and keep it open).
 */
export function askText({ title, message, label, help, confirmLabel, danger = false, required = false, requiredMessage, maxlength = 200, id = 'ask-text', run }) {
  const inputId = id;
  const errorId = uid('ask-error');
  const input = h('input', { class: 'input', id: inputId, name: inputId, type: 'text', maxlength, autocomplete: 'off' });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const body = h('div', { class: 'form' },
    message && h('p', { class: 'modal__message' }, message),
    h('div', { class: 'field' },
      h('label', { class: 'field-label', for: inputId }, label, !required && h('span', { class: 'text-muted text-xs' }, ` ${t('common.optional')}`)),
      input,
      help && h('p', { class: 'field-help' }, help),
      error));
  setTimeout(() => input.focus(), 30);
  return modal({
    title,
    body,
    size: 'sm',
    actions: [
      { label: t('common.cancel'), value: null, variant: 'secondary' },
      {
        label: confirmLabel,
        variant: danger ? 'danger' : 'primary',
        handler: async () => {
          const text = input.value.trim();
          if (required && !text) {
            error.textContent = requiredMessage || t('v.required');
            error.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.setAttribute('aria-describedby', errorId);
            input.focus();
            return false;
          }
          if (run) await run(text);
          return { text };
        },
      },
    ],
  });
}
