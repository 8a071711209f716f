// Operators — 1:1 support inbox: /admin/support.html[?status=open|answered|all&page=]
// GET /admin/support (open tickets by default, oldest first) with the writer's e-mail and
// nickname; an answer box per ticket (PUT /admin/support/{id}/answer). The first answer is
// e-mailed to the user, later ones only edit it — the page says which will happen. Every user
// text goes in through textContent.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { accountIcon, icon } from '../icons.js';
import { badge, emptyState, formatDateTime, formatNumber, pagination, skeletonLines, toast } from '../ui.js';
import { mountAdmin } from '../admin/mount.js';
import { answerBox } from '../components/answer-box.js';
import { urlList } from '../components/url-list.js';
import { TICKET_FILTERS, staysListed, ticketQuery } from '../logic/staff.js';
import '../i18n/admin.js';

const PER_PAGE = 20;
const MAX_ANSWER = 2000;

let admin = null;
/** Ids of answered tickets whose answer box is open for editing. */
const editing = new Set();
const list = urlList({
  path: '/admin/support.html',
  key: 'status',
  filters: TICKET_FILTERS,
  endpoint: '/admin/support',
  query: ticketQuery,
  perPage: PER_PAGE,
  render: () => render(),
  onNavigate: () => editing.clear(),
  onError: (err) => {
    if (err.status !== 403) return false;
    admin.forbid();
    admin = null;
    return true;
  },
});

async function saveAnswer(ticket, content) {
  const first = !ticket.answer;
  const saved = await api('PUT', `/admin/support/${ticket.id}/answer`, { body: { content } });
  editing.delete(ticket.id);
  const { status } = list.state();
  toast.success(first ? t('admin.support.answered', { email: ticket.user ? ticket.user.email : '' }) : t('admin.support.answer_updated'));
  if (first && !staysListed(status, true)) {
    list.drop(ticket.id, `as-ticket-${ticket.id}`);
    return;
  }
  list.update(ticket.id, (i) => ({ ...i, ...saved, user: i.user }));
}

function answerPart(ticket) {
  const a = ticket.answer;
  if (a && !editing.has(ticket.id)) {
    return h('div', { class: 'si-answer' },
      h('div', { class: 'si-answer__head' },
        h('p', { class: 'si-answer__label' }, accountIcon('mail', 16), h('span', null, t('admin.support.answer'))),
        h('time', { class: 'si-answer__time', datetime: a.answered_at }, formatDateTime(a.answered_at))),
      h('p', { class: 'si-answer__text' }, a.content),
      h('button', {
        type: 'button',
        class: 'btn btn-secondary btn-sm si-answer__edit',
        dataset: { edit: ticket.id },
        onClick: () => {
          editing.add(ticket.id);
          render();
          qs(`#as-answer-${ticket.id}`)?.focus();
        },
      }, t('admin.support.edit')));
  }
  return answerBox({
    id: `as-answer-${ticket.id}`,
    label: a ? t('admin.support.edit_label') : t('admin.support.answer_label'),
    placeholder: t('admin.support.answer_placeholder'),
    value: a ? a.content : '',
    max: MAX_ANSWER,
    submitLabel: a ? t('admin.support.save_edit') : t('admin.support.send'),
    note: a ? t('admin.support.edit_note') : t('admin.support.first_note', { email: ticket.user ? ticket.user.email : '' }),
    onSubmit: (content) => saveAnswer(ticket, content),
    onCancel: a ? () => {
      editing.delete(ticket.id);
      render();
    } : undefined,
  });
}

function ticketCard(ticket) {
  const user = ticket.user || {};
  return h('li', { class: 'si-item as-ticket', id: `as-ticket-${ticket.id}`, dataset: { id: ticket.id, status: ticket.status } },
    h('div', { class: 'si-item__head' },
      h('h2', { class: 'as-ticket__title' }, ticket.title),
      h('div', { class: 'si-item__badges' },
        ticket.status === 'answered' ? badge(t('admin.support.status_answered'), 'success') : badge(t('admin.support.status_open'), 'warning'))),
    h('p', { class: 'si-item__meta' },
      h('span', { class: 'si-item__author' }, user.nickname || ''),
      user.email && h('span', { class: 'as-ticket__email' }, ` <${user.email}>`),
      ' · ',
      h('time', { datetime: ticket.created_at }, formatDateTime(ticket.created_at))),
    h('p', { class: 'si-item__content' }, ticket.content),
    answerPart(ticket));
}

function tabs(s) {
  return h('div', { class: 'tabs admin-tabs', role: 'tablist', 'aria-label': t('admin.support.tabs_label') },
    TICKET_FILTERS.map((f) => h('a', {
      class: ['tab', f === s.status && 'is-active'],
      href: list.href({ status: f, page: 1 }),
      role: 'tab',
      'aria-selected': f === s.status ? 'true' : 'false',
      dataset: { status: f },
      onClick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        list.go({ status: f });
      },
    }, t(`admin.support.tab_${f}`))));
}

function render() {
  if (!admin) return;
  const s = list.state();
  let body;
  if (list.error) {
    body = emptyState({ icon: 'alert-circle', tone: 'error', title: t('admin.load_failed'), message: list.error.message, action: { label: t('common.retry'), onClick: () => list.load() } });
  } else if (!list.data) {
    body = skeletonLines(5);
  } else if (!list.data.items.length) {
    body = emptyState({ icon: 'check-circle', title: t(`admin.support.empty_${s.status}`) });
  } else {
    body = [
      h('ul', { class: 'si-list list-reset', id: 'as-list' }, list.data.items.map(ticketCard)),
      h('div', { class: 'admin-pager' }, pagination({ page: list.data.page, perPage: list.data.per_page, total: list.data.total, hrefFor: (n) => list.href({ ...s, page: n }), onPage: (n) => list.go({ page: n }) })),
    ];
  }
  const typed = new Map([...admin.content.querySelectorAll('.answer-box__text')].map((el) => [el.id, el.value]));
  replaceChildren(admin.content,
    h('div', { class: 'toolbar admin-toolbar' },
      tabs(s),
      h('p', { class: 'admin-total', 'aria-live': 'polite' }, list.data ? t('admin.support.total', { n: formatNumber(list.data.total) }) : '')),
    h('p', { class: 'as-order-note' }, icon('info', { size: 16 }), h('span', null, t('admin.support.order_note'))),
    body);
  for (const [id, value] of typed) {
    const el = document.getElementById(id);
    if (el && value) {
      el.value = value;
      el.dispatchEvent(new Event('input'));
    }
  }
}

async function start() {
  admin = await mountAdmin({ key: 'support', titleKey: 'admin.support.title', subtitleKey: 'admin.support.subtitle' });
  if (!admin) return;
  render();
  await list.load();
}

langEvents.addEventListener('change', render);
start();
