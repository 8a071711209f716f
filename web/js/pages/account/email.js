// My page, #email: change the e-mail address (a code goes to the new address first).
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { toast, showError, withBusy, clearFieldErrors, showFieldErrors } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { isEmail } from '../../logic/validate.js';
import { cooldown, codeTimer } from '../../widgets/code-timers.js';

const CODE_ERRORS = { code_invalid: 'code', code_expired: 'code', code_not_issued: 'code', email_taken: 'code' };

/** The e-mail section `el`; `shared` holds the signed-in user and `applyUser()`. */
export function emailSection(el, shared) {
  const emailForm = qs('#email-form', el);
  const confirmForm = qs('#email-confirm-form', el);
  const codeInput = qs('#email-code', el);
  const resend = qs('#email-resend', el);
  const resendCooldown = cooldown(resend, 'verify.resend', 'verify.resend_wait');
  const timer = codeTimer(qs('#email-timer', el));
  let pendingEmail = '';

  function render() {
    qs('#email-current', el).textContent = shared.me.email || '';
    confirmForm.hidden = !pendingEmail;
    if (pendingEmail) {
      replaceChildren(qs('#email-sent-to', el), h('strong', { class: 'code-panel__target' }, pendingEmail), h('span', null, t('email.sent_suffix')));
    }
  }

  async function sendCode(address) {
    await api('POST', '/me/email', { body: { new_email: address } });
    pendingEmail = address;
    resendCooldown.start(60);
    timer.start();
    render();
  }

  emailForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(emailForm);
    const address = emailForm.new_email.value.trim();
    if (!address) return showFieldErrors(emailForm, { new_email: t('v.email_required') });
    if (!isEmail(address)) return showFieldErrors(emailForm, { new_email: t('v.email') });
    if (address.toLowerCase() === String(shared.me.email || '').toLowerCase()) return showFieldErrors(emailForm, { new_email: t('v.email_same') });
    return withBusy(qs('#email-submit', el), async () => {
      try {
        await sendCode(address);
        codeInput.focus();
      } catch (err) {
        if (!showApiFieldErrors(emailForm, err, { email_taken: 'new_email' })) showError(err);
      }
    });
  });

  codeInput.addEventListener('input', (e) => {
    const v = e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10);
    if (v !== e.target.value) e.target.value = v;
  });

  confirmForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(confirmForm);
    const code = confirmForm.code.value.trim();
    if (code.length !== 10) return showFieldErrors(confirmForm, { code: t(code ? 'v.code_length' : 'v.code_required', { n: 10 }) });
    return withBusy(qs('#email-confirm-submit', el), async () => {
      try {
        const data = await api('POST', '/me/email/confirm', { body: { code } });
        pendingEmail = '';
        timer.stop();
        emailForm.reset();
        confirmForm.reset();
        shared.applyUser(data.user);
        render();
        toast.success(t('email.changed'));
      } catch (err) {
        if (!showApiFieldErrors(confirmForm, err, CODE_ERRORS)) showError(err);
      }
    });
  });

  resend.addEventListener('click', (e) => withBusy(e.currentTarget, async () => {
    try {
      await sendCode(pendingEmail);
      toast.success(t('verify.resent'));
    } catch (err) {
      if (err.code === 'rate_limited') resendCooldown.start(err.retryAfter || 60);
      showError(err);
    }
  }));

  qs('#email-cancel', el).addEventListener('click', () => {
    pendingEmail = '';
    timer.stop();
    confirmForm.reset();
    clearFieldErrors(confirmForm);
    render();
  });

  return { render };
}
