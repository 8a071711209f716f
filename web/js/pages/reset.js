// Forgotten password: ask for a code (the answer is always "sent"), then code + new password.
// A reset also unlocks a locked account and reactivates a dormant (withdrawn) one, so the login
// page sends those cases here with ?reason=locked|dormant.
import { h, qs, qsa, replaceChildren } from '../dom.js';
import { t, errorMessage, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon, accountIcon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { withBusy, clearFieldErrors, showFieldErrors } from '../ui.js';
import { showApiFieldErrors } from '../form-errors.js';
import { wirePasswordToggles, wirePasswordRules } from '../widgets/password-fields.js';
import { passwordProblem, isEmail } from '../logic/validate.js';
import { handoff } from '../navigation.js';
import { cooldown, codeTimer } from '../widgets/code-timers.js';
import { devOutboxAvailable } from '../dev-outbox.js';
import '../i18n/auth.js';

const params = new URLSearchParams(location.search);
const reason = ['dormant', 'locked'].includes(params.get('reason')) ? params.get('reason') : null;

const els = {
  reason: qs('#reset-reason'),
  subtitle: qs('#reset-subtitle'),
  stepRequest: qs('#reset-step-request'),
  stepReset: qs('#reset-step-reset'),
  stepDone: qs('#reset-step-done'),
  forgotForm: qs('#forgot-form'),
  forgotSubmit: qs('#forgot-submit'),
  forgotAlert: qs('#forgot-alert'),
  resetForm: qs('#reset-form'),
  resetSubmit: qs('#reset-submit'),
  resetAlert: qs('#reset-alert'),
  sent: qs('#reset-sent'),
  resend: qs('#reset-resend'),
  resendStatus: qs('#reset-resend-status'),
  devLink: qs('#dev-outbox-link'),
};

const state = { step: 'request', email: '', sent: false, forgotAlert: null, resetAlert: null };

// The layout translates data-i18n texts on mount: mount first, then adjust texts below.
mountLayout({ active: null });

wirePasswordToggles(document);
wirePasswordRules(qs('#reset-new-password'), qs('#reset-password-rules'));
for (const el of qsa('[data-icon="check"]')) el.appendChild(icon('check-circle', { size: 36, strokeWidth: 1.6 }));
const resendCooldown = cooldown(els.resend, 'verify.resend', 'verify.resend_wait');
const timer = codeTimer(qs('#reset-timer'));

const prefill = handoff.take('reset_email');
if (prefill) {
  els.forgotForm.email.value = prefill;
  els.resetForm.email.value = prefill;
}

function renderReason() {
  if (!reason) return;
  els.reason.hidden = false;
  els.reason.dataset.reason = reason;
  replaceChildren(els.reason, icon('info'), h('div', null,
    h('p', { class: 'auth-notice__title' }, t(`reset.reason_${reason}_title`)),
    h('p', null, t(`reset.reason_${reason}_text`))));
  qs('#reset-title').textContent = t(reason === 'dormant' ? 'reset.title_dormant' : 'reset.title_locked');
}

function renderAlert(el, value) {
  if (!value) {
    el.hidden = true;
    replaceChildren(el);
    return;
  }
  el.hidden = false;
  el.className = 'auth-alert auth-alert-error';
  el.setAttribute('role', 'alert');
  el.dataset.code = value.code || '';
  replaceChildren(el,
    h('span', { class: 'auth-alert__icon' }, icon('alert-circle')),
    h('div', { class: 'auth-alert__body' },
      h('p', { class: 'auth-alert__message' }, errorMessage(value.code, { retryAfter: value.retryAfter, fallback: value.message }))));
}

function renderSent() {
  els.sent.hidden = !state.sent;
  if (state.sent) {
    replaceChildren(els.sent, accountIcon('mail', 20), h('div', null,
      h('p', { class: 'auth-notice__title' }, state.email),
      h('p', null, t('reset.sent'))));
  }
}

function setStep(step, { focus = true } = {}) {
  state.step = step;
  els.stepRequest.hidden = step !== 'request';
  els.stepReset.hidden = step !== 'reset';
  els.stepDone.hidden = step !== 'done';
  els.subtitle.hidden = step === 'done';
  if (step !== 'request') els.reason.hidden = true;
  else renderReason();
  renderSent();
  if (!focus) return;
  if (step === 'reset') (els.resetForm.email.value ? qs('#reset-code') : els.resetForm.email).focus();
  if (step === 'done') qs('#reset-done-title').focus();
}

/* --------------------------------------------------------- step 1: request */

async function requestCode(email) {
  await api('POST', '/auth/password/forgot', { body: { email }, auth: false });
  state.email = email;
  state.sent = true;
  els.resetForm.email.value = email;
  resendCooldown.start(60);
  timer.start();
}

els.forgotForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(els.forgotForm);
  renderAlert(els.forgotAlert, (state.forgotAlert = null));
  const email = els.forgotForm.email.value.trim();
  if (!email || !isEmail(email)) {
    showFieldErrors(els.forgotForm, { email: t(email ? 'v.email' : 'v.email_required') });
    return;
  }
  withBusy(els.forgotSubmit, async () => {
    try {
      await requestCode(email);
      setStep('reset');
    } catch (err) {
      if (showApiFieldErrors(els.forgotForm, err)) return;
      state.forgotAlert = { code: err.code, retryAfter: err.retryAfter, message: err.serverMessage };
      renderAlert(els.forgotAlert, state.forgotAlert);
    }
  });
});

qs('#reset-have-code').addEventListener('click', () => {
  const email = els.forgotForm.email.value.trim();
  if (email) els.resetForm.email.value = email;
  state.sent = false;
  setStep('reset');
});

/* ----------------------------------------------------------- step 2: reset */

const codeInput = qs('#reset-code');
codeInput.addEventListener('input', () => {
  const cleaned = codeInput.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10);
  if (cleaned !== codeInput.value) codeInput.value = cleaned;
});

els.resetForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(els.resetForm);
  renderAlert(els.resetAlert, (state.resetAlert = null));
  const f = els.resetForm;
  const email = f.email.value.trim();
  const code = f.code.value.trim();
  const fields = {};
  if (!email) fields.email = t('v.email_required');
  else if (!isEmail(email)) fields.email = t('v.email');
  if (!code) fields.code = t('v.code_required');
  else if (code.length !== 10) fields.code = t('v.code_length', { n: 10 });
  const pw = passwordProblem(f.new_password.value);
  if (pw) fields.new_password = pw;
  if (!f.new_password_confirm.value) fields.new_password_confirm = t('v.password_confirm_required');
  else if (f.new_password_confirm.value !== f.new_password.value) fields.new_password_confirm = t('v.password_mismatch');
  if (Object.keys(fields).length) {
    showFieldErrors(f, fields);
    return;
  }
  withBusy(els.resetSubmit, async () => {
    try {
      await api('POST', '/auth/password/reset', { body: { email, code, new_password: f.new_password.value }, auth: false });
    } catch (err) {
      if (showApiFieldErrors(f, err, { code_invalid: 'code', code_expired: 'code', code_not_issued: 'code' })) return;
      state.resetAlert = { code: err.code, retryAfter: err.retryAfter, message: err.serverMessage };
      renderAlert(els.resetAlert, state.resetAlert);
      return;
    }
    timer.stop();
    f.new_password.value = '';
    f.new_password_confirm.value = '';
    handoff.set('login_email', email);
    handoff.set('login_notice', 'reset');
    setStep('done');
  });
});

els.resend.addEventListener('click', () => withBusy(els.resend, async () => {
  const email = els.resetForm.email.value.trim();
  clearFieldErrors(els.resetForm);
  if (!email || !isEmail(email)) {
    showFieldErrors(els.resetForm, { email: t(email ? 'v.email' : 'v.email_required') });
    return;
  }
  try {
    await requestCode(email);
    renderSent();
    els.resendStatus.textContent = t('verify.resent');
  } catch (err) {
    els.resendStatus.textContent = err.message;
    if (err.code === 'rate_limited') resendCooldown.start(err.retryAfter || 60);
  }
}));

/* ------------------------------------------------------------------ start */

setStep('request', { focus: false });
devOutboxAvailable().then((ok) => {
  els.devLink.hidden = !ok;
});
langEvents.addEventListener('change', () => {
  renderReason();
  renderSent();
  renderAlert(els.forgotAlert, state.forgotAlert);
  renderAlert(els.resetAlert, state.resetAlert);
  if (state.step !== 'request') els.reason.hidden = true;
});
