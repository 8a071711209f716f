// My page (마이페이지): profile + avatar, password, e-mail change, phone verification, customs
// code, delivery addresses, seller application / seller profile, withdrawal; one module per section.
// The URL hash selects the section (#profile, #password, #email, #phone, #customs, #addresses,
// #seller, #withdraw) so every section can be bookmarked.
import { qs, qsa, replaceChildren } from '../../dom.js';
import { t, errorMessage, langEvents } from '../../i18n.js';
import { fetchMe, updateUser } from '../../api.js';
import { mountLayout } from '../../layout.js';
import { emptyState } from '../../ui.js';
import { loginUrlHere } from '../../navigation.js';
import { wirePasswordToggles } from '../../widgets/password-fields.js';
import '../../i18n/auth.js';
import '../../i18n/account.js';
import { summarySection } from './summary.js';
import { profileSection } from './profile.js';
import { passwordSection } from './password.js';
import { emailSection } from './email.js';
import { phoneSection } from './phone.js';
import { customsSection } from './customs.js';
import { addressesSection } from './addresses.js';
import { sellerSection } from './seller.js';
import { withdrawSection } from './withdraw.js';

const SECTIONS = ['profile', 'password', 'email', 'phone', 'customs', 'addresses', 'seller', 'withdraw'];

const els = {
  loading: qs('#account-loading'),
  error: qs('#account-error'),
  ready: qs('#account-ready'),
  nav: qs('#account-nav'),
};

/**
 * What the sections share: the signed-in user (`me`, from GET /me) and the ways to change it.
 * Each section keeps the rest of its state to itself.
 */
const shared = {
  me: null,
  /** Merges fields of the user into `me`. */
  setMe(user) {
    shared.me = { ...(shared.me || {}), ...user };
  },
  /** Applies a `{user}` answer: local copy, the header (nickname), the summary. */
  applyUser(user) {
    if (!user) return;
    shared.setMe(user);
    updateUser(user);
    summary.render();
  },
  /** Reloads GET /me (after a seller application, say); keeps what we have on failure. */
  async refreshMe() {
    try {
      const me = await fetchMe({ force: true });
      if (me) {
        shared.setMe(me);
        updateUser(me);
        summary.render();
      }
    } catch {
      /* keep what we have */
    }
  },
  /** True for accounts that log in with Kakao, Naver or Google (no password here). */
  isSocial() {
    return Boolean(shared.me && shared.me.login_type && shared.me.login_type !== 'email');
  },
  /** Redraws another section (a verified phone changes the addresses section). */
  rerender(name) {
    sections[name].render();
  },
};

const summary = summarySection(qs('#account-summary'), shared);
const section = (name, create) => create(qs(`#${name}`), shared);
const sections = {
  profile: section('profile', profileSection),
  password: section('password', passwordSection),
  email: section('email', emailSection),
  phone: section('phone', phoneSection),
  customs: section('customs', customsSection),
  addresses: section('addresses', addressesSection),
  seller: section('seller', sellerSection),
  withdraw: section('withdraw', withdrawSection),
};
let current = null;

function sectionFromHash() {
  const name = decodeURIComponent(location.hash.slice(1));
  return SECTIONS.includes(name) ? name : 'profile';
}

function showSection(name, { scroll = false } = {}) {
  current = name;
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
  sections[name].show?.();
  if (scroll) {
    const el = qs(`#${name}`);
    el.scrollIntoView({ block: 'start' });
    const heading = qs('.card-title', el);
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => {
  if (shared.me) showSection(sectionFromHash(), { scroll: true });
});

wirePasswordToggles(document);

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
  shared.setMe(me || user);
  els.loading.hidden = true;
  els.ready.hidden = false;
  summary.render();
  for (const s of Object.values(sections)) s.render();
  showSection(sectionFromHash(), { scroll: false });
  if (location.hash && SECTIONS.includes(location.hash.slice(1))) qs(`#${current}`).scrollIntoView({ block: 'start' });
}

start();

langEvents.addEventListener('change', () => {
  if (!shared.me) return;
  summary.render();
  for (const s of Object.values(sections)) (s.relabel || s.render)();
});
