// My page, #password: change the password (accounts that log in with a password only).
import { qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { toast, showError, withBusy, clearFieldErrors, showFieldErrors, alertBox } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { passwordProblem } from '../../logic/validate.js';
import { providerLabel } from '../../social-login.js';
import { wirePasswordRules } from '../../widgets/password-fields.js';

/** The password section `el`; `shared` holds the signed-in user. */
export function passwordSection(el, shared) {
  const form = qs('#password-form', el);
  const socialBox = qs('#password-social', el);
  wirePasswordRules(qs('#password-new', el), qs('#password-rules', el));

  function render() {
    const social = shared.isSocial();
    form.hidden = social;
    socialBox.hidden = !social;
    if (social) replaceChildren(socialBox, alertBox(t('password.social', { provider: providerLabel(shared.me.login_type) }), { type: 'info' }));
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const f = form;
    const fields = {};
    if (!f.current_password.value) fields.current_password = t('v.password_required');
    const pw = passwordProblem(f.new_password.value);
    if (pw) fields.new_password = pw;
    else if (f.new_password.value === f.current_password.value) fields.new_password = t('v.password_same');
    if (!f.new_password_confirm.value) fields.new_password_confirm = t('v.password_confirm_required');
    else if (f.new_password_confirm.value !== f.new_password.value) fields.new_password_confirm = t('v.password_mismatch');
    if (Object.keys(fields).length) return showFieldErrors(f, fields);
    return withBusy(qs('#password-submit', el), async () => {
      try {
        await api('PUT', '/me/password', { body: { current_password: f.current_password.value, new_password: f.new_password.value } });
        f.reset();
        f.new_password.dispatchEvent(new Event('input'));
        toast.success(t('password.saved'));
      } catch (err) {
        if (!showApiFieldErrors(f, err, { wrong_password: 'current_password' })) showError(err);
      }
    });
  });

  return { render };
}
