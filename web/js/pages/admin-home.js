// Operator overview: one card per operator page, with a count from each list's `total`.
import { h, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon, accountIcon } from '../icons.js';
import { formatNumber } from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import '../i18n/admin.js';
import '../i18n/shop.js';

const CARDS = [
  {
    key: 'sellers',
    href: '/admin/sellers.html',
    iconNode: () => icon('store', { size: 26, strokeWidth: 1.8 }),
    load: () => api('GET', '/admin/seller-applications', { query: { status: 'pending', per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.sellers_count',
    attention: true,
  },
  {
    key: 'users',
    href: '/admin/users.html',
    iconNode: () => accountIcon('users', 26),
    load: () => api('GET', '/admin/users', { query: { per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.users_count',
  },
  {
    key: 'categories',
    href: '/admin/categories.html',
    iconNode: () => accountIcon('tag', 26),
    load: () => api('GET', '/categories').then((d) => (Array.isArray(d) ? d.length : Array.isArray(d?.items) ? d.items.length : 0)),
    countKey: 'admin.home.categories_count',
  },
  {
    key: 'products',
    href: '/admin/products.html',
    iconNode: () => accountIcon('box', 26),
    load: () => api('GET', '/products', { query: { per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.products_count',
  },
  {
    key: 'orders',
    href: '/admin/orders.html',
    iconNode: () => icon('bag', { size: 26, strokeWidth: 1.8 }),
    load: () => api('GET', '/admin/orders', { query: { per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.orders_count',
  },
  {
    key: 'support',
    href: '/admin/support.html',
    iconNode: () => accountIcon('inbox', 26),
    load: () => api('GET', '/admin/support', { query: { status: 'open', per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.support_count',
    attention: true,
  },
  {
    key: 'reviews',
    href: '/admin/reviews.html',
    iconNode: () => icon('star', { size: 26, strokeWidth: 1.8 }),
    load: () => api('GET', '/admin/reviews', { query: { hidden: true, per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.reviews_count',
  },
  {
    key: 'notices',
    href: '/admin/notices.html',
    iconNode: () => icon('sparkle', { size: 26, strokeWidth: 1.8 }),
    load: () => api('GET', '/notices', { query: { per_page: 1 } }).then((d) => d?.total ?? 0),
    countKey: 'admin.home.notices_count',
  },
];

const counts = {}; // key → number | 'error' | undefined (loading)

function card(c) {
  const value = counts[c.key];
  let countNode;
  if (value === undefined) countNode = h('span', { class: 'skeleton skeleton-text admin-card__skeleton', 'aria-hidden': 'true' });
  else if (value === 'error') countNode = h('span', { class: 'admin-card__count is-muted' }, t('admin.home.count_unavailable'));
  else {
    countNode = h('span', { class: ['admin-card__count', c.attention && value > 0 && 'is-attention'] },
      t(c.countKey, { n: formatNumber(value) }));
  }
  return h('li', null,
    h('a', { class: ['admin-card', `admin-card-${c.key}`], href: c.href, dataset: { card: c.key } },
      h('span', { class: 'admin-card__icon', 'aria-hidden': 'true' }, c.iconNode()),
      h('span', { class: 'admin-card__body' },
        h('span', { class: 'admin-card__title' }, t(`admin.nav.${c.key}`)),
        h('span', { class: 'admin-card__text' }, t(`admin.home.${c.key}_text`)),
        countNode),
      h('span', { class: 'admin-card__go', 'aria-hidden': 'true' }, icon('chevron-right', { size: 20 }))));
}

async function start() {
  const admin = await mountAdmin({ key: 'home', titleKey: 'admin.home.title', subtitleKey: 'admin.home.subtitle' });
  if (!admin) return;
  const grid = h('ul', { class: 'admin-cards', id: 'admin-cards' });
  const render = () => replaceChildren(grid, CARDS.map(card));
  replaceChildren(admin.content, grid,
    h('p', { class: 'admin-tip' }, icon('info', { size: 16 }), h('span', null, t('admin.home.tip'))));
  render();
  langEvents.addEventListener('change', () => {
    replaceChildren(admin.content, grid,
      h('p', { class: 'admin-tip' }, icon('info', { size: 16 }), h('span', null, t('admin.home.tip'))));
    render();
  });
  await Promise.all(CARDS.map(async (c) => {
    try {
      counts[c.key] = await c.load();
    } catch (err) {
      if (err.status === 403) {
        admin.forbid();
        return;
      }
      counts[c.key] = 'error';
    }
    render();
  }));
}

start();
