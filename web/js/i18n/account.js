// Labels of the account area (login, signup, password reset, my page, dev outbox, operator pages),
// plus the small text and form helpers those pages share: localised field errors, password rules,
// code timers, resend cooldowns and the sessionStorage hand-over of an e-mail address between
// pages (never a token).
import { h, svg, clear } from '../dom.js';
import { t, extendMessages, errorMessage, hasKey, langEvents } from '../i18n.js';
import { api, apiUrl, hasRole } from '../api.js';
import { showFieldErrors } from '../ui.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { adminNav } from '../components/admin-nav.js';

/* ------------------------------------------------------------- navigation */

/** A same-site path for ?next= (never another origin, never the auth pages themselves), or null. */
export function safeNext(raw) {
  if (!raw || typeof raw !== 'string' || raw.length > 500) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\\]/.test(raw)) return null;
  let url;
  try {
    url = new URL(raw, location.origin);
  } catch {
    return null;
  }
  if (url.origin !== location.origin) return null;
  if (/^\/(login|signup|reset|oauth)\.html$/.test(url.pathname) || url.pathname.startsWith('/api/')) return null;
  return url.pathname + url.search + url.hash;
}

/** /login.html?next=<this page>. */
export function loginUrlHere() {
  return `/login.html?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}

/**
 * Hands a value (an e-mail address, a notice key) to the next page of the flow through
 * sessionStorage. Never used for tokens or passwords.
 */
export const handoff = {
  set(key, value) {
    try {
      sessionStorage.setItem(`praline.handoff.${key}`, String(value));
    } catch {
      /* private mode: the next page just asks again */
    }
  },
  peek(key) {
    try {
      return sessionStorage.getItem(`praline.handoff.${key}`);
    } catch {
      return null;
    }
  },
  take(key) {
    const value = handoff.peek(key);
    try {
      sessionStorage.removeItem(`praline.handoff.${key}`);
    } catch {
      /* ignore */
    }
    return value;
  },
};

/* ------------------------------------------------------------- validation */

export function isEmail(value) {
  return /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/.test(String(value).trim()) && String(value).trim().length <= 254;
}

export function onlyDigits(value) {
  return String(value || '').replace(/[\s-]/g, '');
}

/** Which password rules `pw` meets (the server's: 8–64 characters, a letter, a digit, a special character). */
export function passwordChecks(pw) {
  const s = String(pw || '');
  const n = [...s].length;
  return {
    length: n >= 8 && n <= 64,
    letter: /\p{L}/u.test(s),
    digit: /[0-9]/.test(s),
    special: /[^\p{L}\p{N}\s]/u.test(s),
  };
}

/** A message for the first broken password rule, or null. */
export function passwordProblem(pw) {
  if (!pw) return t('v.password_required');
  const c = passwordChecks(pw);
  if (!c.length) return t('v.password_length');
  if (!c.letter || !c.digit || !c.special) return t('v.password_mix');
  return null;
}

export function nicknameProblem(nick) {
  const s = String(nick || '').trim();
  if (!s) return t('v.nickname_required');
  const n = [...s].length;
  if (n < 2 || n > 20) return t('v.nickname_length');
  if (!/^[\p{L}\p{N}]+$/u.test(s)) return t('v.nickname_chars');
  return null;
}

/** Client-side checks of the seller fields (the server's rules); returns { field: message }. */
export function sellerProblems(body, { partial = false } = {}) {
  const fields = {};
  const text = (name, max) => {
    const v = body[name];
    if (v === undefined && partial) return;
    if (!v) fields[name] = t('v.required');
    else if ([...v].length > max) fields[name] = t('v.max_chars', { n: max });
  };
  const digits = (name, min, max) => {
    const v = body[name];
    if (v === undefined && partial) return;
    if (!v) fields[name] = t('v.required');
    else if (!/^\d+$/.test(v) || v.length < min || v.length > max) {
      fields[name] = min === max ? t('v.digits_exact', { n: min }) : t('v.digits_range', { min, max });
    }
  };
  text('company_name', 50);
  digits('business_number', 10, 10);
  text('owner_name', 30);
  digits('contact', 8, 12);
  text('bank_name', 30);
  digits('account_number', 6, 20);
  text('account_holder', 30);
  return fields;
}

/* ------------------------------------------------------ server field errors */

const SERVER_MESSAGES = [
  [/^Enter a valid e-mail address\.$/, () => t('v.email')],
  [/^Use 2 to 20 characters\.$/, () => t('v.nickname_length')],
  [/^Use letters \(Hangul too\) and digits only, no spaces\.$/, () => t('v.nickname_chars')],
  [/^Use 8 to 64 characters\.$/, () => t('v.password_length')],
  [/^Include a letter, a digit and a special character\.$/, () => t('v.password_mix')],
  [/^This password is too common; choose another\.$/, () => t('v.password_common')],
  [/^Use an 11-digit mobile number like 01012345678\.$/, () => t('v.phone')],
  [/^Use P followed by 12 digits\.$/, () => t('v.customs')],
  [/^Use the 5-digit postal code\.$/, () => t('v.postal')],
  [/^Required\.$/, () => t('v.required')],
  [/^At most (\d+) characters\.$/, (m) => t('v.max_chars', { n: m[1] })],
  [/^Use (\d+) to (\d+) digits\.$/, (m) => (m[1] === m[2] ? t('v.digits_exact', { n: m[1] }) : t('v.digits_range', { min: m[1], max: m[2] }))],
  [/^Give a reason of at most 500 characters\.$/, () => t('v.reason')],
  [/^taken$/, () => t('error.email_taken')],
];

/** Translates the server's (English) field messages into the current language where known. */
export function localizeFields(fields) {
  const out = {};
  for (const [name, value] of Object.entries(fields || {})) {
    const text = Array.isArray(value) ? value.join(' ') : typeof value === 'object' && value ? value.message || '' : String(value ?? '');
    let localized = text;
    for (const [re, fn] of SERVER_MESSAGES) {
      const m = re.exec(text);
      if (m) {
        localized = fn(m);
        break;
      }
    }
    out[name] = localized || t('error.invalid_input');
  }
  return out;
}

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

/* ------------------------------------------------------------ form pieces */

/** Show/hide buttons next to password inputs (.password-toggle with aria-controls). */
export function wirePasswordToggles(root = document) {
  const toggles = [...root.querySelectorAll('.password-toggle')];
  const label = (btn) => {
    const shown = btn.getAttribute('aria-pressed') === 'true';
    btn.textContent = t(shown ? 'auth.hide_password' : 'auth.show_password');
    btn.setAttribute('aria-label', t(shown ? 'auth.hide_password_label' : 'auth.show_password_label'));
  };
  for (const btn of toggles) {
    if (btn.dataset.wired) continue;
    btn.dataset.wired = '1';
    const input = document.getElementById(btn.getAttribute('aria-controls'));
    btn.addEventListener('click', () => {
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      btn.setAttribute('aria-pressed', String(show));
      label(btn);
      input.focus();
    });
    label(btn);
  }
  langEvents.addEventListener('change', () => toggles.forEach(label));
}

/** Live checklist of the password rules under a password input. */
export function wirePasswordRules(input, list) {
  const keys = ['length', 'letter', 'digit', 'special'];
  function render() {
    const c = passwordChecks(input.value);
    const touched = input.value.length > 0;
    clear(list);
    for (const k of keys) {
      list.appendChild(h('li', { class: ['password-rules__item', touched && (c[k] ? 'is-ok' : 'is-bad')] },
        h('span', { class: 'password-rules__mark', 'aria-hidden': 'true' }, touched && c[k] ? '✓' : '•'),
        h('span', null, t(`pw.${k}`)),
        h('span', { class: 'sr-only' }, touched ? t(c[k] ? 'pw.ok' : 'pw.missing') : '')));
    }
  }
  input.addEventListener('input', render);
  langEvents.addEventListener('change', render);
  render();
}

export const BANKS = [
  'KB국민은행', '신한은행', '우리은행', '하나은행', 'NH농협은행', 'IBK기업은행', 'SC제일은행', '한국씨티은행',
  '카카오뱅크', '토스뱅크', '케이뱅크', 'KDB산업은행', 'Sh수협은행', 'iM뱅크(대구은행)', '부산은행', '경남은행',
  '광주은행', '전북은행', '제주은행', '새마을금고', '신협', '우체국',
];

/** Fills a <select> with the banks (keeping `current` selectable even if it is not in the list). */
export function fillBankSelect(select, current = '') {
  clear(select);
  select.appendChild(h('option', { value: '' }, t('seller.bank_choose')));
  const list = current && !BANKS.includes(current) ? [current, ...BANKS] : BANKS;
  for (const name of list) select.appendChild(h('option', { value: name, selected: name === current }, name));
  if (!select.dataset.wiredLang) {
    select.dataset.wiredLang = '1';
    langEvents.addEventListener('change', () => {
      if (select.options[0]) select.options[0].textContent = t('seller.bank_choose');
    });
  }
}

/**
 * A resend button's cooldown: start(seconds) disables it and counts down in its label
 * ('verify.resend_wait' with {seconds}); at zero it shows `labelKey` again.
 */
export function cooldown(button, labelKey, waitKey) {
  let timer = null;
  let until = 0;
  const span = button.querySelector('span') || button;
  function tick() {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      button.disabled = false;
      span.textContent = t(labelKey);
      return;
    }
    button.disabled = true;
    span.textContent = t(waitKey, { seconds: left });
  }
  langEvents.addEventListener('change', tick);
  return {
    start(seconds) {
      until = Date.now() + Math.max(1, Number(seconds) || 60) * 1000;
      clearInterval(timer);
      timer = setInterval(tick, 1000);
      tick();
    },
    active: () => Boolean(timer),
  };
}

/** "남은 시간 4:59" under a code input (codes live 5 minutes). */
export function codeTimer(el, minutes = 5) {
  let timer = null;
  let until = 0;
  function tick() {
    if (!until) {
      el.textContent = '';
      el.classList.remove('is-expired');
      return;
    }
    const left = Math.round((until - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      el.textContent = t('verify.expired');
      el.classList.add('is-expired');
      return;
    }
    const mm = Math.floor(left / 60);
    const ss = String(left % 60).padStart(2, '0');
    el.textContent = t('verify.time_left', { time: `${mm}:${ss}` });
    el.classList.remove('is-expired');
  }
  langEvents.addEventListener('change', tick);
  return {
    start() {
      until = Date.now() + minutes * 60 * 1000;
      clearInterval(timer);
      timer = setInterval(tick, 1000);
      tick();
    },
    stop() {
      clearInterval(timer);
      timer = null;
      until = 0;
      tick();
    },
  };
}

/** True when the development outbox answers (development mode only). */
let outboxPromise = null;
export function devOutboxAvailable() {
  if (!outboxPromise) {
    outboxPromise = fetch(apiUrl('/dev/outbox'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((res) => {
        // Only the status matters: cancel the body (the outbox can be long) so the request
        // ends now instead of staying open and keeping the page from going network-idle.
        try {
          if (res.body) res.body.cancel().catch(() => {});
        } catch {
          /* already read or locked */
        }
        return res.ok;
      })
      .catch(() => false);
  }
  return outboxPromise;
}

/* ------------------------------------------------------------------ social */

export function providerLabel(provider) {
  const key = `provider.${String(provider || '').toLowerCase()}`;
  return hasKey(key) ? t(key) : String(provider || '');
}

export function socialStartUrl(provider, next = '/') {
  return apiUrl(`/auth/oauth/${encodeURIComponent(provider)}/start`, { next });
}

/** Names of the social-login providers the server has enabled ([] when none or on failure). */
export function loadProviders() {
  return api('GET', '/auth/providers', { auth: false })
    .then((list) => (Array.isArray(list) ? list.filter((p) => p && p.enabled).map((p) => String(p.provider)) : []))
    .catch(() => []);
}

/* ------------------------------------------------------------------ format */

/** 01012345678 → 010-1234-5678. */
export function formatPhone(value) {
  const d = onlyDigits(value);
  if (/^\d{11}$/.test(d)) return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
  if (/^\d{10}$/.test(d)) return d.startsWith('02') ? `${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}` : `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  if (/^\d{9}$/.test(d) && d.startsWith('02')) return `${d.slice(0, 2)}-${d.slice(2, 5)}-${d.slice(5)}`;
  return String(value || '');
}

/** 1234567890 → 123-45-67890. */
export function formatBusinessNumber(value) {
  const d = onlyDigits(value);
  return /^\d{10}$/.test(d) ? `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}` : String(value || '');
}

/* ------------------------------------------------------------------- icons */

const EXTRA_ICONS = {
  mail: [['rect', { x: 3, y: 5, width: 18, height: 14, rx: 2 }], ['polyline', { points: '3 7 12 13 21 7' }]],
  lock: [['rect', { x: 4, y: 11, width: 16, height: 10, rx: 2 }], ['path', { d: 'M8 11V7a4 4 0 0 1 8 0v4' }]],
  phone: [['rect', { x: 6, y: 2, width: 12, height: 20, rx: 2 }], ['line', { x1: 11, y1: 18, x2: 13, y2: 18 }]],
  pin: [['path', { d: 'M12 22s7-6.2 7-12a7 7 0 0 0-14 0c0 5.8 7 12 7 12z' }], ['circle', { cx: 12, cy: 10, r: 2.5 }]],
  copy: [['rect', { x: 9, y: 9, width: 12, height: 12, rx: 2 }], ['path', { d: 'M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1' }]],
  camera: [['path', { d: 'M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z' }], ['circle', { cx: 12, cy: 13, r: 3.5 }]],
  passport: [['rect', { x: 5, y: 2, width: 14, height: 20, rx: 2 }], ['circle', { cx: 12, cy: 10, r: 3 }], ['line', { x1: 9, y1: 17, x2: 15, y2: 17 }]],
  trash: [['polyline', { points: '3 6 5 6 21 6' }], ['path', { d: 'M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6' }], ['path', { d: 'M10 11v6M14 11v6M9 6V4h6v2' }]],
  users: [['path', { d: 'M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2' }], ['circle', { cx: 9, cy: 7, r: 4 }], ['path', { d: 'M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8' }]],
  tag: [['path', { d: 'M20.6 13.4l-7.2 7.2a2 2 0 0 1-2.8 0L2 12V2h10l8.6 8.6a2 2 0 0 1 0 2.8z' }], ['circle', { cx: 7, cy: 7, r: 1.5 }]],
  box: [['path', { d: 'M21 16V8a2 2 0 0 0-1-1.7l-7-4a2 2 0 0 0-2 0l-7 4A2 2 0 0 0 3 8v8a2 2 0 0 0 1 1.7l7 4a2 2 0 0 0 2 0l7-4a2 2 0 0 0 1-1.7z' }], ['polyline', { points: '3.3 7 12 12 20.7 7' }], ['line', { x1: 12, y1: 22, x2: 12, y2: 12 }]],
  inbox: [['polyline', { points: '22 12 16 12 14 15 10 15 8 12 2 12' }], ['path', { d: 'M5.5 5h13L22 12v6a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-6z' }]],
  message: [['path', { d: 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z' }]],
};

/** Icons the shared set lacks (mail, lock, phone, pin, copy, camera, passport, trash, users, tag, box, inbox, message). */
export function accountIcon(name, size = 20) {
  const parts = EXTRA_ICONS[name] || EXTRA_ICONS.mail;
  return svg('svg', {
    class: ['icon', `icon-${name}`],
    viewBox: '0 0 24 24',
    width: size,
    height: size,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 2,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
  }, parts.map(([tag, a]) => svg(tag, a)));
}

/* ------------------------------------------------------------ admin pages */

/**
 * The frame of an operator page inside #admin-root: title, the admin tab bar and a content box.
 * Visitors go to the login page; signed-in non-admins get a 403 message. Resolves to
 * { content, forbid() } for admins, else null.
 */
export async function mountAdmin({ key, titleKey, subtitleKey }) {
  const root = document.getElementById('admin-root');
  const user = await mountLayout({ active: 'admin' });
  root.removeAttribute('aria-busy');
  if (!user) {
    location.replace(loginUrlHere());
    return null;
  }
  if (!hasRole('admin')) {
    renderForbidden(root);
    return null;
  }
  const content = h('div', { class: 'admin-content', id: 'admin-content' });
  let forbidden = false;
  function frame() {
    if (forbidden) return;
    // The tab bar first, as on every operator page, then the page title.
    replaceChildrenOf(root,
      adminNav(key),
      h('div', { class: 'page-header admin-header' },
        h('div', null,
          h('h1', { class: 'page-title' }, t(titleKey)),
          subtitleKey && h('p', { class: 'page-subtitle' }, t(subtitleKey)))),
      content);
  }
  frame();
  langEvents.addEventListener('change', frame);
  return {
    content,
    forbid() {
      forbidden = true;
      renderForbidden(root);
    },
  };
}

function replaceChildrenOf(el, ...children) {
  clear(el);
  for (const c of children) if (c) el.appendChild(c);
}

function renderForbidden(root) {
  const draw = () => replaceChildrenOf(root,
    h('section', { class: 'admin-forbidden', id: 'admin-forbidden', 'aria-labelledby': 'admin-forbidden-title' },
      h('p', { class: 'admin-forbidden__code', 'aria-hidden': 'true' }, '403'),
      h('span', { class: 'admin-forbidden__icon', 'aria-hidden': 'true' }, icon('shield', { size: 36, strokeWidth: 1.6 })),
      h('h1', { class: 'admin-forbidden__title', id: 'admin-forbidden-title' }, t('admin.forbidden_title')),
      h('p', { class: 'admin-forbidden__text' }, t('admin.forbidden_text')),
      h('div', { class: 'admin-forbidden__actions' },
        h('a', { class: 'btn btn-primary btn-lg', href: '/' }, t('admin.go_home')),
        h('a', { class: 'btn btn-secondary btn-lg', href: '/account.html' }, t('nav.account')))));
  draw();
  langEvents.addEventListener('change', draw);
}

/* ================================================================ messages */

const KO = {
  'page.login': '로그인 · Praline 프랄린',
  'page.signup': '회원가입 · Praline 프랄린',
  'page.reset': '비밀번호 찾기 · Praline 프랄린',
  'page.account': '마이페이지 · Praline 프랄린',
  'page.outbox': '보낸 메일함 (개발용) · Praline 프랄린',
  'page.admin_home': '운영 홈 · 관리자 · Praline 프랄린',
  'page.admin_sellers': '입점 심사 · 관리자 · Praline 프랄린',
  'page.admin_users': '회원 관리 · 관리자 · Praline 프랄린',

  'error.account_suspended': '운영 정책에 따라 이용이 정지된 계정이에요.',

  'field.email': '이메일',
  'field.password': '비밀번호',
  'field.password_confirm': '비밀번호 확인',
  'field.nickname': '닉네임',
  'field.current_password': '현재 비밀번호',
  'field.new_password': '새 비밀번호',
  'field.new_password_confirm': '새 비밀번호 확인',

  'auth.show_password': '표시',
  'auth.hide_password': '숨기기',
  'auth.show_password_label': '비밀번호 표시',
  'auth.hide_password_label': '비밀번호 숨기기',
  'auth.visual.eyebrow': '쇼콜라티에 초콜릿 마켓',
  'auth.visual.login_title': '오늘도 달콤한 하루 되세요',
  'auth.visual.login_text': '찜한 초콜릿과 주문 내역, 적립 포인트를 한곳에서 확인하세요.',
  'auth.visual.signup_title': '가입하면 29,900P를 드려요',
  'auth.visual.signup_text': '이메일 인증을 마치면 웰컴 포인트가 바로 적립돼요. 첫 초콜릿은 포인트로 가볍게 시작해 보세요.',
  'auth.visual.perk1': '전국 쇼콜라티에의 수제 초콜릿',
  'auth.visual.perk2': '구매 확정 시 5% 포인트 적립',
  'auth.visual.perk3': '판매자로 입점해 내 가게 열기',
  'auth.visual.reset_title': '비밀번호를 잊으셨나요?',
  'auth.visual.reset_text': '가입한 이메일로 인증 코드를 보내 드려요. 새 비밀번호를 정하면 잠긴 계정과 휴면 계정도 바로 다시 쓸 수 있어요.',

  'v.required': '필수 입력 항목이에요.',
  'v.email_required': '이메일을 입력해 주세요.',
  'v.email': '올바른 이메일 주소를 입력해 주세요.',
  'v.email_same': '지금 쓰고 있는 이메일과 같아요.',
  'v.password_required': '비밀번호를 입력해 주세요.',
  'v.password_length': '비밀번호는 8–64자로 입력해 주세요.',
  'v.password_mix': '영문, 숫자, 특수문자를 모두 포함해 주세요.',
  'v.password_common': '너무 흔한 비밀번호예요. 다른 비밀번호를 정해 주세요.',
  'v.password_confirm_required': '비밀번호를 한 번 더 입력해 주세요.',
  'v.password_mismatch': '비밀번호가 일치하지 않아요.',
  'v.password_same': '현재 비밀번호와 다른 비밀번호를 정해 주세요.',
  'v.nickname_required': '닉네임을 입력해 주세요.',
  'v.nickname_length': '닉네임은 2–20자로 입력해 주세요.',
  'v.nickname_chars': '닉네임은 한글, 영문, 숫자만 쓸 수 있어요 (공백·기호 불가).',
  'v.agree_required': '약관에 동의해야 가입할 수 있어요.',
  'v.code_required': '인증 코드를 입력해 주세요.',
  'v.code_length': '인증 코드 {n}자리를 모두 입력해 주세요.',
  'v.phone_required': '휴대폰 번호를 입력해 주세요.',
  'v.phone': '01012345678처럼 숫자 11자리로 입력해 주세요.',
  'v.customs_required': '개인통관고유부호를 입력해 주세요.',
  'v.customs': 'P와 숫자 12자리로 입력해 주세요 (예: P123456789012).',
  'v.postal': '우편번호 5자리를 입력해 주세요.',
  'v.max_chars': '{n}자 이내로 입력해 주세요.',
  'v.digits_exact': '숫자 {n}자리로 입력해 주세요.',
  'v.digits_range': '숫자 {min}–{max}자리로 입력해 주세요.',
  'v.reason': '사유를 500자 이내로 입력해 주세요.',

  'pw.length': '8–64자',
  'pw.letter': '영문 포함',
  'pw.digit': '숫자 포함',
  'pw.special': '특수문자 포함',
  'pw.ok': '(충족)',
  'pw.missing': '(미충족)',

  'login.title': '로그인',
  'login.subtitle': '프랄린 계정으로 로그인해 주세요.',
  'login.submit': '로그인',
  'login.help_links': '계정 도움말',
  'login.forgot': '비밀번호 찾기',
  'login.forgot_question': '비밀번호가 기억나지 않나요?',
  'login.signup': '회원가입',
  'login.social_title': '간편 로그인',
  'login.social_with': '{provider}로 시작하기',
  'login.promo_title': '처음이신가요?',
  'login.promo_text': '지금 가입하고 이메일 인증만 하면 29,900P를 드려요.',
  'login.promo_cta': '회원가입',
  'login.unlock_by_reset': '비밀번호를 재설정하면 바로 풀려요',
  'login.resend_code': '인증 코드 다시 받기',
  'login.have_code': '이미 코드를 받았어요',
  'login.dormant_hint': '탈퇴 후 30일이 지나지 않았다면, 이메일로 받은 코드로 새 비밀번호를 정해 계정을 다시 살릴 수 있어요.',
  'login.reactivate': '계정 다시 사용하기',
  'login.suspended_hint': '자세한 내용은 고객센터(1588-0000)로 문의해 주세요.',
  'login.notice_verified': '이메일 인증이 끝났어요. 로그인해 주세요.',
  'login.notice_reset': '비밀번호를 바꿨어요. 새 비밀번호로 로그인해 주세요.',
  'login.notice_withdrawn': '탈퇴가 완료되었어요. 30일 안에는 비밀번호 재설정으로 계정을 다시 살릴 수 있어요.',
  'login.already': '이미 {nickname}님으로 로그인되어 있어요.',
  'login.continue': '이어서 보기',
  'login.go_shopping': '쇼핑하러 가기',

  'signup.title': '회원가입',
  'signup.steps_label': '가입 단계',
  'signup.step_form': '정보 입력',
  'signup.step_verify': '이메일 인증',
  'signup.step_done': '가입 완료',
  'signup.role_legend': '회원 유형',
  'signup.role_buyer': '구매회원',
  'signup.role_buyer_text': '초콜릿을 구경하고 구매해요',
  'signup.role_seller': '판매회원',
  'signup.role_seller_text': '내 가게를 열고 상품을 팔아요',
  'signup.email_help': '인증 코드를 받을 수 있는 이메일을 입력해 주세요.',
  'signup.nickname_help': '2–20자, 한글·영문·숫자만 쓸 수 있어요 (공백 불가).',
  'signup.agree': '[필수] 이용약관과 개인정보 수집·이용에 동의합니다.',
  'signup.agree_more': '내용 보기',
  'signup.agree_text': '수집 항목: 이메일, 닉네임, 비밀번호(암호화 저장), 판매회원의 경우 사업자 정보와 정산 계좌(암호화 저장). 이용 목적: 회원 식별, 주문·배송·정산, 고객 상담. 보유 기간: 회원 탈퇴 후 30일이 지나면 개인정보를 파기하며, 관계 법령에 따라 보관이 필요한 거래 기록은 해당 기간 동안 보관합니다.',
  'signup.submit': '가입하고 인증 코드 받기',
  'signup.have_account': '이미 계정이 있으신가요?',
  'signup.login': '로그인',
  'signup.go_login': '로그인하러 가기',

  'verify.title': '이메일로 받은 인증 코드를 입력해 주세요',
  'verify.sent_to_suffix': '이 주소로 10자리 인증 코드를 보냈어요. 코드는 5분 동안 쓸 수 있어요.',
  'verify.enter_email': '가입한 이메일과 메일로 받은 10자리 인증 코드를 입력해 주세요.',
  'verify.code_label': '인증 코드 (10자리)',
  'verify.submit': '인증하기',
  'verify.no_mail': '메일이 오지 않았나요? 스팸함을 확인하거나 코드를 다시 받아 보세요.',
  'verify.resend': '인증 코드 다시 받기',
  'verify.resend_wait': '{seconds}초 후에 다시 받을 수 있어요',
  'verify.resent': '새 인증 코드를 보냈어요. 이전 코드는 더 이상 쓸 수 없어요.',
  'verify.time_left': '남은 시간 {time}',
  'verify.expired': '코드 유효 시간이 지났어요. 코드를 다시 받아 주세요.',
  'verify.dev_outbox': '개발 모드: 보낸 메일함 보기',
  'verify.restart': '다른 이메일로 가입하기',

  'done.title': '{nickname}님, 가입을 환영해요!',
  'done.points_prefix': '웰컴 포인트',
  'done.points_suffix': '가 적립되었어요.',
  'done.seller_pending': '판매회원 입점 신청도 접수되었어요. 운영자 심사가 끝나면 이메일로 알려 드려요.',
  'done.seller_approved': '판매자 승인이 완료되었어요. 판매자센터에서 상품을 등록해 보세요.',
  'done.signed_in': '로그인까지 끝났어요. 이제 달콤한 쇼핑을 시작해 보세요.',
  'done.please_login': '이메일 인증이 끝났어요. 로그인하고 쇼핑을 시작해 보세요.',
  'done.shop': '쇼핑 시작하기',
  'done.continue': '보던 페이지로 돌아가기',
  'done.account': '마이페이지',
  'done.login': '로그인하기',

  'reset.title': '비밀번호 찾기',
  'reset.title_dormant': '휴면 계정 다시 사용하기',
  'reset.title_locked': '잠긴 계정 풀기',
  'reset.subtitle': '가입한 이메일로 인증 코드를 보내 드릴게요.',
  'reset.reason_dormant_title': '탈퇴(휴면) 상태인 계정이에요',
  'reset.reason_dormant_text': '탈퇴 후 30일 안에는 계정을 다시 살릴 수 있어요. 가입한 이메일로 받은 코드로 새 비밀번호를 정하면 바로 다시 로그인할 수 있어요.',
  'reset.reason_locked_title': '로그인에 여러 번 실패해 계정이 잠겼어요',
  'reset.reason_locked_text': '15분이 지나면 자동으로 풀려요. 지금 바로 쓰려면 새 비밀번호를 정해 주세요. 재설정하면 잠금이 바로 풀려요.',
  'reset.send_code': '인증 코드 받기',
  'reset.have_code': '이미 코드를 받으셨나요? 코드 입력하기',
  'reset.sent': '입력하신 이메일로 가입된 계정이 있다면 인증 코드를 보냈어요. 메일함을 확인해 주세요.',
  'reset.submit': '비밀번호 변경하기',
  'reset.done_title': '비밀번호를 바꿨어요',
  'reset.done_text': '새 비밀번호로 로그인해 주세요. 잠겨 있던 계정과 휴면(탈퇴) 계정도 다시 사용할 수 있게 되었고, 다른 기기의 로그인은 모두 해제되었어요.',
  'reset.go_login': '로그인하기',
  'reset.back_login': '로그인으로 돌아가기',

  'seller.legend': '판매자 정보',
  'seller.intro': '입점 심사에 필요한 정보예요. 정산 계좌는 본인과 운영자만 볼 수 있어요.',
  'seller.company_name': '상호명',
  'seller.business_number': '사업자등록번호',
  'seller.owner_name': '대표자명',
  'seller.contact': '대표 연락처',
  'seller.bank_legend': '정산 계좌',
  'seller.bank_private': '본인과 운영자만 볼 수 있어요',
  'seller.bank_name': '정산 은행',
  'seller.bank_choose': '은행을 선택해 주세요',
  'seller.account_number': '계좌번호',
  'seller.account_holder': '예금주',
  'seller.digits_only': '숫자만 입력',
  'seller.review_help': '가입 후 이메일 인증을 마치면 운영자가 입점 신청을 검토해요. 승인되면 이메일로 알려 드려요.',
  'seller.logo': '가게 로고',
  'seller.logo_choose': '로고 선택',
  'seller.apply_lead': '프랄린에 내 초콜릿 가게를 열어 보세요. 신청서를 보내면 운영자가 확인한 뒤 승인해 드려요.',
  'seller.flow1': '판매자 정보와 정산 계좌를 입력해 신청해요',
  'seller.flow2': '운영자가 사업자 정보를 확인해요 (결과는 이메일로 안내)',
  'seller.flow3': '승인되면 판매자센터에서 상품을 등록해요',
  'seller.apply_submit': '입점 신청하기',
  'seller.save_submit': '변경 내용 저장',
  'seller.status_pending': '심사 중',
  'seller.status_approved': '승인 완료',
  'seller.status_rejected': '반려',
  'seller.pending_text': '입점 신청을 검토하고 있어요. 심사 결과는 가입한 이메일로 알려 드려요.',
  'seller.applied_at': '신청일 {date}',
  'seller.approved_text': '{company} 판매자로 승인되었어요. 판매자센터에서 상품을 등록하고 관리할 수 있어요.',
  'seller.go_center': '판매자센터로 가기',
  'seller.rejected_text': '아쉽지만 입점 신청이 반려되었어요.',
  'seller.reason': '반려 사유:',
  'seller.rejected_hint': '아래 정보를 고쳐 저장한 뒤 고객센터(1588-0000)로 재심사를 요청해 주세요.',
  'seller.load_failed': '판매자 정보를 불러오지 못했어요',
  'seller.applied': '입점 신청이 접수되었어요. 심사 결과는 이메일로 알려 드려요.',
  'seller.applied_approved': '판매자 승인이 완료되었어요! 이제 상품을 등록할 수 있어요.',
  'seller.saved': '판매자 정보를 저장했어요.',

  'account.title': '마이페이지',
  'account.subtitle': '회원 정보와 배송지, 판매자 정보를 한곳에서 관리해요.',
  'account.summary_label': '내 정보 요약',
  'account.nav_label': '마이페이지 메뉴',
  'account.nav.profile': '프로필',
  'account.nav.password': '비밀번호 변경',
  'account.nav.email': '이메일 변경',
  'account.nav.phone': '휴대폰 인증',
  'account.nav.customs': '개인통관고유부호',
  'account.nav.addresses': '배송지 관리',
  'account.nav.seller_apply': '판매자 신청',
  'account.nav.seller_profile': '판매자 정보',
  'account.nav.withdraw': '회원 탈퇴',
  'account.nothing_changed': '바뀐 내용이 없어요.',
  'account.load_failed': '회원 정보를 불러오지 못했어요',

  'summary.nim': '님',
  'summary.points': '보유 포인트',
  'summary.phone': '휴대폰',
  'summary.joined': '가입일',
  'summary.verified': '인증 완료',
  'summary.unverified': '미인증',
  'summary.social': '{provider} 간편 로그인',

  'profile.avatar': '프로필 사진',
  'profile.avatar_help': 'JPEG, PNG, WebP, GIF · 5MB 이하',
  'profile.avatar_choose': '사진 선택',
  'profile.avatar_save': '사진 저장',
  'profile.avatar_saved': '프로필 사진을 바꿨어요.',
  'profile.introduction': '한 줄 소개',
  'profile.introduction_placeholder': '나를 소개하는 한 줄을 적어 주세요.',
  'profile.count': '{n}/{max}자',
  'profile.saved': '프로필을 저장했어요.',

  'password.submit': '비밀번호 변경',
  'password.sessions_note': '비밀번호를 바꾸면 지금 쓰는 기기를 뺀 다른 기기에서는 모두 로그아웃돼요.',
  'password.saved': '비밀번호를 바꿨어요. 다른 기기에서는 로그아웃되었어요.',
  'password.social': '{provider} 간편 로그인으로 가입한 계정이라 비밀번호가 없어요. 로그인은 {provider}에서 관리해 주세요.',

  'email.current': '현재 이메일',
  'email.new': '새 이메일',
  'email.send_code': '인증 코드 받기',
  'email.help': '새 이메일로 10자리 인증 코드를 보내 드려요. 코드를 입력해야 변경이 끝나요.',
  'email.sent_suffix': '이 주소로 인증 코드를 보냈어요. 5분 안에 입력해 주세요.',
  'email.confirm': '변경하기',
  'email.changed': '이메일을 변경했어요. 다음 로그인부터 새 이메일을 써 주세요.',

  'phone.number': '휴대폰 번호',
  'phone.send_code': '인증번호 받기',
  'phone.help': '‘-’ 없이 숫자 11자리로 입력해 주세요. 문자로 4자리 인증번호를 보내 드려요.',
  'phone.lead_verified': '휴대폰 인증이 완료되었어요. 번호를 바꾸려면 새 번호로 다시 인증해 주세요.',
  'phone.lead_unverified': '배송지 저장과 주문에는 휴대폰 인증이 필요해요. 본인 명의의 휴대폰 번호를 인증해 주세요.',
  'phone.sent_suffix': '이 번호로 인증번호를 보냈어요. 5분 안에 입력해 주세요.',
  'phone.code_label': '인증번호 (4자리)',
  'phone.verify': '인증하기',
  'phone.resend': '인증번호 다시 받기',
  'phone.resent': '새 인증번호를 보냈어요.',
  'phone.verified': '휴대폰 인증이 완료되었어요.',

  'customs.lead': '해외 배송 상품을 받을 때 통관에 필요한 번호예요. P로 시작하는 13자리이며, 안전하게 암호화해 보관하고 마지막 4자리만 보여 드려요.',
  'customs.saved': '등록된 번호',
  'customs.done': '개인통관고유부호를 저장했어요.',
  'customs.none': '아직 등록하지 않았어요',
  'customs.new': '개인통관고유부호',
  'customs.replace': '새 번호로 바꾸기',
  'customs.help': '관세청 UNI-PASS에서 발급·조회할 수 있어요.',
  'customs.help_link': 'UNI-PASS 바로가기',

  'address.add': '새 배송지 추가',
  'address.count': '{n}/{max}',
  'address.need_phone': '배송지를 저장하려면 먼저 휴대폰 인증을 해 주세요. 주문할 때도 인증된 휴대폰 번호가 필요해요.',
  'address.go_phone': '휴대폰 인증하러 가기',
  'address.full': '배송지는 최대 {max}개까지 저장할 수 있어요. 새로 추가하려면 하나를 지워 주세요.',
  'address.load_failed': '배송지를 불러오지 못했어요',
  'address.empty_title': '저장된 배송지가 없어요',
  'address.empty_text': '자주 쓰는 배송지를 저장해 두면 주문할 때 바로 고를 수 있어요.',
  'address.empty_text_phone': '휴대폰 인증을 마치면 배송지를 저장할 수 있어요.',
  'address.default': '기본 배송지',
  'address.make_default': '기본 배송지로 설정',
  'address.default_set': '기본 배송지를 바꿨어요.',
  'address.delete_label': '{name} 배송지 삭제',
  'address.delete_title': '배송지 삭제',
  'address.delete_confirm': '{name}님 배송지를 삭제할까요?',
  'address.deleted': '배송지를 삭제했어요.',
  'address.add_title': '새 배송지',
  'address.edit_title': '배송지 수정',
  'address.recipient': '받는 분',
  'address.phone': '연락처',
  'address.postal_code': '우편번호',
  'address.postal_help': '도로명 주소의 5자리 우편번호를 입력해 주세요.',
  'address.address': '주소',
  'address.address_placeholder': '예: 서울특별시 강남구 테헤란로 123',
  'address.detail': '상세 주소',
  'address.detail_placeholder': '동·호수 등 (선택)',
  'address.set_default': '기본 배송지로 저장',
  'address.is_default_locked': '기본 배송지예요 (다른 배송지를 기본으로 정하면 바뀌어요)',
  'address.added': '배송지를 저장했어요.',
  'address.updated': '배송지를 수정했어요.',

  'withdraw.notes_title': '탈퇴하기 전에 꼭 확인해 주세요',
  'withdraw.note1': '탈퇴하면 계정이 휴면 상태가 되고 모든 기기에서 로그아웃돼요.',
  'withdraw.note2': '30일 안에는 비밀번호 재설정으로 계정을 다시 살릴 수 있어요. 30일이 지나면 개인정보가 삭제돼요.',
  'withdraw.note3': '남은 포인트는 계정을 다시 살리지 않으면 사용할 수 없어요. 주문·정산 기록은 관계 법령에 따라 보관돼요.',
  'withdraw.note4': '판매자라면 판매 중인 상품이 모두 숨겨져요.',
  'withdraw.password': '비밀번호 확인',
  'withdraw.agree': '안내 사항을 모두 확인했어요.',
  'withdraw.agree_required': '안내 사항을 확인했다고 체크해 주세요.',
  'withdraw.submit': '회원 탈퇴하기',
  'withdraw.confirm_title': '정말 탈퇴할까요?',
  'withdraw.confirm_text': '탈퇴하면 바로 로그아웃되고, 30일이 지나면 계정을 되살릴 수 없어요.',
  'withdraw.confirm_button': '탈퇴하기',
  'withdraw.social': '{provider} 간편 로그인 계정은 비밀번호가 없어 이 화면에서 탈퇴할 수 없어요. 고객센터(1588-0000)로 문의해 주세요.',

  'outbox.badge': '개발 모드',
  'outbox.title': '보낸 메일함',
  'outbox.subtitle': '서버가 보낸 이메일과 문자(SMS)를 실제로 발송하지 않고 여기에 모아 보여 줘요.',
  'outbox.note': '이 페이지는 개발 환경에서만 열려요. 운영 환경에서는 메일과 문자가 실제로 발송되고, 이 페이지와 API는 404로 응답해요.',
  'outbox.auto': '5초마다 자동 새로고침',
  'outbox.refresh': '새로고침',
  'outbox.filter_label': '받는 사람이나 제목으로 찾기',
  'outbox.filter_placeholder': '받는 사람·제목 검색',
  'outbox.count': '메시지 {n}개 · 최신순',
  'outbox.count_filtered': '{total}개 중 {n}개 · 최신순',
  'outbox.kind_email': '이메일',
  'outbox.kind_sms': '문자',
  'outbox.to': '받는 사람:',
  'outbox.code': '인증 코드',
  'outbox.sms_code': '인증번호',
  'outbox.copy': '복사',
  'outbox.copied': '복사됨',
  'outbox.copy_label': '코드 {code} 복사',
  'outbox.copy_failed': '복사하지 못했어요. 코드를 직접 선택해 복사해 주세요.',
  'outbox.empty_title': '아직 보낸 메시지가 없어요',
  'outbox.empty_text': '회원가입이나 비밀번호 찾기, 휴대폰 인증을 하면 여기에 메일과 문자가 쌓여요.',
  'outbox.try_signup': '회원가입 해 보기',
  'outbox.no_match_title': '찾는 메시지가 없어요',
  'outbox.no_match_text': '‘{q}’에 해당하는 메시지가 없어요.',
  'outbox.clear_filter': '검색어 지우기',
  'outbox.not_dev_title': '개발 모드에서만 쓸 수 있어요',
  'outbox.not_dev_text': '이 서버는 운영 모드로 실행 중이라 보낸 메일함을 볼 수 없어요.',
  'outbox.error_title': '보낸 메일함을 불러오지 못했어요',
  'outbox.home': '홈으로 가기',

  'admin.forbidden_title': '운영자만 볼 수 있는 페이지예요',
  'admin.forbidden_text': '이 페이지에 접근할 권한이 없어요 (403). 운영자 계정으로 로그인했는지 확인해 주세요.',
  'admin.go_home': '홈으로 가기',
  'admin.load_failed': '목록을 불러오지 못했어요',
  'admin.home.title': '운영 홈',
  'admin.home.subtitle': '입점 심사와 회원, 카테고리, 상품을 한눈에 관리해요.',
  'admin.home.sellers_text': '판매자 입점 신청을 승인하거나 반려해요',
  'admin.home.users_text': '회원을 찾아 이용을 정지하거나 풀어 줘요',
  'admin.home.categories_text': '상품 카테고리를 추가하고 정리해요',
  'admin.home.products_text': '문제가 있는 상품의 판매를 중지해요',
  'admin.home.sellers_count': '심사 대기 {n}건',
  'admin.home.users_count': '전체 회원 {n}명',
  'admin.home.categories_count': '카테고리 {n}개',
  'admin.home.products_count': '진열 중인 상품 {n}개',
  'admin.home.count_unavailable': '지금은 집계할 수 없어요',
  'admin.home.tip': '승인·반려·정지 결과는 회원에게 이메일로 안내돼요.',
  'admin.sellers.title': '입점 심사',
  'admin.sellers.subtitle': '판매자 신청서를 확인하고 승인하거나 사유와 함께 반려해요.',
  'admin.sellers.tabs_label': '심사 상태',
  'admin.sellers.tab_pending': '심사 대기',
  'admin.sellers.tab_approved': '승인',
  'admin.sellers.tab_rejected': '반려',
  'admin.sellers.total': '총 {n}건',
  'admin.sellers.member_no': '회원번호 {id}',
  'admin.sellers.applied': '신청일 {date}',
  'admin.sellers.bank': '정산 계좌',
  'admin.sellers.approve': '승인',
  'admin.sellers.reject': '반려',
  'admin.sellers.approve_title': '입점 승인',
  'admin.sellers.approve_confirm': '{company}의 입점 신청을 승인할까요? 신청자에게 승인 메일이 발송돼요.',
  'admin.sellers.approved': '{company} 입점을 승인했어요.',
  'admin.sellers.reject_title': '입점 반려',
  'admin.sellers.reject_text': '{company}의 입점 신청을 반려해요. 입력한 사유는 신청자에게 이메일로 전달돼요.',
  'admin.sellers.reason': '반려 사유',
  'admin.sellers.reason_placeholder': '예: 사업자등록번호를 확인할 수 없어요. 사업자등록증과 같은 번호로 수정해 주세요.',
  'admin.sellers.reason_required': '반려 사유를 입력해 주세요.',
  'admin.sellers.rejected': '{company} 입점 신청을 반려했어요.',
  'admin.sellers.empty_pending': '심사를 기다리는 신청이 없어요',
  'admin.sellers.empty_approved': '승인된 판매자가 없어요',
  'admin.sellers.empty_rejected': '반려된 신청이 없어요',
  'admin.sellers.empty_pending_text': '새 입점 신청이 들어오면 여기에 표시돼요.',
  'admin.sellers.empty_text': '이 상태의 신청이 아직 없어요.',
  'admin.users.title': '회원 관리',
  'admin.users.subtitle': '이메일이나 닉네임으로 회원을 찾고 이용을 정지하거나 풀어 줘요.',
  'admin.users.search_label': '회원 검색',
  'admin.users.search_placeholder': '이메일 또는 닉네임',
  'admin.users.clear': '검색 초기화',
  'admin.users.total': '전체 {n}명',
  'admin.users.total_found': '‘{q}’ 검색 결과 {n}명',
  'admin.users.caption': '회원 목록',
  'admin.users.col_id': '번호',
  'admin.users.col_member': '회원',
  'admin.users.col_roles': '구분',
  'admin.users.col_status': '상태',
  'admin.users.col_joined': '가입일',
  'admin.users.col_actions': '관리',
  'admin.users.status_active': '정상',
  'admin.users.status_pending': '인증 대기',
  'admin.users.status_dormant': '휴면',
  'admin.users.status_suspended': '이용 정지',
  'admin.users.status_anonymised': '탈퇴 처리',
  'admin.users.seller_pending': '입점 심사 중',
  'admin.users.self': '본인 계정',
  'admin.users.self_hint': '내 계정은 여기서 정지할 수 없어요.',
  'admin.users.suspend': '이용 정지',
  'admin.users.unsuspend': '정지 해제',
  'admin.users.suspend_title': '이용 정지',
  'admin.users.suspend_text': '{nickname}({email}) 회원의 이용을 정지할까요? 모든 기기에서 바로 로그아웃되고 다시 로그인할 수 없어요.',
  'admin.users.reason': '정지 사유 ',
  'admin.users.reason_placeholder': '운영 기록에 남길 사유를 적어 주세요.',
  'admin.users.suspended': '{nickname} 회원의 이용을 정지했어요.',
  'admin.users.unsuspend_title': '정지 해제',
  'admin.users.unsuspend_text': '{nickname} 회원의 이용 정지를 풀까요? 다시 로그인할 수 있게 돼요.',
  'admin.users.unsuspended': '{nickname} 회원의 정지를 풀었어요.',
  'admin.users.empty': '회원이 없어요',
  'admin.users.no_match': '검색 결과가 없어요',
  'admin.users.no_match_text': '‘{q}’와 일치하는 회원이 없어요. 이메일이나 닉네임을 다시 확인해 주세요.',
};

const EN = {
  'page.login': 'Log in · Praline',
  'page.signup': 'Sign up · Praline',
  'page.reset': 'Reset password · Praline',
  'page.account': 'My page · Praline',
  'page.outbox': 'Outbox (development) · Praline',
  'page.admin_home': 'Overview · Admin · Praline',
  'page.admin_sellers': 'Seller applications · Admin · Praline',
  'page.admin_users': 'Members · Admin · Praline',

  'error.account_suspended': 'This account has been suspended under our policies.',

  'field.email': 'E-mail',
  'field.password': 'Password',
  'field.password_confirm': 'Confirm password',
  'field.nickname': 'Nickname',
  'field.current_password': 'Current password',
  'field.new_password': 'New password',
  'field.new_password_confirm': 'Confirm new password',

  'auth.show_password': 'Show',
  'auth.hide_password': 'Hide',
  'auth.show_password_label': 'Show password',
  'auth.hide_password_label': 'Hide password',
  'auth.visual.eyebrow': 'Chocolatier marketplace',
  'auth.visual.login_title': 'Have a sweet day',
  'auth.visual.login_text': 'Your wishlist, orders and points, all in one place.',
  'auth.visual.signup_title': 'Join and get 29,900 P',
  'auth.visual.signup_text': 'Verify your e-mail and the welcome points are yours at once. Let your first chocolate be on us.',
  'auth.visual.perk1': 'Handmade chocolate from chocolatiers across Korea',
  'auth.visual.perk2': '5% back in points on confirmed orders',
  'auth.visual.perk3': 'Open your own shop as a seller',
  'auth.visual.reset_title': 'Forgot your password?',
  'auth.visual.reset_text': 'We’ll e-mail you a code. Choosing a new password also unlocks a locked account and reactivates a dormant one.',

  'v.required': 'This field is required.',
  'v.email_required': 'Please enter your e-mail.',
  'v.email': 'Please enter a valid e-mail address.',
  'v.email_same': 'This is the address you already use.',
  'v.password_required': 'Please enter your password.',
  'v.password_length': 'Use 8 to 64 characters.',
  'v.password_mix': 'Include a letter, a digit and a special character.',
  'v.password_common': 'This password is too common. Please choose another.',
  'v.password_confirm_required': 'Please enter the password again.',
  'v.password_mismatch': 'The passwords do not match.',
  'v.password_same': 'Choose a password different from the current one.',
  'v.nickname_required': 'Please enter a nickname.',
  'v.nickname_length': 'Use 2 to 20 characters.',
  'v.nickname_chars': 'Use letters (Hangul too) and digits only, no spaces or symbols.',
  'v.agree_required': 'Please accept the terms to sign up.',
  'v.code_required': 'Please enter the code.',
  'v.code_length': 'Enter all {n} characters of the code.',
  'v.phone_required': 'Please enter your mobile number.',
  'v.phone': 'Use 11 digits, like 01012345678.',
  'v.customs_required': 'Please enter your customs clearance code.',
  'v.customs': 'Use P followed by 12 digits (e.g. P123456789012).',
  'v.postal': 'Enter the 5-digit postal code.',
  'v.max_chars': 'Use at most {n} characters.',
  'v.digits_exact': 'Use exactly {n} digits.',
  'v.digits_range': 'Use {min} to {max} digits.',
  'v.reason': 'Give a reason of at most 500 characters.',

  'pw.length': '8–64 characters',
  'pw.letter': 'A letter',
  'pw.digit': 'A digit',
  'pw.special': 'A special character',
  'pw.ok': '(met)',
  'pw.missing': '(missing)',

  'login.title': 'Log in',
  'login.subtitle': 'Log in with your Praline account.',
  'login.submit': 'Log in',
  'login.help_links': 'Account help',
  'login.forgot': 'Forgot password',
  'login.forgot_question': 'Forgot your password?',
  'login.signup': 'Sign up',
  'login.social_title': 'Quick login',
  'login.social_with': 'Continue with {provider}',
  'login.promo_title': 'New here?',
  'login.promo_text': 'Sign up, verify your e-mail and get 29,900 P.',
  'login.promo_cta': 'Sign up',
  'login.unlock_by_reset': 'Resetting your password unlocks it at once',
  'login.resend_code': 'Send me a new code',
  'login.have_code': 'I already have a code',
  'login.dormant_hint': 'Within 30 days of withdrawing you can bring the account back: set a new password with a code we e-mail you.',
  'login.reactivate': 'Reactivate my account',
  'login.suspended_hint': 'Please contact our customer center (1588-0000) for details.',
  'login.notice_verified': 'Your e-mail is verified. Please log in.',
  'login.notice_reset': 'Your password was changed. Log in with the new one.',
  'login.notice_withdrawn': 'Your account was withdrawn. Within 30 days a password reset brings it back.',
  'login.already': 'You are already logged in as {nickname}.',
  'login.continue': 'Continue',
  'login.go_shopping': 'Go shopping',

  'signup.title': 'Sign up',
  'signup.steps_label': 'Signup steps',
  'signup.step_form': 'Your details',
  'signup.step_verify': 'Verify e-mail',
  'signup.step_done': 'Done',
  'signup.role_legend': 'Account type',
  'signup.role_buyer': 'Shopper',
  'signup.role_buyer_text': 'Browse and buy chocolate',
  'signup.role_seller': 'Seller',
  'signup.role_seller_text': 'Open a shop and sell',
  'signup.email_help': 'Use an address where you can receive our code.',
  'signup.nickname_help': '2–20 letters (Hangul too) or digits, no spaces.',
  'signup.agree': '[Required] I accept the terms of use and the collection and use of my personal data.',
  'signup.agree_more': 'Details',
  'signup.agree_text': 'Collected: e-mail, nickname, password (stored hashed); for sellers, business details and the payout account (stored encrypted). Purpose: identifying members, orders, delivery and payouts, customer support. Retention: personal data is destroyed 30 days after withdrawal; transaction records are kept as long as the law requires.',
  'signup.submit': 'Sign up and get the code',
  'signup.have_account': 'Already have an account?',
  'signup.login': 'Log in',
  'signup.go_login': 'Go to login',

  'verify.title': 'Enter the code we e-mailed you',
  'verify.sent_to_suffix': 'We sent a 10-character code to this address. It is valid for 5 minutes.',
  'verify.enter_email': 'Enter the e-mail you signed up with and the 10-character code from our e-mail.',
  'verify.code_label': 'Code (10 characters)',
  'verify.submit': 'Verify',
  'verify.no_mail': 'No e-mail? Check your spam folder or ask for a new code.',
  'verify.resend': 'Send a new code',
  'verify.resend_wait': 'New code available in {seconds}s',
  'verify.resent': 'We sent a new code. The previous one no longer works.',
  'verify.time_left': 'Time left {time}',
  'verify.expired': 'The code has expired. Please ask for a new one.',
  'verify.dev_outbox': 'Development: open the outbox',
  'verify.restart': 'Sign up with another e-mail',

  'done.title': 'Welcome, {nickname}!',
  'done.points_prefix': 'Your welcome points,',
  'done.points_suffix': ', have been credited.',
  'done.seller_pending': 'Your seller application is in. We’ll e-mail you once an operator has reviewed it.',
  'done.seller_approved': 'Your seller account is approved. Add your products in the seller center.',
  'done.signed_in': 'You are logged in. Enjoy your sweet shopping!',
  'done.please_login': 'Your e-mail is verified. Log in to start shopping.',
  'done.shop': 'Start shopping',
  'done.continue': 'Back to where I was',
  'done.account': 'My page',
  'done.login': 'Log in',

  'reset.title': 'Reset password',
  'reset.title_dormant': 'Reactivate a dormant account',
  'reset.title_locked': 'Unlock your account',
  'reset.subtitle': 'We’ll send a code to the e-mail you signed up with.',
  'reset.reason_dormant_title': 'This account was withdrawn (dormant)',
  'reset.reason_dormant_text': 'Within 30 days of withdrawing you can bring it back: set a new password with the code we e-mail you and log in again.',
  'reset.reason_locked_title': 'Too many failed logins locked this account',
  'reset.reason_locked_text': 'It unlocks by itself after 15 minutes. To use it right now, set a new password: a reset unlocks it at once.',
  'reset.send_code': 'Send me a code',
  'reset.have_code': 'Already have a code? Enter it',
  'reset.sent': 'If an account is registered with this address, we sent it a code. Please check your inbox.',
  'reset.submit': 'Change password',
  'reset.done_title': 'Your password was changed',
  'reset.done_text': 'Log in with your new password. A locked or dormant (withdrawn) account works again, and every other device was logged out.',
  'reset.go_login': 'Log in',
  'reset.back_login': 'Back to login',

  'seller.legend': 'Seller details',
  'seller.intro': 'We need these to review your shop. Only you and our operators can see the payout account.',
  'seller.company_name': 'Company name',
  'seller.business_number': 'Business registration no.',
  'seller.owner_name': 'Representative',
  'seller.contact': 'Business phone',
  'seller.bank_legend': 'Payout account',
  'seller.bank_private': 'Visible only to you and operators',
  'seller.bank_name': 'Bank',
  'seller.bank_choose': 'Choose a bank',
  'seller.account_number': 'Account number',
  'seller.account_holder': 'Account holder',
  'seller.digits_only': 'Digits only',
  'seller.review_help': 'Once your e-mail is verified, an operator reviews your application and e-mails you the result.',
  'seller.logo': 'Shop logo',
  'seller.logo_choose': 'Choose logo',
  'seller.apply_lead': 'Open your own chocolate shop on Praline. Send the form and an operator will review it.',
  'seller.flow1': 'Fill in your business details and payout account',
  'seller.flow2': 'An operator checks them (you get the result by e-mail)',
  'seller.flow3': 'Once approved, add products in the seller center',
  'seller.apply_submit': 'Apply to sell',
  'seller.save_submit': 'Save changes',
  'seller.status_pending': 'Under review',
  'seller.status_approved': 'Approved',
  'seller.status_rejected': 'Rejected',
  'seller.pending_text': 'We are reviewing your application and will e-mail you the result.',
  'seller.applied_at': 'Applied on {date}',
  'seller.approved_text': '{company} is an approved seller. Add and manage products in the seller center.',
  'seller.go_center': 'Go to the seller center',
  'seller.rejected_text': 'Sorry, your seller application was rejected.',
  'seller.reason': 'Reason:',
  'seller.rejected_hint': 'Correct the details below, save, then ask our customer center (1588-0000) for another review.',
  'seller.load_failed': 'We couldn’t load your seller details',
  'seller.applied': 'Application received. We’ll e-mail you the result.',
  'seller.applied_approved': 'You are an approved seller! You can add products now.',
  'seller.saved': 'Seller details saved.',

  'account.title': 'My page',
  'account.subtitle': 'Your profile, addresses and seller details in one place.',
  'account.summary_label': 'Account summary',
  'account.nav_label': 'My page menu',
  'account.nav.profile': 'Profile',
  'account.nav.password': 'Password',
  'account.nav.email': 'E-mail',
  'account.nav.phone': 'Phone',
  'account.nav.customs': 'Customs code',
  'account.nav.addresses': 'Addresses',
  'account.nav.seller_apply': 'Become a seller',
  'account.nav.seller_profile': 'Seller details',
  'account.nav.withdraw': 'Delete account',
  'account.nothing_changed': 'Nothing has changed.',
  'account.load_failed': 'We couldn’t load your account',

  'summary.nim': '',
  'summary.points': 'Points',
  'summary.phone': 'Phone',
  'summary.joined': 'Member since',
  'summary.verified': 'Verified',
  'summary.unverified': 'Not verified',
  'summary.social': '{provider} login',

  'profile.avatar': 'Profile picture',
  'profile.avatar_help': 'JPEG, PNG, WebP or GIF · up to 5 MB',
  'profile.avatar_choose': 'Choose picture',
  'profile.avatar_save': 'Save picture',
  'profile.avatar_saved': 'Profile picture updated.',
  'profile.introduction': 'About me',
  'profile.introduction_placeholder': 'One line about yourself.',
  'profile.count': '{n}/{max}',
  'profile.saved': 'Profile saved.',

  'password.submit': 'Change password',
  'password.sessions_note': 'Changing your password logs out every other device.',
  'password.saved': 'Password changed. Other devices were logged out.',
  'password.social': 'This account signs in with {provider}, so it has no password here. Manage your login at {provider}.',

  'email.current': 'Current e-mail',
  'email.new': 'New e-mail',
  'email.send_code': 'Send code',
  'email.help': 'We’ll send a 10-character code to the new address. The change is done once you enter it.',
  'email.sent_suffix': 'We sent a code to this address. Enter it within 5 minutes.',
  'email.confirm': 'Change',
  'email.changed': 'E-mail changed. Use the new address next time you log in.',

  'phone.number': 'Mobile number',
  'phone.send_code': 'Send code',
  'phone.help': 'Enter 11 digits without hyphens. We’ll text you a 4-digit code.',
  'phone.lead_verified': 'Your phone is verified. To change the number, verify the new one.',
  'phone.lead_unverified': 'Saving addresses and ordering need a verified phone. Please verify your own mobile number.',
  'phone.sent_suffix': 'We texted a code to this number. Enter it within 5 minutes.',
  'phone.code_label': 'Code (4 digits)',
  'phone.verify': 'Verify',
  'phone.resend': 'Send a new code',
  'phone.resent': 'We sent a new code.',
  'phone.verified': 'Your phone is verified.',

  'customs.lead': 'Needed for customs clearance of overseas deliveries: P followed by 12 digits. We keep it encrypted and show only the last 4 characters.',
  'customs.saved': 'Saved code',
  'customs.done': 'Customs clearance code saved.',
  'customs.none': 'Not registered yet',
  'customs.new': 'Customs clearance code',
  'customs.replace': 'Replace with a new code',
  'customs.help': 'You can get or look it up at the Korea Customs UNI-PASS site.',
  'customs.help_link': 'Open UNI-PASS',

  'address.add': 'Add address',
  'address.count': '{n}/{max}',
  'address.need_phone': 'Verify your phone first to save addresses. Orders need a verified phone too.',
  'address.go_phone': 'Verify my phone',
  'address.full': 'You can save up to {max} addresses. Delete one to add another.',
  'address.load_failed': 'We couldn’t load your addresses',
  'address.empty_title': 'No saved addresses',
  'address.empty_text': 'Save the addresses you use often and pick them at checkout.',
  'address.empty_text_phone': 'You can save addresses once your phone is verified.',
  'address.default': 'Default',
  'address.make_default': 'Make default',
  'address.default_set': 'Default address changed.',
  'address.delete_label': 'Delete the address for {name}',
  'address.delete_title': 'Delete address',
  'address.delete_confirm': 'Delete the address for {name}?',
  'address.deleted': 'Address deleted.',
  'address.add_title': 'New address',
  'address.edit_title': 'Edit address',
  'address.recipient': 'Recipient',
  'address.phone': 'Phone',
  'address.postal_code': 'Postal code',
  'address.postal_help': 'The 5-digit postal code of the road-name address.',
  'address.address': 'Address',
  'address.address_placeholder': 'e.g. 123 Teheran-ro, Gangnam-gu, Seoul',
  'address.detail': 'Address details',
  'address.detail_placeholder': 'Building, unit… (optional)',
  'address.set_default': 'Save as default address',
  'address.is_default_locked': 'This is your default (make another address the default to change it)',
  'address.added': 'Address saved.',
  'address.updated': 'Address updated.',

  'withdraw.notes_title': 'Before you go',
  'withdraw.note1': 'Your account becomes dormant and every device is logged out.',
  'withdraw.note2': 'Within 30 days a password reset brings it back. After 30 days your personal data is deleted.',
  'withdraw.note3': 'Remaining points can only be used if you reactivate. Order and payout records are kept as the law requires.',
  'withdraw.note4': 'If you are a seller, all your products are hidden.',
  'withdraw.password': 'Confirm your password',
  'withdraw.agree': 'I have read the notes above.',
  'withdraw.agree_required': 'Please confirm you have read the notes.',
  'withdraw.submit': 'Delete my account',
  'withdraw.confirm_title': 'Delete your account?',
  'withdraw.confirm_text': 'You will be logged out at once, and after 30 days the account cannot be restored.',
  'withdraw.confirm_button': 'Delete',
  'withdraw.social': 'Accounts that sign in with {provider} have no password, so they can’t be deleted here. Please contact our customer center (1588-0000).',

  'outbox.badge': 'Development',
  'outbox.title': 'Outbox',
  'outbox.subtitle': 'E-mails and text messages the server would have sent, collected here instead of being delivered.',
  'outbox.note': 'This page exists only in development. In production messages are really sent, and this page and its API answer 404.',
  'outbox.auto': 'Refresh every 5 seconds',
  'outbox.refresh': 'Refresh',
  'outbox.filter_label': 'Filter by recipient or subject',
  'outbox.filter_placeholder': 'Recipient or subject',
  'outbox.count': '{n} messages · newest first',
  'outbox.count_filtered': '{n} of {total} · newest first',
  'outbox.kind_email': 'E-mail',
  'outbox.kind_sms': 'SMS',
  'outbox.to': 'To:',
  'outbox.code': 'Code',
  'outbox.sms_code': 'Code',
  'outbox.copy': 'Copy',
  'outbox.copied': 'Copied',
  'outbox.copy_label': 'Copy code {code}',
  'outbox.copy_failed': 'Couldn’t copy. Please select the code and copy it.',
  'outbox.empty_title': 'Nothing sent yet',
  'outbox.empty_text': 'Sign up, reset a password or verify a phone and the messages show up here.',
  'outbox.try_signup': 'Try signing up',
  'outbox.no_match_title': 'No matching messages',
  'outbox.no_match_text': 'Nothing matches “{q}”.',
  'outbox.clear_filter': 'Clear filter',
  'outbox.not_dev_title': 'Development only',
  'outbox.not_dev_text': 'This server runs in production mode, so there is no outbox to show.',
  'outbox.error_title': 'We couldn’t load the outbox',
  'outbox.home': 'Go home',

  'admin.forbidden_title': 'Operators only',
  'admin.forbidden_text': 'You don’t have access to this page (403). Make sure you are logged in with an operator account.',
  'admin.go_home': 'Go home',
  'admin.load_failed': 'We couldn’t load the list',
  'admin.home.title': 'Overview',
  'admin.home.subtitle': 'Seller applications, members, categories and products at a glance.',
  'admin.home.sellers_text': 'Approve or reject seller applications',
  'admin.home.users_text': 'Find members, suspend or reinstate them',
  'admin.home.categories_text': 'Add and tidy product categories',
  'admin.home.products_text': 'Block products that break the rules',
  'admin.home.sellers_count': '{n} waiting',
  'admin.home.users_count': '{n} members',
  'admin.home.categories_count': '{n} categories',
  'admin.home.products_count': '{n} listed products',
  'admin.home.count_unavailable': 'Not available right now',
  'admin.home.tip': 'Members are e-mailed about approvals, rejections and suspensions.',
  'admin.sellers.title': 'Seller applications',
  'admin.sellers.subtitle': 'Review applications, approve them or reject them with a reason.',
  'admin.sellers.tabs_label': 'Review status',
  'admin.sellers.tab_pending': 'Pending',
  'admin.sellers.tab_approved': 'Approved',
  'admin.sellers.tab_rejected': 'Rejected',
  'admin.sellers.total': '{n} in total',
  'admin.sellers.member_no': 'Member #{id}',
  'admin.sellers.applied': 'Applied {date}',
  'admin.sellers.bank': 'Payout account',
  'admin.sellers.approve': 'Approve',
  'admin.sellers.reject': 'Reject',
  'admin.sellers.approve_title': 'Approve seller',
  'admin.sellers.approve_confirm': 'Approve the application of {company}? The applicant gets an e-mail.',
  'admin.sellers.approved': '{company} was approved.',
  'admin.sellers.reject_title': 'Reject application',
  'admin.sellers.reject_text': 'Reject the application of {company}. The reason is e-mailed to the applicant.',
  'admin.sellers.reason': 'Reason',
  'admin.sellers.reason_placeholder': 'e.g. We couldn’t verify the business registration number. Please enter the number on your certificate.',
  'admin.sellers.reason_required': 'Please give a reason.',
  'admin.sellers.rejected': 'The application of {company} was rejected.',
  'admin.sellers.empty_pending': 'No applications waiting',
  'admin.sellers.empty_approved': 'No approved sellers',
  'admin.sellers.empty_rejected': 'No rejected applications',
  'admin.sellers.empty_pending_text': 'New applications will show up here.',
  'admin.sellers.empty_text': 'Nothing with this status yet.',
  'admin.users.title': 'Members',
  'admin.users.subtitle': 'Find members by e-mail or nickname, suspend or reinstate them.',
  'admin.users.search_label': 'Search members',
  'admin.users.search_placeholder': 'E-mail or nickname',
  'admin.users.clear': 'Clear search',
  'admin.users.total': '{n} members',
  'admin.users.total_found': '{n} found for “{q}”',
  'admin.users.caption': 'Members',
  'admin.users.col_id': 'No.',
  'admin.users.col_member': 'Member',
  'admin.users.col_roles': 'Type',
  'admin.users.col_status': 'Status',
  'admin.users.col_joined': 'Joined',
  'admin.users.col_actions': 'Actions',
  'admin.users.status_active': 'Active',
  'admin.users.status_pending': 'Unverified',
  'admin.users.status_dormant': 'Dormant',
  'admin.users.status_suspended': 'Suspended',
  'admin.users.status_anonymised': 'Anonymised',
  'admin.users.seller_pending': 'Seller review',
  'admin.users.self': 'Your account',
  'admin.users.self_hint': 'You cannot suspend your own account here.',
  'admin.users.suspend': 'Suspend',
  'admin.users.unsuspend': 'Reinstate',
  'admin.users.suspend_title': 'Suspend member',
  'admin.users.suspend_text': 'Suspend {nickname} ({email})? They are logged out everywhere at once and cannot log in.',
  'admin.users.reason': 'Reason ',
  'admin.users.reason_placeholder': 'A note for the operator log.',
  'admin.users.suspended': '{nickname} was suspended.',
  'admin.users.unsuspend_title': 'Reinstate member',
  'admin.users.unsuspend_text': 'Lift the suspension of {nickname}? They can log in again.',
  'admin.users.unsuspended': '{nickname} was reinstated.',
  'admin.users.empty': 'No members',
  'admin.users.no_match': 'No results',
  'admin.users.no_match_text': 'No member matches “{q}”. Check the e-mail or nickname.',
};

extendMessages({ ko: KO, en: EN });
