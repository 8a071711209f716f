// The frame every operator page (/admin/…) mounts into: the admin tab bar, the page title and a
// content box, or a 403 message for signed-in non-admins.
import { h, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { adminNav } from '../components/admin-nav.js';
import { loginUrlHere } from '../navigation.js';
import '../i18n/admin.js';

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
    revealActiveTab(root);
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

/** On narrow screens the tab bar scrolls sideways: bring the current page's tab into view. */
function revealActiveTab(root) {
  const list = root.querySelector('.admin-nav__list');
  const active = list && list.querySelector('.admin-nav__link.is-active');
  if (!active || list.scrollWidth <= list.clientWidth) return;
  const a = active.getBoundingClientRect();
  const l = list.getBoundingClientRect();
  list.scrollLeft += (a.left + a.width / 2) - (l.left + l.width / 2);
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
