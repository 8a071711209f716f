// My points: the entries of a month or of one day, newest first, paged (GET /wallet/entries).
import { h, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { formatDateTime, formatPoints, pagination, emptyState } from '../../ui.js';

/** '+29,900P' or '−9,900P'. */
export function signedPoints(n) {
  return `${n > 0 ? '+' : '−'}${formatPoints(Math.abs(n))}`;
}

/** One entry: what it was, its memo (plain text), when, the amount and the balance after. */
function entryItem(entry) {
  const credit = entry.amount > 0;
  return h('li', { class: 'wallet-entry', 'data-kind': entry.kind },
    h('div', { class: 'wallet-entry__main' },
      h('p', { class: 'wallet-entry__kind' }, t(`entry.kind.${entry.kind}`)),
      entry.memo && h('p', { class: 'wallet-entry__memo' }, entry.memo),
      h('p', { class: 'wallet-entry__time' }, h('time', { datetime: entry.created_at }, formatDateTime(entry.created_at)))),
    h('div', { class: 'wallet-entry__numbers' },
      h('p', { class: ['wallet-entry__amount', credit ? 'is-earned' : 'is-spent'] }, signedPoints(entry.amount)),
      h('p', { class: 'wallet-entry__after' }, t('points.balance_after', { n: formatPoints(entry.balance_after) }))));
}

/** The list in `listEl` with its pagination in `pagesEl`; `onPage(n)` pages. */
export function entriesView(listEl, pagesEl, { onPage }) {
  let last = null;

  function render() {
    if (!last) return;
    if (last.items.length === 0) {
      replaceChildren(listEl, emptyState({ icon: 'gift', title: t('points.entries_empty') }));
    } else {
      replaceChildren(listEl, h('ul', { class: 'wallet-entries__list list-reset' }, last.items.map(entryItem)));
    }
    replaceChildren(pagesEl, pagination({ page: last.page, perPage: last.per_page, total: last.total, onPage }));
  }

  return {
    /** Draws a GET /wallet/entries answer. */
    show(page) {
      last = page;
      render();
    },
    busy() {
      listEl.setAttribute('aria-busy', 'true');
    },
    idle() {
      listEl.removeAttribute('aria-busy');
    },
    relabel: render,
  };
}
