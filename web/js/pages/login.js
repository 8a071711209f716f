// Login: e-mail + password, every refusal explained with the next step, social providers the
// server has enabled, and ?next= (same-site paths only) after a successful login.
import { h, qs, replaceChildren } from '../dom.js';
import { t, errorMessage, langEvents } from '../i18n.js';
import { api, setSession } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { withBusy, clearFieldErrors, showFieldErrors } from '../ui.js';
import { safeNext } from '../logic/safe-next.js';
import { showApiFieldErrors } from '../form-errors.js';
import { wirePasswordToggles } from '../widgets/password-fields.js';
import { handoff } from '../navigation.js';
import { providerLabel, socialStartUrl, loadProviders } from '../social-login.js';
import { isEmail } from '../logic/validate.js';
import '../i18n/auth.js';

const params = new URLSearchParams(location.search);
const next = safeNext(params.get('next'));

const form = qs('#login-form');
const submit = qs('#login-submit');
const alertEl = qs('#login-alert');
const notice = qs('#login-notice');
const social = qs('#social-login');
const socialButtons = qs('#social-login-buttons');

let providers = []; // enabled provider names
let shown = null; // { kind: 'error'|'notice', code, email, provider } to re-render on language change
let noticeState = null;

wirePasswordToggles(document);

// Keep ?next= on the links that lead back here.
if (next) {
  const q = `?next=${encodeURIComponent(next)}`;
  for (const a of document.querySelectorAll('a[href="/signup.html"]')) a.setAttribute('href', `/signup.html${q}`);
}

const prefill = handoff.take('login_email');
if (prefill) form.email.value = prefill;

/* ----------------------------------------------------------------- alerts */

function resetLink(reason, label) {
  return h('a', {
    class: 'auth-alert__action',
    href: `/reset.html${reason ? `?reason=${reason}` : ''}`,
    onClick: () => {
      const email = form.email.value.trim();
      if (email) handoff.set('reset_email', email);
    },
  }, label);
}

function alertBody(state) {
  const { code } = state;
  const message = errorMessage(code, { retryAfter: state.retryAfter, provider: state.provider, fallback: state.serverMessage });
  const parts = [h('p', { class: 'auth-alert__message' }, message)];
  const actions = [];
  if (code === 'account_locked') {
    actions.push(resetLink('locked', t('login.unlock_by_reset')));
  } else if (code === 'email_unverified') {
    const resend = h('button', { type: 'button', id: 'login-resend-code', class: 'btn btn-primary btn-sm' }, t('login.resend_code'));
    resend.addEventListener('click', () => withBusy(resend, () => goVerify(state.email, true)));
    actions.push(resend);
    actions.push(h('button', {
      type: 'button',
      class: 'btn-link auth-alert__action',
      onClick: () => goVerify(state.email, false),
    }, t('login.have_code')));
  } else if (code === 'account_dormant') {
    parts.push(h('p', { class: 'auth-alert__hint' }, t('login.dormant_hint')));
    actions.push(h('a', {
      class: 'btn btn-primary btn-sm',
      id: 'login-reactivate',
      href: '/reset.html?reason=dormant',
      onClick: () => {
        const email = form.email.value.trim();
        if (email) handoff.set('reset_email', email);
      },
    }, t('login.reactivate')));
  } else if (code === 'account_suspended') {
    parts.push(h('p', { class: 'auth-alert__hint' }, t('login.suspended_hint')));
  } else if (code === 'social_account' || code === 'email_registered_with_other_method') {
    const p = String(state.provider || '').toLowerCase();
    if (p && providers.includes(p)) actions.push(socialButton(p));
  } else if (code === 'invalid_credentials') {
    actions.push(resetLink('', t('login.forgot_question')));
  }
  if (actions.length) parts.push(h('div', { class: 'auth-alert__actions' }, actions));
  return parts;
}

function tone(code) {
  if (code === 'email_unverified' || code === 'account_dormant' || code === 'social_account') return 'warning';
  return 'error';
}

function renderAlert() {
  if (!shown) {
    alertEl.hidden = true;
    replaceChildren(alertEl);
    delete alertEl.dataset.code;
    return;
  }
  const kind = tone(shown.code);
  alertEl.hidden = false;
  alertEl.className = `auth-alert auth-alert-${kind}`;
  alertEl.dataset.code = shown.code;
  alertEl.setAttribute('role', 'alert');
  replaceChildren(alertEl,
    h('span', { class: 'auth-alert__icon' }, icon(kind === 'warning' ? 'info' : 'alert-circle')),
    h('div', { class: 'auth-alert__body' }, alertBody(shown)));
}

function showAlert(state) {
  shown = state;
  renderAlert();
}

function renderNotice() {
  if (!noticeState) {
    notice.hidden = true;
    return;
  }
  notice.hidden = false;
  notice.className = `auth-notice auth-notice-${noticeState.tone || 'success'}`;
  notice.dataset.notice = noticeState.key;
  const children = [
    icon(noticeState.tone === 'info' ? 'info' : 'check-circle'),
    h('div', null,
      h('p', null, noticeState.text ? noticeState.text() : t(noticeState.key)),
      noticeState.action && h('a', { class: 'auth-notice__action', href: noticeState.action.href }, t(noticeState.action.label))),
  ];
  replaceChildren(notice, children);
}

/* ----------------------------------------------------------- verify step */

async function goVerify(email, resend) {
  const address = (email || form.email.value || '').trim();
  if (resend && address) {
    try {
      await api('POST', '/auth/email/resend', { body: { email: address }, auth: false });
      handoff.set('verify_wait_until', String(Date.now() + 60_000));
    } catch (err) {
      // Rate limited: a code went out a moment ago; the code step can send another later.
      if (err.code === 'rate_limited') {
        handoff.set('verify_wait_until', String(Date.now() + (err.retryAfter || 60) * 1000));
      } else {
        showAlert({ code: err.code, retryAfter: err.retryAfter, serverMessage: err.serverMessage, email: address });
        return;
      }
    }
  }
  if (address) handoff.set('verify_email', address);
  const q = new URLSearchParams({ step: 'verify' });
  if (next) q.set('next', next);
  location.assign(`/signup.html?${q}`);
}

/* ----------------------------------------------------------------- social */

function socialButton(provider) {
  return h('a', {
    class: ['btn', 'btn-social', `btn-social-${provider}`],
    href: socialStartUrl(provider, next || '/'),
    dataset: { provider },
  }, h('span', { class: 'btn-social__mark', 'aria-hidden': 'true' }, provider === 'kakao' ? 'K' : provider === 'naver' ? 'N' : 'G'),
  h('span', null, t('login.social_with', { provider: providerLabel(provider) })));
}

function renderSocial() {
  social.hidden = providers.length === 0;
  replaceChildren(socialButtons, providers.map(socialButton));
}

/* ----------------------------------------------------------------- submit */

function validate() {
  const fields = {};
  const email = form.email.value.trim();
  if (!email) fields.email = t('v.email_required');
  else if (!isEmail(email)) fields.email = t('v.email');
  if (!form.password.value) fields.password = t('v.password_required');
  return fields;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  showAlert(null);
  if (noticeState && noticeState.key !== 'login.already') {
    noticeState = null;
    renderNotice();
  }
  const fields = validate();
  if (Object.keys(fields).length) {
    showFieldErrors(form, fields);
    return;
  }
  const email = form.email.value.trim();
  withBusy(submit, async () => {
    try {
      const data = await api('POST', '/auth/login', { body: { email, password: form.password.value }, auth: false });
      setSession(data);
      location.assign(next || '/');
      await new Promise(() => {}); // keep the button busy while the next page loads
    } catch (err) {
      if (err.code === 'invalid_input' && showApiFieldErrors(form, err)) return;
      if (err.code === 'invalid_credentials') {
        form.password.value = '';
        form.password.focus();
      }
      showAlert({ code: err.code, retryAfter: err.retryAfter, provider: err.provider, email, serverMessage: err.serverMessage });
    }
  });
});

/* ------------------------------------------------------------------ start */

const oauthError = params.get('error');
if (oauthError && /^[a-z_]{1,40}$/.test(oauthError)) {
  showAlert({ code: oauthError });
  params.delete('error');
  const rest = params.toString();
  history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
}

const arrivedWith = handoff.take('login_notice');
if (arrivedWith === 'verified') noticeState = { key: 'login.notice_verified' };
else if (arrivedWith === 'reset') noticeState = { key: 'login.notice_reset' };
else if (arrivedWith === 'withdrawn') noticeState = { key: 'login.notice_withdrawn', tone: 'info' };
renderNotice();

loadProviders().then((list) => {
  providers = list;
  renderSocial();
  if (shown) renderAlert();
});

mountLayout({ active: 'login' }).then((user) => {
  if (user && !noticeState) {
    noticeState = {
      key: 'login.already',
      tone: 'info',
      text: () => t('login.already', { nickname: user.nickname || '' }),
      action: { href: next || '/', label: next ? 'login.continue' : 'login.go_shopping' },
    };
    renderNotice();
  }
  if (!form.email.value) form.email.focus({ preventScroll: true });
  else if (!user) form.password.focus({ preventScroll: true });
});

langEvents.addEventListener('change', () => {
  renderAlert();
  renderNotice();
  renderSocial();
});
