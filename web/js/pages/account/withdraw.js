// My page, #withdraw: delete the account (it turns dormant; a password reset within 30 days brings
// it back).
import { qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { showError, confirmDialog, withBusy, clearFieldErrors, showFieldErrors, alertBox } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { handoff } from '../../navigation.js';
import { providerLabel } from '../../social-login.js';

/** The withdrawal section `el`; `shared` holds the signed-in user. */
export function withdrawSection(el, shared) {
  const form = qs('#withdraw-form', el);
  const socialBox = qs('#withdraw-social', el);

  function render() {
    const social = shared.isSocial();
    form.hidden = social;
    socialBox.hidden = !social;
    if (social) replaceChildren(socialBox, alertBox(t('withdraw.social', { provider: providerLabel(shared.me.login_type) }), { type: 'info' }));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const password = form.password.value;
    const fields = {};
    if (!password) fields.password = t('v.password_required');
    if (!form.agree.checked) fields.agree = t('withdraw.agree_required');
    if (Object.keys(fields).length) {
      showFieldErrors(form, fields);
      return;
    }
    const ok = await confirmDialog(t('withdraw.confirm_text'), {
      title: t('withdraw.confirm_title'),
      confirmLabel: t('withdraw.confirm_button'),
      danger: true,
    });
    if (!ok) return;
    await withBusy(qs('#withdraw-submit', el), async () => {
      try {
        await api('DELETE', '/me', { body: { password } });
      } catch (err) {
        if (!showApiFieldErrors(form, err, { wrong_password: 'password' })) showError(err);
        return;
      }
      // The server ended every session and cleared the cookie; leave before anything else asks.
      handoff.set('login_notice', 'withdrawn');
      location.replace('/login.html');
      await new Promise(() => {});
    });
  });

  return { render };
}
