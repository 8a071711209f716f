// Site header (logo, search, categories, language, role-aware navigation, session indicator) and footer.
import { h, qs, replaceChildren } from './dom.js';
import { t, getLang, setLang, LANGS, langEvents, applyI18n } from './i18n.js';
import { icon } from './icons.js';
import { restoreSession, fetchMe, getUser, hasRole, logout, sessionEvents } from './api.js';
import { toast, withBusy } from './ui.js';
import { api } from './api.js';
import './i18n/shop.js';

const PRIVATE_AREAS = new Set(['account', 'points', 'membership', 'seller', 'seller-orders', 'seller-stats', 'seller-inquiries', 'admin', 'cart', 'orders', 'chat']);

let layoutState = null;

function loginHref() {
  const here = location.pathname + location.search;
  if (/^\/(login|signup)\.html/.test(location.pathname) || here === '/') return '/login.html';
  return `/login.html?next=${encodeURIComponent(here)}`;
}

function navLink(href, label, key, iconName, extraClass) {
  const active = layoutState.active === key;
  return h('li', null, h('a', {
    class: ['user-nav__link', extraClass, active && 'is-active'],
    href,
    'aria-current': active ? 'page' : undefined,
  }, iconName && icon(iconName, { size: 18 }), h('span', null, label)));
}

function sessionIndicator() {
  const { status } = layoutState;
  const user = getUser();
  if (status === 'checking') {
    return h('span', { class: 'session-indicator is-checking', title: t('session.checking') },
      h('span', { class: 'session-indicator__dot', 'aria-hidden': 'true' }),
      h('span', { class: 'sr-only' }, t('session.checking')));
  }
  if (status === 'in' && user) {
    const roleKey = hasRole('admin') ? 'role.admin' : hasRole('seller') ? 'role.seller' : 'role.buyer';
    return h('a', { class: 'session-indicator is-online', href: '/account.html', title: t('session.signed_in', { nickname: user.nickname || '' }) },
      h('span', { class: 'session-indicator__dot', 'aria-hidden': 'true' }),
      h('span', { class: 'session-indicator__name' }, t('nav.greeting', { nickname: user.nickname || '' })),
      h('span', { class: 'session-indicator__role' }, t(roleKey)),
      h('span', { class: 'sr-only' }, t('session.signed_in', { nickname: user.nickname || '' })));
  }
  // Visitors: on small screens this doubles as the login shortcut (the menu is collapsed there).
  return h('a', { class: 'session-indicator is-offline', href: loginHref(), title: t('session.signed_out') },
    h('span', { class: 'session-indicator__dot', 'aria-hidden': 'true' }),
    h('span', { class: 'session-indicator__login', 'aria-hidden': 'true' }, t('nav.login')),
    h('span', { class: 'sr-only' }, `${t('session.signed_out')} · ${t('nav.login')}`));
}

function userNav() {
  const { status } = layoutState;
  const user = getUser();
  if (status === 'checking') {
    return h('ul', { class: 'user-nav__list', 'aria-busy': 'true' },
      h('li', { 'aria-hidden': 'true' }, h('span', { class: 'skeleton skeleton-pill' })),
      h('li', { 'aria-hidden': 'true' }, h('span', { class: 'skeleton skeleton-pill' })));
  }
  if (status !== 'in' || !user) {
    return h('ul', { class: 'user-nav__list' },
      navLink(loginHref(), t('nav.login'), 'login', 'user'),
      h('li', null, h('a', {
        class: ['btn', 'btn-primary', 'btn-sm', 'user-nav__signup'],
        href: '/signup.html',
        'aria-current': layoutState.active === 'signup' ? 'page' : undefined,
      }, t('nav.signup'))));
  }
  const items = [];
  if (hasRole('admin')) items.push(navLink('/admin/index.html', t('nav.admin'), 'admin', 'shield'));
  if (hasRole('seller')) {
    items.push(navLink('/seller/products.html', t('nav.seller'), 'seller', 'store'));
    items.push(navLink('/seller/orders.html', t('nav.seller_orders'), 'seller-orders', null));
    items.push(navLink('/seller/stats.html', t('nav.seller_stats'), 'seller-stats', null));
    items.push(navLink('/seller/inquiries.html', t('nav.seller_inquiries'), 'seller-inquiries', null));
  }
  items.push(cartLink());
  items.push(navLink('/orders.html', t('nav.orders'), 'orders', null));
  items.push(navLink('/chat.html', t('nav.chat'), 'chat', 'chat'));
  items.push(navLink('/points.html', t('nav.points'), 'points', 'gift'));
  items.push(navLink('/account.html', t('nav.account'), 'account', 'user'));
  const logoutBtn = h('button', {
    type: 'button',
    class: 'user-nav__link user-nav__logout',
    onClick: () => withBusy(logoutBtn, async () => {
      layoutState.loggingOut = true;
      await logout();
    }),
  }, icon('log-out', { size: 18 }), h('span', null, t('nav.logout')));
  items.push(h('li', null, logoutBtn));
  return h('ul', { class: 'user-nav__list' }, items);
}

/** The cart link with the number of lines in the cart (`layoutState.cartCount`, null while unknown). */
function cartLink() {
  const active = layoutState.active === 'cart';
  const n = layoutState.cartCount;
  return h('li', null, h('a', {
    class: ['user-nav__link', 'user-nav__cart', active && 'is-active'],
    href: '/cart.html',
    id: 'nav-cart',
    'aria-current': active ? 'page' : undefined,
    'aria-label': n ? t('nav.cart_count', { n }) : undefined,
  }, h('span', null, t('nav.cart')),
  n ? h('span', { class: 'cart-badge', id: 'nav-cart-count', 'aria-hidden': 'true' }, n > 99 ? '99+' : String(n)) : null));
}

/**
 * Reloads the cart badge (pages call it after adding or removing lines); `count` skips the
 * request when the page already knows it.
 */
export async function refreshCartCount(count) {
  if (!layoutState || !getUser()) return;
  if (typeof count === 'number') {
    layoutState.cartCount = count;
  } else {
    try {
      layoutState.cartCount = (await api('GET', '/cart')).count;
    } catch {
      return;
    }
  }
  if (layoutState.header && layoutState.status === 'in') renderNav();
}

function langSwitch() {
  const current = getLang();
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('nav.language') },
    icon('globe', { size: 16, class: 'lang-switch__icon' }),
    LANGS.map((lang) => h('button', {
      type: 'button',
      class: ['lang-switch__btn', lang === current && 'is-active'],
      lang,
      'aria-pressed': lang === current ? 'true' : 'false',
      onClick: () => setLang(lang),
    }, lang.toUpperCase())));
}

function categoryNav() {
  const here = location.pathname === '/' || location.pathname === '/index.html';
  const params = here ? new URLSearchParams(location.search) : null;
  const sort = params ? params.get('sort') || 'recent' : null;
  const filtered = params && (params.get('q') || params.get('category'));
  const links = [
    { href: '/', label: t('nav.all_products'), current: here && !filtered && sort === 'recent' },
    { href: '/#categories', label: t('nav.categories') },
    { href: '/?sort=popular', label: t('nav.popular'), current: here && !filtered && sort === 'popular' },
    { href: '/?sort=recent', label: t('nav.new') },
    { href: '/?sort=rating', label: t('nav.best_rated'), current: here && !filtered && sort === 'rating' },
  ];
  return h('nav', { class: 'category-bar', 'aria-label': t('nav.main') },
    h('div', { class: 'container' },
      h('ul', { class: 'category-bar__list' }, links.map((l) => h('li', null,
        h('a', { class: ['category-bar__link', l.current && 'is-active'], href: l.href, 'aria-current': l.current ? 'page' : undefined }, l.label))))));
}

function searchForm() {
  const input = h('input', {
    id: 'site-search-input',
    class: 'header-search__input',
    type: 'search',
    name: 'q',
    maxlength: 100,
    autocomplete: 'off',
    enterkeyhint: 'search',
    placeholder: t('nav.search_placeholder'),
    value: layoutState.searchValue,
  });
  input.addEventListener('input', () => {
    layoutState.searchValue = input.value;
  });
  const form = h('form', { class: 'header-search', role: 'search', action: '/', method: 'get' },
    h('label', { class: 'sr-only', for: 'site-search-input' }, t('nav.search_label')),
    input,
    h('button', { type: 'submit', class: 'header-search__btn', 'aria-label': t('common.search') }, icon('search')));
  form.addEventListener('submit', (e) => {
    const q = input.value.trim();
    // The home page handles searches in place (history.pushState) by cancelling this event.
    const event = new CustomEvent('praline:search', { detail: { q }, cancelable: true });
    if (!window.dispatchEvent(event)) {
      e.preventDefault();
      closeMenu();
      return;
    }
    if (!q) {
      e.preventDefault();
      location.href = '/';
    }
  });
  return form;
}

function closeMenu() {
  const header = layoutState && layoutState.header;
  if (!header) return;
  header.classList.remove('is-menu-open');
  const toggle = qs('.menu-toggle', header);
  if (toggle) {
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-label', t('nav.menu'));
  }
}

function renderNav() {
  const { header } = layoutState;
  const slot = qs('.header-nav', header);
  const indicator = qs('.header-indicator', header);
  if (slot) replaceChildren(slot, userNav(), langSwitch());
  if (indicator) replaceChildren(indicator, headerCart(), sessionIndicator());
}

/** The cart shortcut beside the session indicator, shown where the menu is collapsed (phones). */
function headerCart() {
  if (layoutState.status !== 'in' || !getUser()) return null;
  const n = layoutState.cartCount;
  return h('a', { class: 'header-cart', href: '/cart.html', 'aria-label': n ? t('nav.cart_count', { n }) : t('nav.cart') },
    icon('bag', { size: 22 }),
    n ? h('span', { class: 'cart-badge header-cart__count', 'aria-hidden': 'true' }, n > 99 ? '99+' : String(n)) : null);
}

function renderHeader() {
  const { header } = layoutState;
  header.classList.add('site-header');
  const toggle = h('button', {
    type: 'button',
    class: 'menu-toggle',
    'aria-expanded': 'false',
    'aria-controls': 'site-menu',
    'aria-label': t('nav.menu'),
  }, icon('menu', { size: 22, class: 'menu-toggle__open' }), icon('close', { size: 22, class: 'menu-toggle__close' }));
  toggle.addEventListener('click', () => {
    const open = !header.classList.contains('is-menu-open');
    header.classList.toggle('is-menu-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('aria-label', t(open ? 'nav.menu_close' : 'nav.menu'));
  });
  replaceChildren(header,
    h('div', { class: 'header-util' },
      h('div', { class: 'container header-util__inner' },
        h('nav', { class: 'header-nav', id: 'site-menu', 'aria-label': t('nav.user_menu') }))),
    h('div', { class: 'header-bar container' },
      toggle,
      h('a', { class: 'logo', href: '/', 'aria-label': 'Praline 프랄린' },
        h('img', { class: 'logo__mark', src: '/img/logo.svg', alt: '', width: 36, height: 36 }),
        h('span', { class: 'logo__text', 'aria-hidden': 'true' },
          h('span', { class: 'logo__en' }, 'Praline'),
          h('span', { class: 'logo__ko' }, '프랄린'))),
      searchForm(),
      h('div', { class: 'header-indicator' })),
    categoryNav());
  renderNav();
}

function footerLink(href, label) {
  return h('li', null, h('a', { href }, label));
}

function renderFooter() {
  const { footer } = layoutState;
  if (!footer) return;
  footer.classList.add('site-footer');
  const year = new Date().getFullYear();
  replaceChildren(footer,
    h('div', { class: 'container footer-top' },
      h('div', { class: 'footer-brand' },
        h('a', { class: 'logo logo-footer', href: '/', 'aria-label': 'Praline 프랄린' },
          h('img', { class: 'logo__mark', src: '/img/logo.svg', alt: '', width: 32, height: 32 }),
          h('span', { class: 'logo__text', 'aria-hidden': 'true' }, h('span', { class: 'logo__en' }, 'Praline'), h('span', { class: 'logo__ko' }, '프랄린'))),
        h('p', { class: 'footer-about' }, t('footer.about'))),
      h('nav', { class: 'footer-col', 'aria-label': t('footer.shortcuts') },
        h('h2', { class: 'footer-heading' }, t('footer.shortcuts')),
        h('ul', { class: 'footer-links' },
          footerLink('/', t('footer.home')),
          footerLink('/login.html', t('footer.login')),
          footerLink('/signup.html', t('footer.signup')),
          footerLink('/account.html', t('footer.account')),
          footerLink('/points.html', t('footer.points')),
          footerLink('/membership.html', t('footer.membership')),
          footerLink('/activity.html', t('footer.activity')),
          footerLink('/attendance.html', t('footer.attendance')),
          footerLink('/notices.html', t('footer.notices')),
          footerLink('/quiz.html', t('footer.quiz')))),
      h('div', { class: 'footer-col' },
        h('h2', { class: 'footer-heading' }, t('footer.customer_center')),
        h('p', { class: 'footer-phone' }, t('footer.cs_phone')),
        h('p', { class: 'footer-hours' }, t('footer.cs_hours')))),
    h('div', { class: 'container footer-legal' },
      h('h2', { class: 'sr-only' }, t('footer.company_info')),
      h('p', null, t('footer.company')),
      h('p', null, t('footer.business_number')),
      h('p', null, t('footer.address')),
      h('p', { class: 'footer-notice' }, t('footer.broker_notice')),
      h('p', { class: 'footer-copy' }, t('footer.copyright', { year }))));
}

function ensureSkipLink() {
  if (qs('.skip-link')) return;
  const link = h('a', { class: 'skip-link', href: '#main' }, t('common.skip_to_content'));
  document.body.insertBefore(link, document.body.firstChild);
}

async function loadMe() {
  try {
    await fetchMe();
  } catch {
    /* the header can still show the nickname from the refresh response */
  }
}

function onSessionChange(event) {
  const { user, reason } = event.detail || {};
  if (!layoutState.ready && reason === 'restore') return; // mountLayout's own restore handles it
  if (user) {
    layoutState.status = 'in';
    renderNav();
    if (reason !== 'update') loadMe().then(renderNav);
    return;
  }
  layoutState.status = 'out';
  renderNav();
  if (reason === 'expired') toast.info(t('session.expired'), { timeout: 8000 });
  else if (reason === 'elsewhere') toast.info(t('session.logged_out_elsewhere'));
  else if (reason === 'logout' && layoutState.loggingOut) toast.success(t('session.logged_out'));
  layoutState.loggingOut = false;
  if (reason !== 'update' && PRIVATE_AREAS.has(layoutState.active)) {
    location.href = reason === 'logout' ? '/' : loginHref();
  }
}

/**
 * Builds the header and footer into #site-header / #site-footer and restores the session
 * (one silent refresh, then GET /me). `active`: 'home' | 'login' | 'signup' | 'account' |
 * 'points' | 'membership' | 'seller' | 'seller-orders' | 'seller-stats' | 'admin' | 'cart' |
 * 'orders' | 'chat' | null marks the current nav item; on the private pages (all but home,
 * login and signup) a logout or expiry leaves the page.
 * Resolves to the user (from GET /me, with points) or null for a visitor.
 */
export function mountLayout({ active = null } = {}) {
  const header = qs('#site-header');
  const footer = qs('#site-footer');
  const params = new URLSearchParams(location.search);
  layoutState = { active, header, footer, status: 'checking', ready: false, loggingOut: false, searchValue: params.get('q') || '', cartCount: null };
  ensureSkipLink();
  if (header) renderHeader();
  renderFooter();
  applyI18n(document);

  sessionEvents.addEventListener('change', (e) => {
    if (header) onSessionChange(e);
  });
  langEvents.addEventListener('change', () => {
    const open = header && header.classList.contains('is-menu-open');
    const hadFocus = header && header.contains(document.activeElement);
    const skip = qs('.skip-link');
    if (skip) skip.textContent = t('common.skip_to_content');
    if (header) renderHeader();
    if (open) qs('.menu-toggle', header)?.click();
    if (hadFocus) qs(`.lang-switch__btn[lang="${getLang()}"]`, header)?.focus();
    renderFooter();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && header && header.classList.contains('is-menu-open')) {
      closeMenu();
      qs('.menu-toggle', header)?.focus();
    }
  });

  return restoreSession().then(async (user) => {
    if (user) await loadMe();
    layoutState.ready = true;
    layoutState.status = getUser() ? 'in' : 'out';
    if (header) renderNav();
    if (getUser() && active !== 'cart') refreshCartCount();
    return getUser();
  });
}

/** Sets the header search box text (the home page calls this on back/forward). */
export function setSearchValue(q) {
  if (!layoutState) return;
  layoutState.searchValue = q || '';
  const input = qs('#site-search-input');
  if (input && input.value !== layoutState.searchValue) input.value = layoutState.searchValue;
}

/** Re-renders the category bar (its active link follows the URL). */
export function refreshCategoryBar() {
  if (!layoutState || !layoutState.header) return;
  const old = qs('.category-bar', layoutState.header);
  if (old) old.replaceWith(categoryNav());
}
