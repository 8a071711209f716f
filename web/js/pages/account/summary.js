// My page: the summary card above the sections (avatar, nickname, e-mail, roles, points linking to
// my points, phone, joined).
import { h, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { hasRole } from '../../api.js';
import { formatDate, formatPoints, badge } from '../../ui.js';
import { providerLabel } from '../../social-login.js';

/** The letter shown instead of a missing avatar. */
export function initial(name) {
  return [...String(name || '?').trim()][0]?.toUpperCase() || '?';
}

function roleBadges(user) {
  const out = [];
  if (hasRole('admin', user)) out.push(badge(t('role.admin'), 'accent'));
  if (hasRole('seller', user)) out.push(badge(t('role.seller'), 'primary'));
  out.push(badge(t('role.buyer'), 'muted'));
  return out;
}

/** The summary in `el` (#account-summary), drawn from `shared.me`. */
export function summarySection(el, shared) {
  function render() {
    const me = shared.me;
    if (!me) return;
    const avatar = me.avatar_url
      ? h('img', { class: 'summary-avatar', src: me.avatar_url, alt: '', width: 72, height: 72 })
      : h('span', { class: 'summary-avatar summary-avatar-initial', 'aria-hidden': 'true' }, initial(me.nickname));
    const stats = [
      h('a', { class: 'summary-stat summary-stat-link', href: '/points.html' },
        h('span', { class: 'summary-stat__label' }, t('summary.points')),
        h('strong', { class: 'summary-stat__value', id: 'summary-points' }, formatPoints(me.points ?? 0))),
      h('div', { class: 'summary-stat' },
        h('span', { class: 'summary-stat__label' }, t('summary.phone')),
        h('strong', { class: ['summary-stat__value', me.phone_verified ? 'is-ok' : 'is-muted'] }, t(me.phone_verified ? 'summary.verified' : 'summary.unverified'))),
      h('div', { class: 'summary-stat' },
        h('span', { class: 'summary-stat__label' }, t('summary.joined')),
        h('strong', { class: 'summary-stat__value' }, formatDate(me.created_at))),
    ];
    replaceChildren(el,
      h('div', { class: 'summary-profile' },
        avatar,
        h('div', { class: 'summary-profile__text' },
          h('p', { class: 'summary-name' }, h('span', { class: 'summary-name__nick' }, me.nickname || ''), h('span', { class: 'summary-name__suffix' }, t('summary.nim'))),
          h('p', { class: 'summary-email' }, me.email || ''),
          h('div', { class: 'summary-badges' }, roleBadges(me),
            me.login_type && me.login_type !== 'email' && badge(t('summary.social', { provider: providerLabel(me.login_type) }), 'info')))),
      h('div', { class: 'summary-stats' }, stats));
  }
  return { render };
}
