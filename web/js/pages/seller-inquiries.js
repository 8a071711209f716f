// Seller center — product questions: /seller/inquiries.html[?filter=unanswered|answered|all&page=]
// GET /seller/inquiries (unanswered first by default); each question with its product, asker,
// date and secret mark, and an answer box (PUT /inquiries/{id}/answer, 1–1,000 characters). An
// answered question shows its answer with an edit button; answering in the "waiting" list takes
// the question out of it. Every user text goes in through textContent.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, hasRole } from '../api.js';
import { accountIcon, icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { badge, emptyState, formatDateTime, formatNumber, pagination, skeletonLines, toast } from '../ui.js';
import { productUrl } from '../components/product-card.js';
import { answerBox } from '../components/answer-box.js';
import { urlList } from '../components/url-list.js';
import { loginUrlHere } from '../navigation.js';
import { INQUIRY_FILTERS, inquiryQuery, staysListed } from '../logic/staff.js';
import '../i18n/seller-center.js';
import '../i18n/shop.js';

const PER_PAGE = 20;
const MAX_ANSWER = 1000;
const root = qs('#sc-root');
/** Ids of answered questions whose answer box is open for editing. */
const editing = new Set();
const list = urlList({
  path: '/seller/inquiries.html',
  key: 'filter',
  filters: INQUIRY_FILTERS,
  endpoint: '/seller/inquiries',
  query: inquiryQuery,
  perPage: PER_PAGE,
  render: () => render(),
  onNavigate: () => editing.clear(),
});

/** Saves an answer; the question leaves a list it no longer belongs to, else shows the answer. */
async function saveAnswer(inquiry, content) {
  const first = !inquiry.answer;
  const saved = await api('PUT', `/inquiries/${inquiry.id}/answer`, { body: { content } });
  editing.delete(inquiry.id);
  const { filter } = list.state();
  if (first && !staysListed(filter, true)) {
    toast.success(t('si.answered_moved'));
    list.drop(inquiry.id, `si-item-${inquiry.id}`);
    return;
  }
  toast.success(first ? t('si.answered') : t('si.answer_updated'));
  list.update(inquiry.id, (i) => ({ ...saved, product: i.product }));
}

function answerView(inquiry) {
  const a = inquiry.answer;
  if (a && !editing.has(inquiry.id)) {
    return h('div', { class: 'si-answer' },
      h('div', { class: 'si-answer__head' },
        h('p', { class: 'si-answer__label' }, accountIcon('message', 16), h('span', null, t('si.my_answer'))),
        h('time', { class: 'si-answer__time', datetime: a.updated_at || a.answered_at }, formatDateTime(a.updated_at || a.answered_at))),
      h('p', { class: 'si-answer__text' }, a.content),
      h('button', {
        type: 'button',
        class: 'btn btn-secondary btn-sm si-answer__edit',
        dataset: { edit: inquiry.id },
        onClick: () => {
          editing.add(inquiry.id);
          render();
          const box = qs(`#si-answer-${inquiry.id}`);
          if (box) box.focus();
        },
      }, t('si.edit')));
  }
  return answerBox({
    id: `si-answer-${inquiry.id}`,
    label: a ? t('si.edit_label') : t('si.answer_label'),
    placeholder: t('si.answer_placeholder'),
    value: a ? a.content : '',
    max: MAX_ANSWER,
    submitLabel: a ? t('si.save_edit') : t('si.submit'),
    onSubmit: (content) => saveAnswer(inquiry, content),
    onCancel: a ? () => {
      editing.delete(inquiry.id);
      render();
    } : undefined,
  });
}

function inquiryItem(inquiry) {
  const product = inquiry.product || { id: inquiry.product_id, name: '' };
  return h('li', { class: 'si-item', id: `si-item-${inquiry.id}`, dataset: { id: inquiry.id, answered: inquiry.answer ? 'true' : 'false' } },
    h('div', { class: 'si-item__head' },
      h('a', { class: 'si-item__product', href: `${productUrl(product.id)}#pd-qna` }, accountIcon('box', 16), h('span', null, product.name || t('si.product_no', { id: product.id }))),
      h('div', { class: 'si-item__badges' },
        inquiry.secret && h('span', { class: 'badge badge-warning si-item__secret' }, icon('lock', { size: 12 }), h('span', null, t('si.secret'))),
        inquiry.answer ? badge(t('si.status_answered'), 'success') : badge(t('si.status_waiting'), 'muted'))),
    h('p', { class: 'si-item__meta' },
      h('span', { class: 'si-item__author' }, inquiry.author ? inquiry.author.nickname : t('si.unknown_author')),
      ' · ',
      h('time', { datetime: inquiry.created_at }, formatDateTime(inquiry.created_at))),
    h('p', { class: 'si-item__content' }, inquiry.content || ''),
    answerView(inquiry));
}

function header() {
  return h('div', { class: 'page-header sc__header' },
    h('div', null,
      h('p', { class: 'sc__eyebrow' }, icon('store', { size: 16 }), h('span', null, t('sc.title'))),
      h('h1', { class: 'page-title', id: 'si-title', tabindex: '-1' }, t('si.title')),
      h('p', { class: 'page-subtitle' }, t('si.subtitle'))),
    h('div', { class: 'sc-links' },
      h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/products.html' }, t('so.products_link')),
      h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/orders.html' }, t('nav.seller_orders'))));
}

function tabs(s) {
  return h('nav', { class: 'sc-tabs', id: 'si-tabs', 'aria-label': t('si.filter_label') }, h('ul', { class: 'sc-tabs__list' }, INQUIRY_FILTERS.map((f) => {
    const active = f === s.filter;
    return h('li', null, h('a', {
      class: ['sc-tabs__link', active && 'is-active'],
      href: list.href({ filter: f, page: 1 }),
      'aria-current': active ? 'page' : undefined,
      dataset: { filter: f },
      onClick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
        e.preventDefault();
        list.go({ filter: f });
      },
    }, h('span', null, t(`si.filter_${f}`)), active && list.data && h('span', { class: 'sc-tabs__count' }, formatNumber(list.data.total))));
  })));
}

function render() {
  root.removeAttribute('aria-busy');
  const s = list.state();
  let body;
  if (list.error) {
    body = emptyState({ icon: 'alert-circle', tone: 'error', title: t('si.load_failed'), message: list.error.message, action: { label: t('common.retry'), onClick: () => list.load() } });
  } else if (!list.data) {
    body = skeletonLines(5);
  } else if (!list.data.items.length) {
    body = emptyState({ icon: 'chat', title: t(`si.empty_${s.filter}`), message: s.filter === 'unanswered' ? t('si.empty_unanswered_text') : null });
  } else {
    body = [
      h('ul', { class: 'si-list list-reset', id: 'si-list' }, list.data.items.map(inquiryItem)),
      pagination({ page: list.data.page, perPage: list.data.per_page, total: list.data.total, hrefFor: (n) => list.href({ ...s, page: n }), onPage: (n) => list.go({ ...s, page: n }) }),
    ];
  }
  // Keep what is being typed in open answer boxes across a re-render.
  const typed = new Map([...root.querySelectorAll('.answer-box__text')].map((el) => [el.id, el.value]));
  replaceChildren(root, header(), tabs(s), h('div', { id: 'si-body' }, body));
  for (const [id, value] of typed) {
    const el = document.getElementById(id);
    if (el && value) {
      el.value = value;
      el.dispatchEvent(new Event('input'));
    }
  }
}

async function start() {
  const user = await mountLayout({ active: 'seller-inquiries' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  if (!hasRole('seller')) {
    root.removeAttribute('aria-busy');
    replaceChildren(root, emptyState({ icon: 'store', title: t('sc.not_seller_title'), message: t('sc.not_seller_message'), action: { label: t('sc.apply'), href: '/account.html#seller' } }));
    return;
  }
  render();
  await list.load();
}

langEvents.addEventListener('change', () => {
  if (hasRole('seller')) render();
});
start();
