// Shows an API error next to the form fields it is about.
import { errorMessage } from './i18n.js';
import { showFieldErrors } from './ui.js';
import { localizeFields } from './logic/field-messages.js';

/**
 * Shows an ApiError next to the form's fields: its `fields`, or, for codes listed in `codeFields`
 * ({ email_taken: 'email' }), its message under that field. Returns true if something was shown
 * next to a field.
 */
export function showApiFieldErrors(form, err, codeFields = {}) {
  if (!err) return false;
  const target = codeFields[err.code];
  if (target && form.querySelector(`[name="${target}"]`)) {
    showFieldErrors(form, { [target]: errorMessage(err.code, { retryAfter: err.retryAfter }) });
    return true;
  }
  if (err.fields && Object.keys(err.fields).length) {
    const fields = localizeFields(err.fields);
    const visible = Object.fromEntries(Object.entries(fields).filter(([name]) => form.querySelector(`[name="${CSS.escape(name)}"]`)));
    if (Object.keys(visible).length) {
      showFieldErrors(form, visible);
      return true;
    }
  }
  return false;
}
