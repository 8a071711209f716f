// My page, #phone: verify a mobile number with a texted 4-digit code (addresses and orders need it).
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { toast, showError, withBusy, clearFieldErrors, showFieldErrors, badge } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { onlyDigits, formatPhone } from '../../logic/kr-numbers.js';
import { cooldown, codeTimer } from '../../widgets/code-timers.js';

const CODE_ERRORS = { code_invalid: 'code', code_expired: 'code', code_not_issued: 'code' };

/**
 * The phone section `el`; `shared` holds the signed-in user, `applyUser()`, and `rerender(name)`
 * (a verified phone opens the addresses section).
 */
export function phoneSection(el, shared) {
  const phoneForm = qs('#phone-form', el);
  const verifyForm = qs('#phone-verify-form', el);
  const codeInput = qs('#phone-code', el);
  const resend = qs('#phone-resend', el);
  const resendCooldown = cooldown(resend, 'phone.resend', 'verify.resend_wait');
  const timer = codeTimer(qs('#phone-timer', el));
  let pendingPhone = '';

  function render() {
    const verified = Boolean(shared.me.phone_verified);
    replaceChildren(qs('#phone-badge', el), badge(t(verified ? 'summary.verified' : 'summary.unverified'), verified ? 'success' : 'warning'));
    qs('#phone-lead', el).textContent = t(verified ? 'phone.lead_verified' : 'phone.lead_unverified');
    verifyForm.hidden = !pendingPhone;
    if (pendingPhone) {
      replaceChildren(qs('#phone-sent-to', el), h('strong', { class: 'code-panel__target' }, formatPhone(pendingPhone)), h('span', null, t('phone.sent_suffix')));
    }
  }

  async function sendCode(phone) {
    await api('PUT', '/me/phone', { body: { phone } });
    pendingPhone = phone;
    resendCooldown.start(60);
    timer.start();
    render();
  }

  phoneForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(phoneForm);
    const phone = onlyDigits(phoneForm.phone.value);
    if (!phone) return showFieldErrors(phoneForm, { phone: t('v.phone_required') });
    if (!/^01\d{9}$/.test(phone)) return showFieldErrors(phoneForm, { phone: t('v.phone') });
    return withBusy(qs('#phone-submit', el), async () => {
      try {
        await sendCode(phone);
        codeInput.focus();
      } catch (err) {
        if (!showApiFieldErrors(phoneForm, err)) showError(err);
      }
    });
  });

  codeInput.addEventListener('input', (e) => {
    const v = e.target.value.replace(/\D/g, '').slice(0, 4);
    if (v !== e.target.value) e.target.value = v;
  });

  verifyForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(verifyForm);
    const code = verifyForm.code.value.trim();
    if (!/^\d{4}$/.test(code)) return showFieldErrors(verifyForm, { code: t(code ? 'v.code_length' : 'v.code_required', { n: 4 }) });
    return withBusy(qs('#phone-verify-submit', el), async () => {
      try {
        const data = await api('POST', '/me/phone/verify', { body: { code } });
        pendingPhone = '';
        timer.stop();
        phoneForm.reset();
        verifyForm.reset();
        shared.applyUser(data.user);
        render();
        shared.rerender('addresses');
        toast.success(t('phone.verified'));
      } catch (err) {
        if (!showApiFieldErrors(verifyForm, err, CODE_ERRORS)) showError(err);
      }
    });
  });

  resend.addEventListener('click', (e) => withBusy(e.currentTarget, async () => {
    try {
      await sendCode(pendingPhone);
      toast.success(t('phone.resent'));
    } catch (err) {
      if (err.code === 'rate_limited') resendCooldown.start(err.retryAfter || 60);
      showError(err);
    }
  }));

  qs('#phone-cancel', el).addEventListener('click', () => {
    pendingPhone = '';
    timer.stop();
    verifyForm.reset();
    clearFieldErrors(verifyForm);
    render();
  });

  return { render };
}
