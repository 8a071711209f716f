// Signup: buyer or seller details → the e-mailed code (same page) → welcome (signed in).
// The step lives in the URL (?step=verify) so a reload keeps the code step; the e-mail address is
// handed over in sessionStorage, never the password (that one stays in this module's memory).
import { h, qs, qsa, replaceChildren } from '../dom.js';
import { t, errorMessage, langEvents } from '../i18n.js';
import { api, setSession, getUser } from '../api.js';
import { icon, accountIcon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { withBusy, clearFieldErrors, showFieldErrors, formatNumber } from '../ui.js';
import { safeNext } from '../logic/safe-next.js';
import { showApiFieldErrors } from '../form-errors.js';
import { wirePasswordToggles, wirePasswordRules } from '../widgets/password-fields.js';
import { passwordProblem, isEmail, nicknameProblem, sellerProblems } from '../logic/validate.js';
import { handoff } from '../navigation.js';
import { fillBankSelect } from '../widgets/bank-select.js';
import { cooldown, codeTimer } from '../widgets/code-timers.js';
import { devOutboxAvailable } from '../dev-outbox.js';
import { onlyDigits } from '../logic/kr-numbers.js';
import '../i18n/auth.js';
import '../i18n/account.js';

const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));

const els = {
  steps: qs('#signup-steps'),
  stepForm: qs('#signup-step-form'),
  stepVerify: qs('#signup-step-verify'),
  stepDone: qs('#signup-step-done'),
  form: qs('#signup-form'),
  submit: qs('#signup-submit'),
  alert: qs('#signup-alert'),
  sellerFields: qs('#seller-fields'),
  verifyForm: qs('#verify-form'),
  verifySubmit: qs('#verify-submit'),
  verifyAlert: qs('#verify-alert'),
  verifyEmailField: qs('#verify-email-field'),
  sentTo: qs('#verify-sent-to'),
  resend: qs('#verify-resend'),
  resendStatus: qs('#verify-resend-status'),
  timer: qs('#verify-timer'),
  devLink: qs('#dev-outbox-link'),
  restart: qs('#verify-restart'),
  done: qs('#signup-done'),
};

const state = {
  step: 'form',
  email: '',
  password: null, // only in memory, to sign in right after the code is confirmed
  nickname: '',
  role: 'buyer',
  user: null,
  signedIn: false,
  alert: null,
  verifyAlert: null,
};

// The layout translates data-i18n texts on mount: mount first, then adjust texts below.
mountLayout({ active: 'signup' });

wirePasswordToggles(document);
wirePasswordRules(qs('#signup-password'), qs('#signup-password-rules'));
fillBankSelect(qs('#signup-bank-name'));
for (const el of qsa('[data-icon="mail"]')) el.appendChild(accountIcon('mail', 28));

if (next) {
  const link = qs('#signup-login-link');
  link.setAttribute('href', `/login.html?next=${encodeURIComponent(next)}`);
}

const resendCooldown = cooldown(els.resend, 'verify.resend', 'verify.resend_wait');
const timer = codeTimer(els.timer);

/* ------------------------------------------------------------------ steps */

function setStep(step, { focus = true } = {}) {
  state.step = step;
  els.stepForm.hidden = step !== 'form';
  els.stepVerify.hidden = step !== 'verify';
  els.stepDone.hidden = step !== 'done';
  const order = ['form', 'verify', 'done'];
  for (const li of qsa('.steps__item', els.steps)) {
    const i = order.indexOf(li.dataset.step);
    const current = order.indexOf(step);
    li.classList.toggle('is-current', i === current);
    li.classList.toggle('is-done', i < current);
    if (i === current) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  const url = new URL(location.href);
  if (step === 'verify') url.searchParams.set('step', 'verify');
  else url.searchParams.delete('step');
  if (url.href !== location.href) history.replaceState(null, '', url.pathname + url.search + url.hash);
  if (step === 'verify') renderVerify();
  if (step === 'done') renderDone();
  if (focus) {
    const target = step === 'verify' ? qs('#verify-code') : step === 'done' ? qs('.signup-done__title') : null;
    if (target) {
      target.setAttribute('tabindex', target.tabIndex >= 0 ? String(target.tabIndex) : '-1');
      target.focus({ preventScroll: true });
    }
    qs('#signup-title').scrollIntoView({ block: 'nearest' });
  }
}

function renderAlert(el, value) {
  if (!value) {
    el.hidden = true;
    replaceChildren(el);
    delete el.dataset.code;
    return;
  }
  el.hidden = false;
  el.className = `auth-alert auth-alert-${value.tone || 'error'}`;
  el.setAttribute('role', 'alert');
  el.dataset.code = value.code || '';
  replaceChildren(el,
    h('span', { class: 'auth-alert__icon' }, icon(value.tone === 'success' ? 'check-circle' : value.tone === 'info' ? 'info' : 'alert-circle')),
    h('div', { class: 'auth-alert__body' },
      h('p', { class: 'auth-alert__message' }, value.text ? value.text() : errorMessage(value.code, { retryAfter: value.retryAfter, fallback: value.message })),
      value.login && h('div', { class: 'auth-alert__actions' },
        h('a', { class: 'auth-alert__action', href: loginHref() }, t('signup.go_login')))));
}

function loginHref() {
  return next ? `/login.html?next=${encodeURIComponent(next)}` : '/login.html';
}

/* ----------------------------------------------------------- step 1: form */

function role() {
  return els.form.querySelector('input[name="role"]:checked')?.value === 'seller' ? 'seller' : 'buyer';
}

function syncRole() {
  const seller = role() === 'seller';
  els.sellerFields.hidden = !seller;
  els.sellerFields.disabled = !seller;
}

for (const radio of qsa('input[name="role"]', els.form)) radio.addEventListener('change', syncRole);
if (params.get('role') === 'seller') qs('#signup-role-seller').checked = true;
syncRole();

function value(name) {
  const el = els.form.elements.namedItem(name);
  return el ? String(el.value || '').trim() : '';
}

function validateForm() {
  const fields = {};
  const email = value('email');
  if (!email) fields.email = t('v.email_required');
  else if (!isEmail(email)) fields.email = t('v.email');
  const nick = nicknameProblem(value('nickname'));
  if (nick) fields.nickname = nick;
  const password = els.form.password.value;
  const pw = passwordProblem(password);
  if (pw) fields.password = pw;
  if (!els.form.password_confirm.value) fields.password_confirm = t('v.password_confirm_required');
  else if (els.form.password_confirm.value !== password) fields.password_confirm = t('v.password_mismatch');
  if (role() === 'seller') Object.assign(fields, sellerProblems(sellerBody()));
  if (!els.form.agree.checked) fields.agree = t('v.agree_required');
  return fields;
}

function sellerBody() {
  return {
    company_name: value('company_name'),
    business_number: onlyDigits(value('business_number')),
    owner_name: value('owner_name'),
    contact: onlyDigits(value('contact')),
    bank_name: value('bank_name'),
    account_number: onlyDigits(value('account_number')),
    account_holder: value('account_holder'),
  };
}

els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(els.form);
  state.alert = null;
  renderAlert(els.alert, null);
  const fields = validateForm();
  if (Object.keys(fields).length) {
    showFieldErrors(els.form, fields);
    return;
  }
  const body = {
    email: value('email'),
    password: els.form.password.value,
    nickname: value('nickname'),
    role: role(),
  };
  if (body.role === 'seller') body.seller = sellerBody();
  withBusy(els.submit, async () => {
    try {
      const data = await api('POST', '/auth/signup', { body, auth: false });
      state.email = body.email;
      state.password = body.password;
      state.nickname = data?.user?.nickname || body.nickname;
      state.role = body.role;
      handoff.set('verify_email', body.email);
      resendCooldown.start(60);
      timer.start();
      els.form.password.value = '';
      els.form.password_confirm.value = '';
      setStep('verify');
    } catch (err) {
      if (showApiFieldErrors(els.form, err, { email_taken: 'email', company_name_taken: 'company_name' })) return;
      state.alert = { code: err.code, retryAfter: err.retryAfter, message: err.serverMessage };
      renderAlert(els.alert, state.alert);
    }
  });
});

/* ----------------------------------------------------------- step 2: code */

function renderVerify() {
  const known = Boolean(state.email);
  els.verifyEmailField.hidden = known;
  const emailInput = qs('#verify-email');
  if (!known && !emailInput.value) emailInput.value = '';
  replaceChildren(els.sentTo, known
    ? [h('strong', { class: 'code-intro__email', id: 'verify-sent-email' }, state.email), h('span', { class: 'code-intro__note' }, t('verify.sent_to_suffix'))]
    : t('verify.enter_email'));
}

function verifyEmail() {
  return state.email || qs('#verify-email').value.trim();
}

const codeInput = qs('#verify-code');
codeInput.addEventListener('input', () => {
  const cleaned = codeInput.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10);
  if (cleaned !== codeInput.value) codeInput.value = cleaned;
});

els.verifyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(els.verifyForm);
  renderAlert(els.verifyAlert, (state.verifyAlert = null));
  const email = verifyEmail();
  const code = codeInput.value.trim();
  const fields = {};
  if (!email) fields.email = t('v.email_required');
  else if (!isEmail(email)) fields.email = t('v.email');
  if (!code) fields.code = t('v.code_required');
  else if (code.length !== 10) fields.code = t('v.code_length', { n: 10 });
  if (Object.keys(fields).length) {
    showFieldErrors(els.verifyForm, fields);
    return;
  }
  withBusy(els.verifySubmit, async () => {
    let user;
    try {
      const data = await api('POST', '/auth/email/verify', { body: { email, code }, auth: false });
      user = data?.user || null;
    } catch (err) {
      if (showApiFieldErrors(els.verifyForm, err, { code_invalid: 'code', code_expired: 'code', code_not_issued: 'code' })) return;
      state.verifyAlert = { code: err.code, retryAfter: err.retryAfter, message: err.serverMessage };
      renderAlert(els.verifyAlert, state.verifyAlert);
      return;
    }
    state.user = user;
    state.email = email;
    if (user?.nickname) state.nickname = user.nickname;
    handoff.take('verify_email');
    timer.stop();
    // Sign in with the password typed a moment ago (when this page still knows it).
    if (state.password) {
      try {
        const session = await api('POST', '/auth/login', { body: { email, password: state.password }, auth: false });
        setSession(session);
        state.user = session.user || user;
        state.signedIn = true;
      } catch {
        state.signedIn = false;
      }
      state.password = null;
    }
    if (!state.signedIn) {
      handoff.set('login_email', email);
      handoff.set('login_notice', 'verified');
    }
    setStep('done');
  });
});

async function resend() {
  const email = verifyEmail();
  clearFieldErrors(els.verifyForm);
  if (!email || !isEmail(email)) {
    showFieldErrors(els.verifyForm, { email: email ? t('v.email') : t('v.email_required') });
    return;
  }
  try {
    await api('POST', '/auth/email/resend', { body: { email }, auth: false });
    els.resendStatus.textContent = t('verify.resent');
    resendCooldown.start(60);
    timer.start();
  } catch (err) {
    els.resendStatus.textContent = err.message;
    if (err.code === 'rate_limited') resendCooldown.start(err.retryAfter || 60);
  }
}

els.resend.addEventListener('click', () => withBusy(els.resend, resend));

els.restart.addEventListener('click', () => {
  state.email = '';
  state.password = null;
  handoff.take('verify_email');
  timer.stop();
  renderAlert(els.verifyAlert, (state.verifyAlert = null));
  codeInput.value = '';
  setStep('form');
  qs('#signup-email').focus();
});

/* ----------------------------------------------------------- step 3: done */

function renderDone() {
  const user = state.user || getUser();
  const nickname = state.nickname || user?.nickname || '';
  const seller = state.role === 'seller' || (user && user.seller_status);
  const sellerStatus = user?.seller_status;
  const target = next || '/';
  const children = [
    h('div', { class: 'signup-done__badge', 'aria-hidden': 'true' }, icon('gift', { size: 36, strokeWidth: 1.6 })),
    h('h2', { class: 'signup-done__title', id: 'signup-done-title' }, t('done.title', { nickname })),
    h('p', { class: 'signup-done__points' },
      t('done.points_prefix'), ' ', h('strong', null, t('common.points', { n: formatNumber(29900) })), t('done.points_suffix')),
  ];
  if (seller) {
    children.push(h('p', { class: ['signup-done__seller', sellerStatus === 'approved' && 'is-approved'] },
      t(sellerStatus === 'approved' ? 'done.seller_approved' : 'done.seller_pending')));
  }
  if (state.signedIn) {
    children.push(h('p', { class: 'signup-done__text' }, t('done.signed_in')));
    children.push(h('div', { class: 'signup-done__actions' },
      h('a', { class: 'btn btn-primary btn-lg', id: 'signup-done-continue', href: target }, t(next ? 'done.continue' : 'done.shop')),
      h('a', { class: 'btn btn-secondary btn-lg', href: '/account.html' }, t('done.account'))));
  } else {
    children.push(h('p', { class: 'signup-done__text' }, t('done.please_login')));
    children.push(h('div', { class: 'signup-done__actions' },
      h('a', { class: 'btn btn-primary btn-lg', id: 'signup-done-login', href: loginHref() }, t('done.login'))));
  }
  replaceChildren(els.done, children);
}

/* ------------------------------------------------------------------ start */

if (params.get('step') === 'verify') {
  state.email = handoff.peek('verify_email') || '';
  const waitUntil = Number(handoff.take('verify_wait_until'));
  if (waitUntil > Date.now()) {
    // A code went out less than a minute ago.
    resendCooldown.start(Math.ceil((waitUntil - Date.now()) / 1000));
    timer.start();
  }
  setStep('verify', { focus: false });
} else {
  setStep('form', { focus: false });
}

devOutboxAvailable().then((ok) => {
  els.devLink.hidden = !ok;
});

langEvents.addEventListener('change', () => {
  if (state.alert) renderAlert(els.alert, state.alert);
  if (state.verifyAlert) renderAlert(els.verifyAlert, state.verifyAlert);
  if (state.step === 'verify') renderVerify();
  if (state.step === 'done') renderDone();
});
