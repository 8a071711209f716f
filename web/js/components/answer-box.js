// The answer box of the staff pages: a textarea with a live character counter (counted as the
// server counts: trimmed, by character), a submit button and an optional cancel. The text is
// checked here (1…max characters) before `onSubmit(text)` runs; a failed request shows its error
// and keeps the text.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { formatNumber, showError, uid, withBusy } from '../ui.js';
import { charCount } from '../logic/staff.js';
import '../i18n/staff.js';

/**
 * answerBox({ id, label, placeholder, value, max, submitLabel, onSubmit, onCancel, note })
 * `onSubmit(text)` is awaited; `onCancel` (optional) adds a cancel button.
 */
export function answerBox({ id = uid('answer'), label, placeholder, value = '', max = 1000, submitLabel, onSubmit, onCancel, note }) {
  const counterId = `${id}-count`;
  const errorId = `${id}-error`;
  const text = h('textarea', {
    class: 'textarea answer-box__text',
    id,
    name: id,
    rows: 3,
    maxlength: max,
    placeholder,
    'aria-describedby': counterId,
  });
  text.value = value;
  const counter = h('p', { class: 'answer-box__count', id: counterId, 'aria-live': 'polite' });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-sm answer-box__submit' }, submitLabel);
  function count() {
    const n = charCount(text.value);
    counter.textContent = t('staff.count', { n: formatNumber(n), max: formatNumber(max) });
    counter.classList.toggle('is-over', n > max);
  }
  function fail(message) {
    error.textContent = message;
    error.hidden = false;
    text.setAttribute('aria-invalid', 'true');
    text.setAttribute('aria-describedby', `${counterId} ${errorId}`);
    text.focus();
  }
  text.addEventListener('input', () => {
    count();
    if (!error.hidden) {
      error.hidden = true;
      text.removeAttribute('aria-invalid');
      text.setAttribute('aria-describedby', counterId);
    }
  });
  count();
  const form = h('form', { class: 'answer-box', novalidate: true },
    h('label', { class: 'field-label', for: id }, label),
    text,
    error,
    h('div', { class: 'answer-box__foot' },
      counter,
      note && h('p', { class: 'answer-box__note' }, note),
      h('div', { class: 'answer-box__actions' },
        onCancel && h('button', { type: 'button', class: 'btn btn-ghost btn-sm answer-box__cancel', onClick: onCancel }, t('staff.cancel')),
        submit)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const n = charCount(text.value);
    if (n < 1) return fail(t('staff.answer_required'));
    if (n > max) return fail(t('staff.too_long', { max: formatNumber(max) }));
    await withBusy(submit, async () => {
      try {
        await onSubmit(text.value.trim());
      } catch (err) {
        showError(err);
      }
    });
  });
  return form;
}
