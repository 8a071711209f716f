// The operator pages' sub-navigation, shared by every page under /admin/.

import { h } from '../dom.js';
import { t, extendMessages } from '../i18n.js';

extendMessages({
  ko: {
    'admin.nav.label': '운영 메뉴',
    'admin.nav.home': '운영 홈',
    'admin.nav.sellers': '입점 심사',
    'admin.nav.users': '회원 관리',
    'admin.nav.categories': '카테고리',
    'admin.nav.products': '상품 관리',
  },
  en: {
    'admin.nav.label': 'Operator menu',
    'admin.nav.home': 'Overview',
    'admin.nav.sellers': 'Seller applications',
    'admin.nav.users': 'Members',
    'admin.nav.categories': 'Categories',
    'admin.nav.products': 'Products',
  },
});

export const ADMIN_PAGES = [
  { key: 'home', href: '/admin/index.html' },
  { key: 'sellers', href: '/admin/sellers.html' },
  { key: 'users', href: '/admin/users.html' },
  { key: 'categories', href: '/admin/categories.html' },
  { key: 'products', href: '/admin/products.html' },
];

/** The admin tab bar; `active` is one of the keys of ADMIN_PAGES. */
export function adminNav(active) {
  return h('nav', { class: 'admin-nav', 'aria-label': t('admin.nav.label') },
    h('ul', { class: 'admin-nav__list' },
      ADMIN_PAGES.map((p) => h('li', null,
        h('a', {
          class: ['admin-nav__link', p.key === active && 'is-active'],
          href: p.href,
          'aria-current': p.key === active ? 'page' : undefined,
        }, t(`admin.nav.${p.key}`))))));
}
