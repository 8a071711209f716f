// My page (마이페이지): profile + avatar, password, e-mail change, phone verification, customs
// code, delivery addresses, seller application / seller profile, withdrawal.
// The URL hash selects the section (#profile, #password, #email, #phone, #customs, #addresses,
// #seller, #withdraw) so every section can be bookmarked.
import { h, qs, qsa, replaceChildren } from '../dom.js';
import { t, errorMessage, langEvents } from '../i18n.js';
import { api, fetchMe, updateUser, hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import {
  toast, showError, modal, confirmDialog, withBusy, clearFieldErrors, showFieldErrors, validateImageFile,
  formatDate, formatPoints, badge, alertBox, emptyState, skeletonLines,
} from '../ui.js';
import {
  showApiFieldErrors, wirePasswordToggles, wirePasswordRules, passwordProblem, isEmail, nicknameProblem,
  sellerProblems, fillBankSelect, cooldown, codeTimer, accountIcon, onlyDigits, formatPhone, formatBusinessNumber,
  handoff, providerLabel, loginUrlHere,
} from '../i18n/account.js';

const SECTIONS = ['profile', 'password', 'email', 'phone', 'customs', 'addresses', 'seller', 'withdraw'];
const MAX_ADDRESSES = 5;

const state = {
  me: null,
  section: null,
  addresses: null, // null until loaded
  addressesError: null,
  seller: null, // private seller profile once loaded
  sellerError: null,
  sellerLoading: false,
  pendingEmail: '',
  pendingPhone: '',
};

const els = {
  loading: qs('#account-loading'),
  error: qs('#account-error'),
  ready: qs('#account-ready'),
  summary: qs('#account-summary'),
  nav: qs('#account-nav'),
};

/* ================================================================== helpers */

function isSocial() {
  return state.me && state.me.login_type && state.me.login_type !== 'email';
}

function setMe(user) {
  state.me = { ...(state.me || {}), ...user };
}

/** Applies a `{user}` answer: local copy, the header (nickname), the summary. */
function applyUser(user) {
  if (!user) return;
  setMe(user);
  updateUser(user);
  renderSummary();
}

function initial(name) {
  return [...String(name || '?').trim()][0]?.toUpperCase() || '?';
}

function roleBadges(user) {
  const out = [];
  if (hasRole('admin', user)) out.push(badge(t('role.admin'), 'accent'));
  if (hasRole('seller', user)) out.push(badge(t('role.seller'), 'primary'));
  out.push(badge(t('role.buyer'), 'muted'));
  return out;
}

/* ================================================================== summary */

function renderSummary() {
  const me = state.me;
  if (!me) return;
  const avatar = me.avatar_url
    ? h('img', { class: 'summary-avatar', src: me.avatar_url, alt: '', width: 72, height: 72 })
    : h('span', { class: 'summary-avatar summary-avatar-initial', 'aria-hidden': 'true' }, initial(me.nickname));
  const stats = [
    h('div', { class: 'summary-stat' },
      h('span', { class: 'summary-stat__label' }, t('summary.points')),
      h('strong', { class: 'summary-stat__value', id: 'summary-points' }, formatPoints(me.points ?? 0))),
    h('div', { class: 'summary-stat' },
      h('span', { class: 'summary-stat__label' }, t('summary.phone')),
      h('strong', { class: ['summary-stat__value', me.phone_verified ? 'is-ok' : 'is-muted'] }, t(me.phone_verified ? 'summary.verified' : 'summary.unverified'))),
    h('div', { class: 'summary-stat' },
      h('span', { class: 'summary-stat__label' }, t('summary.joined')),
      h('strong', { class: 'summary-stat__value' }, formatDate(me.created_at))),
  ];
  replaceChildren(els.summary,
    h('div', { class: 'summary-profile' },
      avatar,
      h('div', { class: 'summary-profile__text' },
        h('p', { class: 'summary-name' }, h('span', { class: 'summary-name__nick' }, me.nickname || ''), h('span', { class: 'summary-name__suffix' }, t('summary.nim'))),
        h('p', { class: 'summary-email' }, me.email || ''),
        h('div', { class: 'summary-badges' }, roleBadges(me),
          me.login_type && me.login_type !== 'email' && badge(t('summary.social', { provider: providerLabel(me.login_type) }), 'info')))),
    h('div', { class: 'summary-stats' }, stats));
}

/* ================================================================= sections */

function sectionFromHash() {
  const name = decodeURIComponent(location.hash.slice(1));
  return SECTIONS.includes(name) ? name : 'profile';
}

function showSection(name, { scroll = false } = {}) {
  state.section = name;
  for (const s of qsa('.account-section')) s.hidden = s.dataset.section !== name;
  for (const a of qsa('a[data-section]', els.nav)) {
    const active = a.dataset.section === name;
    a.classList.toggle('is-active', active);
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const activeLink = qs('a.is-active', els.nav);
  if (activeLink && els.nav.scrollWidth > els.nav.clientWidth) {
    els.nav.scrollLeft = activeLink.offsetLeft - els.nav.clientWidth / 2 + activeLink.clientWidth / 2;
  }
  if (name === 'addresses' && state.addresses === null) loadAddresses();
  if (name === 'seller') ensureSeller();
  if (scroll) {
    const section = qs(`#${name}`);
    section.scrollIntoView({ block: 'start' });
    const heading = qs('.card-title', section);
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => {
  if (state.me) showSection(sectionFromHash(), { scroll: true });
});

/* ================================================================== profile */

const profileForm = qs('#profile-form');
const introCount = qs('#profile-introduction-count');

function renderIntroCount() {
  introCount.textContent = t('profile.count', { n: [...profileForm.introduction.value].length, max: 50 });
}
profileForm.introduction.addEventListener('input', renderIntroCount);

function fillProfile() {
  profileForm.nickname.value = state.me.nickname || '';
  profileForm.introduction.value = state.me.introduction || '';
  renderIntroCount();
  renderAvatar();
}

profileForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(profileForm);
  const nickname = profileForm.nickname.value.trim();
  const introduction = profileForm.introduction.value.trim();
  const fields = {};
  const nick = nicknameProblem(nickname);
  if (nick) fields.nickname = nick;
  if ([...introduction].length > 50) fields.introduction = t('v.max_chars', { n: 50 });
  if (Object.keys(fields).length) return showFieldErrors(profileForm, fields);
  const body = {};
  if (nickname !== state.me.nickname) body.nickname = nickname;
  if (introduction !== (state.me.introduction || '')) body.introduction = introduction;
  if (!Object.keys(body).length) {
    toast.info(t('account.nothing_changed'));
    return undefined;
  }
  return withBusy(qs('#profile-submit'), async () => {
    try {
      const data = await api('PATCH', '/me', { body });
      applyUser(data.user);
      fillProfile();
      toast.success(t('profile.saved'));
    } catch (err) {
      if (!showApiFieldErrors(profileForm, err)) showError(err);
    }
  });
});

/**
 * One image chosen in a file input, previewed through an object URL: `file` and `url` are the
 * choice (null when none), `clear()` drops it. `render` redraws after every change.
 */
function imageChoice(input, clearButton, render) {
  const choice = {
    file: null,
    url: null,
    clear() {
      if (choice.url) URL.revokeObjectURL(choice.url);
      choice.url = null;
      choice.file = null;
      input.value = '';
      render();
    },
  };
  input.addEventListener('change', () => {
    const file = input.files && input.files[0];
    const problem = file && validateImageFile(file);
    if (problem) toast.error(problem);
    if (!file || problem) return choice.clear();
    if (choice.url) URL.revokeObjectURL(choice.url);
    choice.file = file;
    choice.url = URL.createObjectURL(file);
    render();
    return undefined;
  });
  clearButton.addEventListener('click', () => choice.clear());
  return choice;
}

/* avatar */
const avatarForm = qs('#avatar-form');
const avatarInput = qs('#avatar-input');
const avatarImg = qs('#avatar-preview');
const avatarInitial = qs('#avatar-initial');
const avatarSubmit = qs('#avatar-submit');
const avatarCancel = qs('#avatar-cancel');

function renderAvatar() {
  const src = avatarChoice.url || state.me.avatar_url;
  avatarImg.hidden = !src;
  avatarInitial.hidden = Boolean(src);
  if (src) avatarImg.src = src;
  else avatarImg.removeAttribute('src');
  avatarInitial.textContent = initial(state.me.nickname);
  avatarSubmit.disabled = !avatarChoice.file;
  avatarCancel.hidden = !avatarChoice.file;
}

const avatarChoice = imageChoice(avatarInput, avatarCancel, () => renderAvatar());

avatarForm.addEventListener('submit', (e) => {
  e.preventDefault();
  if (!avatarChoice.file) return;
  withBusy(avatarSubmit, async () => {
    try {
      const data = await api('PUT', '/me/avatar', { form: { image: avatarChoice.file } });
      avatarChoice.clear();
      applyUser(data.user);
      renderAvatar();
      toast.success(t('profile.avatar_saved'));
    } catch (err) {
      showError(err);
    }
  });
});

/* ================================================================= password */

const passwordForm = qs('#password-form');

function renderPasswordSection() {
  const social = isSocial();
  passwordForm.hidden = social;
  const box = qs('#password-social');
  box.hidden = !social;
  if (social) replaceChildren(box, alertBox(t('password.social', { provider: providerLabel(state.me.login_type) }), { type: 'info' }));
}

passwordForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(passwordForm);
  const f = passwordForm;
  const fields = {};
  if (!f.current_password.value) fields.current_password = t('v.password_required');
  const pw = passwordProblem(f.new_password.value);
  if (pw) fields.new_password = pw;
  else if (f.new_password.value === f.current_password.value) fields.new_password = t('v.password_same');
  if (!f.new_password_confirm.value) fields.new_password_confirm = t('v.password_confirm_required');
  else if (f.new_password_confirm.value !== f.new_password.value) fields.new_password_confirm = t('v.password_mismatch');
  if (Object.keys(fields).length) return showFieldErrors(f, fields);
  return withBusy(qs('#password-submit'), async () => {
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

/* ==================================================================== email */

const emailForm = qs('#email-form');
const emailConfirmForm = qs('#email-confirm-form');
const emailCooldown = cooldown(qs('#email-resend'), 'verify.resend', 'verify.resend_wait');
const emailTimer = codeTimer(qs('#email-timer'));

function renderEmailSection() {
  qs('#email-current').textContent = state.me.email || '';
  emailConfirmForm.hidden = !state.pendingEmail;
  if (state.pendingEmail) {
    replaceChildren(qs('#email-sent-to'), h('strong', { class: 'code-panel__target' }, state.pendingEmail), h('span', null, t('email.sent_suffix')));
  }
}

async function sendEmailCode(address) {
  await api('POST', '/me/email', { body: { new_email: address } });
  state.pendingEmail = address;
  emailCooldown.start(60);
  emailTimer.start();
  renderEmailSection();
}

emailForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(emailForm);
  const address = emailForm.new_email.value.trim();
  if (!address) return showFieldErrors(emailForm, { new_email: t('v.email_required') });
  if (!isEmail(address)) return showFieldErrors(emailForm, { new_email: t('v.email') });
  if (address.toLowerCase() === String(state.me.email || '').toLowerCase()) return showFieldErrors(emailForm, { new_email: t('v.email_same') });
  return withBusy(qs('#email-submit'), async () => {
    try {
      await sendEmailCode(address);
      qs('#email-code').focus();
    } catch (err) {
      if (!showApiFieldErrors(emailForm, err, { email_taken: 'new_email' })) showError(err);
    }
  });
});

qs('#email-code').addEventListener('input', (e) => {
  const v = e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 10);
  if (v !== e.target.value) e.target.value = v;
});

emailConfirmForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(emailConfirmForm);
  const code = emailConfirmForm.code.value.trim();
  if (code.length !== 10) return showFieldErrors(emailConfirmForm, { code: t(code ? 'v.code_length' : 'v.code_required', { n: 10 }) });
  return withBusy(qs('#email-confirm-submit'), async () => {
    try {
      const data = await api('POST', '/me/email/confirm', { body: { code } });
      state.pendingEmail = '';
      emailTimer.stop();
      emailForm.reset();
      emailConfirmForm.reset();
      applyUser(data.user);
      renderEmailSection();
      toast.success(t('email.changed'));
    } catch (err) {
      if (!showApiFieldErrors(emailConfirmForm, err, { code_invalid: 'code', code_expired: 'code', code_not_issued: 'code', email_taken: 'code' })) showError(err);
    }
  });
});

qs('#email-resend').addEventListener('click', (e) => withBusy(e.currentTarget, async () => {
  try {
    await sendEmailCode(state.pendingEmail);
    toast.success(t('verify.resent'));
  } catch (err) {
    if (err.code === 'rate_limited') emailCooldown.start(err.retryAfter || 60);
    showError(err);
  }
}));

qs('#email-cancel').addEventListener('click', () => {
  state.pendingEmail = '';
  emailTimer.stop();
  emailConfirmForm.reset();
  clearFieldErrors(emailConfirmForm);
  renderEmailSection();
});

/* ==================================================================== phone */

const phoneForm = qs('#phone-form');
const phoneVerifyForm = qs('#phone-verify-form');
const phoneCooldown = cooldown(qs('#phone-resend'), 'phone.resend', 'verify.resend_wait');
const phoneTimer = codeTimer(qs('#phone-timer'));

function renderPhoneSection() {
  const verified = Boolean(state.me.phone_verified);
  replaceChildren(qs('#phone-badge'), badge(t(verified ? 'summary.verified' : 'summary.unverified'), verified ? 'success' : 'warning'));
  qs('#phone-lead').textContent = t(verified ? 'phone.lead_verified' : 'phone.lead_unverified');
  phoneVerifyForm.hidden = !state.pendingPhone;
  if (state.pendingPhone) {
    replaceChildren(qs('#phone-sent-to'), h('strong', { class: 'code-panel__target' }, formatPhone(state.pendingPhone)), h('span', null, t('phone.sent_suffix')));
  }
}

async function sendPhoneCode(phone) {
  await api('PUT', '/me/phone', { body: { phone } });
  state.pendingPhone = phone;
  phoneCooldown.start(60);
  phoneTimer.start();
  renderPhoneSection();
}

phoneForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(phoneForm);
  const phone = onlyDigits(phoneForm.phone.value);
  if (!phone) return showFieldErrors(phoneForm, { phone: t('v.phone_required') });
  if (!/^01\d{9}$/.test(phone)) return showFieldErrors(phoneForm, { phone: t('v.phone') });
  return withBusy(qs('#phone-submit'), async () => {
    try {
      await sendPhoneCode(phone);
      qs('#phone-code').focus();
    } catch (err) {
      if (!showApiFieldErrors(phoneForm, err)) showError(err);
    }
  });
});

qs('#phone-code').addEventListener('input', (e) => {
  const v = e.target.value.replace(/\D/g, '').slice(0, 4);
  if (v !== e.target.value) e.target.value = v;
});

phoneVerifyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(phoneVerifyForm);
  const code = phoneVerifyForm.code.value.trim();
  if (!/^\d{4}$/.test(code)) return showFieldErrors(phoneVerifyForm, { code: t(code ? 'v.code_length' : 'v.code_required', { n: 4 }) });
  return withBusy(qs('#phone-verify-submit'), async () => {
    try {
      const data = await api('POST', '/me/phone/verify', { body: { code } });
      state.pendingPhone = '';
      phoneTimer.stop();
      phoneForm.reset();
      phoneVerifyForm.reset();
      applyUser(data.user);
      renderPhoneSection();
      renderAddresses();
      toast.success(t('phone.verified'));
    } catch (err) {
      if (!showApiFieldErrors(phoneVerifyForm, err, { code_invalid: 'code', code_expired: 'code', code_not_issued: 'code' })) showError(err);
    }
  });
});

qs('#phone-resend').addEventListener('click', (e) => withBusy(e.currentTarget, async () => {
  try {
    await sendPhoneCode(state.pendingPhone);
    toast.success(t('phone.resent'));
  } catch (err) {
    if (err.code === 'rate_limited') phoneCooldown.start(err.retryAfter || 60);
    showError(err);
  }
}));

qs('#phone-cancel').addEventListener('click', () => {
  state.pendingPhone = '';
  phoneTimer.stop();
  phoneVerifyForm.reset();
  clearFieldErrors(phoneVerifyForm);
  renderPhoneSection();
});

/* ================================================================== customs */

const customsForm = qs('#customs-form');

function renderCustoms() {
  const current = qs('#customs-current');
  const code = state.me.customs_code;
  current.textContent = code || t('customs.none');
  current.classList.toggle('text-muted', !code);
  qs('#customs-code-label').textContent = t(code ? 'customs.replace' : 'customs.new');
}

customsForm.customs_code.addEventListener('input', (e) => {
  const v = e.target.value.toUpperCase().replace(/[^P0-9]/g, '').slice(0, 13);
  if (v !== e.target.value) e.target.value = v;
});

customsForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(customsForm);
  const code = customsForm.customs_code.value.trim().toUpperCase();
  if (!code) return showFieldErrors(customsForm, { customs_code: t('v.customs_required') });
  if (!/^P\d{12}$/.test(code)) return showFieldErrors(customsForm, { customs_code: t('v.customs') });
  return withBusy(qs('#customs-submit'), async () => {
    try {
      const data = await api('PUT', '/me/customs-code', { body: { customs_code: code } });
      state.me.customs_code = data?.customs_code ?? state.me.customs_code;
      customsForm.reset();
      renderCustoms();
      toast.success(t('customs.done'));
    } catch (err) {
      if (!showApiFieldErrors(customsForm, err)) showError(err);
    }
  });
});

/* ================================================================ addresses */

const addressList = qs('#address-list');
const addressAdd = qs('#address-add');

async function loadAddresses() {
  state.addressesError = null;
  renderAddresses({ loading: true });
  try {
    const list = await api('GET', '/me/addresses');
    state.addresses = Array.isArray(list) ? list : Array.isArray(list?.items) ? list.items : [];
  } catch (err) {
    state.addresses = null;
    state.addressesError = err;
  }
  renderAddresses();
}

function renderAddresses({ loading = false } = {}) {
  if (!state.me) return;
  const notice = qs('#address-notice');
  const verified = Boolean(state.me.phone_verified);
  const list = state.addresses || [];
  const full = list.length >= MAX_ADDRESSES;
  qs('#address-count').textContent = state.addresses ? t('address.count', { n: list.length, max: MAX_ADDRESSES }) : '';
  addressAdd.disabled = !verified || full || !state.addresses;
  const notes = [];
  if (!verified) {
    notes.push(h('div', { class: 'alert alert-warning address-phone-alert', id: 'address-phone-required', role: 'status' },
      accountIcon('phone'),
      h('div', null,
        h('p', null, t('address.need_phone')),
        h('a', { class: 'alert__link', href: '#phone' }, t('address.go_phone')))));
  } else if (full) {
    notes.push(alertBox(t('address.full', { max: MAX_ADDRESSES }), { type: 'info' }));
  }
  replaceChildren(notice, notes);
  if (loading) {
    replaceChildren(addressList, skeletonLines(3));
    return;
  }
  if (state.addressesError) {
    replaceChildren(addressList, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('address.load_failed'),
      message: state.addressesError.message,
      action: { label: t('common.retry'), onClick: loadAddresses },
    }));
    return;
  }
  if (!list.length) {
    replaceChildren(addressList, emptyState({
      icon: 'home',
      title: t('address.empty_title'),
      message: t(verified ? 'address.empty_text' : 'address.empty_text_phone'),
      action: verified ? { label: t('address.add'), onClick: () => openAddressForm(null) } : null,
    }));
    return;
  }
  replaceChildren(addressList, list.map(addressCard));
}

function addressCard(a) {
  const setDefault = a.is_default ? null : h('button', { type: 'button', class: 'btn btn-ghost btn-sm', dataset: { action: 'default' } }, t('address.make_default'));
  setDefault?.addEventListener('click', () => withBusy(setDefault, () => makeDefault(a)));
  const edit = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', dataset: { action: 'edit' }, onClick: () => openAddressForm(a) }, t('common.edit'));
  const del = h('button', { type: 'button', class: 'btn btn-ghost btn-sm address-card__delete', dataset: { action: 'delete' }, 'aria-label': t('address.delete_label', { name: a.recipient }) },
    accountIcon('trash', 16), h('span', null, t('common.delete')));
  del.addEventListener('click', () => removeAddress(a, del));
  return h('article', { class: ['address-card', a.is_default && 'is-default'], dataset: { addressId: a.id } },
    h('div', { class: 'address-card__head' },
      h('span', { class: 'address-card__pin', 'aria-hidden': 'true' }, accountIcon('pin', 18)),
      h('strong', { class: 'address-card__name' }, a.recipient),
      a.is_default && badge(t('address.default'), 'primary')),
    h('p', { class: 'address-card__addr' },
      h('span', { class: 'address-card__postal' }, `[${a.postal_code}]`), ' ', a.address,
      a.detail_address ? h('span', { class: 'address-card__detail' }, ` ${a.detail_address}`) : null),
    h('p', { class: 'address-card__phone' }, formatPhone(a.phone)),
    h('div', { class: 'address-card__actions' }, setDefault, edit, del));
}

function addressBody(a, overrides = {}) {
  return {
    postal_code: a.postal_code,
    address: a.address,
    detail_address: a.detail_address || '',
    recipient: a.recipient,
    phone: a.phone,
    is_default: Boolean(a.is_default),
    ...overrides,
  };
}

async function makeDefault(a) {
  try {
    await api('PUT', `/me/addresses/${a.id}`, { body: addressBody(a, { is_default: true }) });
    toast.success(t('address.default_set'));
    await loadAddresses();
  } catch (err) {
    showError(err);
  }
}

async function removeAddress(a, button) {
  const ok = await confirmDialog(t('address.delete_confirm', { name: a.recipient }), {
    title: t('address.delete_title'),
    confirmLabel: t('common.delete'),
    danger: true,
  });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      await api('DELETE', `/me/addresses/${a.id}`);
      toast.success(t('address.deleted'));
      await loadAddresses();
    } catch (err) {
      showError(err);
      if (err.code === 'not_found') await loadAddresses();
    }
  });
}

function field(id, labelKey, input, { help, required = true } = {}) {
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, t(labelKey), required && h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    input,
    help && h('p', { class: 'field-help' }, help));
}

function openAddressForm(existing) {
  const a = existing || {};
  const isDefaultLocked = Boolean(existing && existing.is_default);
  const firstAddress = !existing && (state.addresses || []).length === 0;
  const form = h('form', { class: 'form address-form', id: 'address-form', method: 'post', novalidate: true },
    h('div', { class: 'field-row' },
      field('address-recipient', 'address.recipient', h('input', { class: 'input', id: 'address-recipient', name: 'recipient', type: 'text', maxlength: 30, autocomplete: 'name', value: a.recipient || '' })),
      field('address-phone', 'address.phone', h('input', { class: 'input', id: 'address-phone', name: 'phone', type: 'tel', inputmode: 'numeric', maxlength: 13, autocomplete: 'tel', placeholder: '01012345678', value: a.phone || '' }))),
    field('address-postal', 'address.postal_code', h('input', { class: 'input input-postal', id: 'address-postal', name: 'postal_code', type: 'text', inputmode: 'numeric', maxlength: 5, autocomplete: 'postal-code', placeholder: '06236', value: a.postal_code || '' }), { help: t('address.postal_help') }),
    field('address-address', 'address.address', h('input', { class: 'input', id: 'address-address', name: 'address', type: 'text', maxlength: 200, autocomplete: 'address-line1', placeholder: t('address.address_placeholder'), value: a.address || '' })),
    field('address-detail', 'address.detail', h('input', { class: 'input', id: 'address-detail', name: 'detail_address', type: 'text', maxlength: 100, autocomplete: 'address-line2', placeholder: t('address.detail_placeholder'), value: a.detail_address || '' }), { required: false }),
    h('label', { class: 'check', for: 'address-default' },
      h('input', { type: 'checkbox', id: 'address-default', name: 'is_default', checked: isDefaultLocked || firstAddress, disabled: isDefaultLocked }),
      h('span', null, t(isDefaultLocked ? 'address.is_default_locked' : 'address.set_default'))));
  const postal = qs('[name="postal_code"]', form);
  postal.addEventListener('input', () => {
    const v = postal.value.replace(/\D/g, '').slice(0, 5);
    if (v !== postal.value) postal.value = v;
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    qs('.modal__actions .btn-primary', form.closest('dialog'))?.click();
  });
  // A hidden submit button lets Enter in a field submit the dialog.
  form.appendChild(h('button', { type: 'submit', class: 'sr-only', tabindex: '-1', 'aria-hidden': 'true' }, t('common.save')));

  async function save() {
    clearFieldErrors(form);
    const body = {
      recipient: form.recipient.value.trim(),
      phone: onlyDigits(form.phone.value),
      postal_code: form.postal_code.value.trim(),
      address: form.address.value.trim(),
      detail_address: form.detail_address.value.trim(),
      is_default: isDefaultLocked || form.is_default.checked,
    };
    const fields = {};
    if (!body.recipient) fields.recipient = t('v.required');
    if (!body.phone) fields.phone = t('v.phone_required');
    else if (!/^01\d{9}$/.test(body.phone)) fields.phone = t('v.phone');
    if (!body.postal_code) fields.postal_code = t('v.required');
    else if (!/^\d{5}$/.test(body.postal_code)) fields.postal_code = t('v.postal');
    if (!body.address) fields.address = t('v.required');
    if (Object.keys(fields).length) {
      showFieldErrors(form, fields);
      return false;
    }
    try {
      if (existing) await api('PUT', `/me/addresses/${existing.id}`, { body });
      else await api('POST', '/me/addresses', { body });
    } catch (err) {
      if (showApiFieldErrors(form, err)) return false;
      if (err.code === 'phone_unverified') {
        state.me.phone_verified = false;
        renderAddresses();
      }
      throw err;
    }
    return true;
  }

  modal({
    title: t(existing ? 'address.edit_title' : 'address.add_title'),
    body: form,
    className: 'address-modal',
    actions: [
      { label: t('common.cancel'), value: false, variant: 'secondary' },
      { label: t('common.save'), variant: 'primary', handler: save },
    ],
  }).then(async (saved) => {
    if (saved === true) {
      toast.success(t(existing ? 'address.updated' : 'address.added'));
      await loadAddresses();
    }
  });
  setTimeout(() => form.recipient.focus(), 30);
}

addressAdd.addEventListener('click', () => openAddressForm(null));

/* =================================================================== seller */

const sellerForm = qs('#seller-form');
const logoInput = qs('#seller-logo-input');
const logoImg = qs('#seller-logo-preview');
const logoEmpty = qs('#seller-logo-empty');
const logoClear = qs('#seller-logo-clear');
fillBankSelect(qs('#seller-bank-name'));
logoEmpty.appendChild(icon('store', { size: 28, strokeWidth: 1.6 }));

const SELLER_FIELDS = ['company_name', 'business_number', 'owner_name', 'contact', 'bank_name', 'account_number', 'account_holder'];
const DIGIT_FIELDS = new Set(['business_number', 'contact', 'account_number']);

function hasSellerProfile() {
  return Boolean(state.me.seller_status);
}

async function ensureSeller({ force = false } = {}) {
  if (!hasSellerProfile()) {
    renderSeller();
    return;
  }
  if ((state.seller && !force) || state.sellerLoading) {
    renderSeller();
    return;
  }
  state.sellerLoading = true;
  state.sellerError = null;
  renderSeller();
  try {
    state.seller = await api('GET', '/me/seller');
  } catch (err) {
    state.sellerError = err;
  }
  state.sellerLoading = false;
  fillSellerForm();
  renderSeller();
}

function renderSellerNav() {
  const label = t(hasSellerProfile() ? 'account.nav.seller_profile' : 'account.nav.seller_apply');
  qs('#account-nav-seller').textContent = label;
  qs('#seller-title').textContent = label;
}

function renderSeller() {
  renderSellerNav();
  const status = qs('#seller-status');
  const badgeSlot = qs('#seller-badge');
  if (!hasSellerProfile()) {
    replaceChildren(badgeSlot);
    replaceChildren(status, sellerIntro());
    sellerForm.hidden = false;
    qs('#seller-submit-label').textContent = t('seller.apply_submit');
    renderLogo();
    return;
  }
  const s = state.seller;
  const st = s?.status || state.me.seller_status;
  const tone = st === 'approved' ? 'success' : st === 'rejected' ? 'danger' : 'warning';
  replaceChildren(badgeSlot, badge(t(`seller.status_${st}`), tone));
  if (state.sellerLoading) {
    sellerForm.hidden = true;
    replaceChildren(status, skeletonLines(4));
    return;
  }
  if (state.sellerError) {
    sellerForm.hidden = true;
    replaceChildren(status, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('seller.load_failed'),
      message: state.sellerError.message,
      action: { label: t('common.retry'), onClick: () => ensureSeller({ force: true }) },
    }));
    return;
  }
  const box = [];
  if (st === 'approved') {
    box.push(h('div', { class: 'alert alert-success seller-state', dataset: { status: st } },
      icon('check-circle'),
      h('div', null,
        h('p', null, t('seller.approved_text', { company: s?.company_name || '' })),
        h('a', { class: 'alert__link', href: '/seller/products.html' }, t('seller.go_center')))));
  } else if (st === 'rejected') {
    box.push(h('div', { class: 'alert alert-error seller-state', dataset: { status: st } },
      icon('alert-circle'),
      h('div', null,
        h('p', null, t('seller.rejected_text')),
        s?.reject_reason && h('p', { class: 'seller-state__reason' }, h('strong', null, t('seller.reason')), ' ', s.reject_reason),
        h('p', { class: 'seller-state__hint' }, t('seller.rejected_hint')))));
  } else {
    box.push(h('div', { class: 'alert alert-warning seller-state', dataset: { status: st } },
      icon('info'),
      h('div', null,
        h('p', null, t('seller.pending_text')),
        s?.created_at && h('p', { class: 'seller-state__hint' }, t('seller.applied_at', { date: formatDate(s.created_at) })))));
  }
  replaceChildren(status, box);
  sellerForm.hidden = false;
  qs('#seller-submit-label').textContent = t('seller.save_submit');
  renderLogo();
}

function sellerIntro() {
  const steps = ['seller.flow1', 'seller.flow2', 'seller.flow3'];
  return h('div', { class: 'seller-intro' },
    h('p', { class: 'section-lead' }, t('seller.apply_lead')),
    h('ol', { class: 'seller-flow' }, steps.map((k, i) => h('li', { class: 'seller-flow__item' },
      h('span', { class: 'seller-flow__num' }, String(i + 1)),
      h('span', null, t(k))))));
}

function fillSellerForm() {
  const s = state.seller;
  if (!s) return;
  for (const name of SELLER_FIELDS) {
    const el = sellerForm.elements.namedItem(name);
    if (!el) continue;
    if (name === 'bank_name') fillBankSelect(el, s.bank_name || '');
    else if (name === 'business_number') el.value = formatBusinessNumber(s.business_number || '');
    else el.value = s[name] || '';
  }
}

function renderLogo() {
  const src = logoChoice.url || state.seller?.logo_url;
  logoImg.hidden = !src;
  logoEmpty.hidden = Boolean(src);
  if (src) logoImg.src = src;
  else logoImg.removeAttribute('src');
  logoClear.hidden = !logoChoice.file;
}

const logoChoice = imageChoice(logoInput, logoClear, () => renderLogo());

function sellerValues() {
  const out = {};
  for (const name of SELLER_FIELDS) {
    const raw = String(sellerForm.elements.namedItem(name)?.value || '').trim();
    out[name] = DIGIT_FIELDS.has(name) ? onlyDigits(raw) : raw;
  }
  return out;
}

sellerForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(sellerForm);
  const values = sellerValues();
  const fields = sellerProblems(values);
  if (Object.keys(fields).length) return showFieldErrors(sellerForm, fields);
  return withBusy(qs('#seller-submit'), () => (hasSellerProfile() ? saveSeller(values) : applySeller(values)));
});

async function refreshMe() {
  try {
    const me = await fetchMe({ force: true });
    if (me) {
      setMe(me);
      updateUser(me);
      renderSummary();
    }
  } catch {
    /* keep what we have */
  }
}

async function applySeller(values) {
  try {
    const seller = logoChoice.file
      ? await api('POST', '/me/seller', { form: { ...values, logo: logoChoice.file } })
      : await api('POST', '/me/seller', { body: values });
    state.seller = seller;
    logoChoice.clear();
    state.me.seller_status = seller?.status || 'pending';
    fillSellerForm();
    await refreshMe();
    renderSeller();
    toast.success(t(seller?.status === 'approved' ? 'seller.applied_approved' : 'seller.applied'));
    qs('#seller').scrollIntoView({ block: 'start' });
  } catch (err) {
    if (showApiFieldErrors(sellerForm, err, { company_name_taken: 'company_name' })) return;
    if (err.code === 'already_seller') {
      await refreshMe();
      await ensureSeller({ force: true });
    }
    showError(err);
  }
}

async function saveSeller(values) {
  const changes = {};
  for (const name of SELLER_FIELDS) {
    const before = DIGIT_FIELDS.has(name) ? onlyDigits(state.seller?.[name] || '') : String(state.seller?.[name] || '');
    if (values[name] !== before) changes[name] = values[name];
  }
  if (!Object.keys(changes).length && !logoChoice.file) {
    toast.info(t('account.nothing_changed'));
    return;
  }
  try {
    if (Object.keys(changes).length) state.seller = await api('PATCH', '/me/seller', { body: changes });
    if (logoChoice.file) {
      state.seller = await api('PUT', '/me/seller/logo', { form: { image: logoChoice.file } });
      logoChoice.clear();
    }
    fillSellerForm();
    renderSeller();
    toast.success(t('seller.saved'));
  } catch (err) {
    if (!showApiFieldErrors(sellerForm, err, { company_name_taken: 'company_name' })) showError(err);
  }
}

/* ================================================================= withdraw */

const withdrawForm = qs('#withdraw-form');

function renderWithdraw() {
  const social = isSocial();
  withdrawForm.hidden = social;
  const box = qs('#withdraw-social');
  box.hidden = !social;
  if (social) replaceChildren(box, alertBox(t('withdraw.social', { provider: providerLabel(state.me.login_type) }), { type: 'info' }));
}

withdrawForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(withdrawForm);
  const password = withdrawForm.password.value;
  const fields = {};
  if (!password) fields.password = t('v.password_required');
  if (!withdrawForm.agree.checked) fields.agree = t('withdraw.agree_required');
  if (Object.keys(fields).length) {
    showFieldErrors(withdrawForm, fields);
    return;
  }
  const ok = await confirmDialog(t('withdraw.confirm_text'), {
    title: t('withdraw.confirm_title'),
    confirmLabel: t('withdraw.confirm_button'),
    danger: true,
  });
  if (!ok) return;
  await withBusy(qs('#withdraw-submit'), async () => {
    try {
      await api('DELETE', '/me', { body: { password } });
    } catch (err) {
      if (!showApiFieldErrors(withdrawForm, err, { wrong_password: 'password' })) showError(err);
      return;
    }
    // The server ended every session and cleared the cookie; leave before anything else asks.
    handoff.set('login_notice', 'withdrawn');
    location.replace('/login.html');
    await new Promise(() => {});
  });
});

/* ==================================================================== start */

function renderAll() {
  renderSummary();
  fillProfile();
  renderPasswordSection();
  renderEmailSection();
  renderPhoneSection();
  renderCustoms();
  renderAddresses();
  renderSeller();
  renderWithdraw();
}

wirePasswordToggles(document);
wirePasswordRules(qs('#password-new'), qs('#password-rules'));

async function start() {
  const user = await mountLayout({ active: 'account' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  let me = null;
  try {
    me = await fetchMe({ force: true });
  } catch (err) {
    els.loading.hidden = true;
    els.error.hidden = false;
    replaceChildren(els.error, emptyState({
      icon: 'alert-circle',
      tone: 'error',
      title: t('account.load_failed'),
      message: err.message || errorMessage(err.code),
      action: { label: t('common.retry'), onClick: () => location.reload() },
    }));
    return;
  }
  setMe(me || user);
  els.loading.hidden = true;
  els.ready.hidden = false;
  renderAll();
  showSection(sectionFromHash(), { scroll: false });
  if (location.hash && SECTIONS.includes(location.hash.slice(1))) qs(`#${state.section}`).scrollIntoView({ block: 'start' });
}

start();

langEvents.addEventListener('change', () => {
  if (!state.me) return;
  renderSummary();
  renderIntroCount();
  renderPasswordSection();
  renderEmailSection();
  renderPhoneSection();
  renderCustoms();
  renderAddresses();
  renderSeller();
  renderWithdraw();
});
