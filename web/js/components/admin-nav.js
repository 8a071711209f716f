// The operator pages' sub-navigation, shared by every page under /admin/.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import '../i18n/admin.js';
import '../i18n/shop.js';

export const ADMIN_PAGES = [
  { key: 'home', href: '/admin/index.html' },
  { key: 'sellers', href: '/admin/sellers.html' },
  { key: 'users', href: '/admin/users.html' },
  { key: 'categories', href: '/admin/categories.html' },
  { key: 'products', href: '/admin/products.html' },
  { key: 'orders', href: '/admin/orders.html' },
  { key: 'reviews', href: '/admin/reviews.html' },
  { key: 'support', href: '/admin/support.html' },
  { key: 'notices', href: '/admin/notices.html' },
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
