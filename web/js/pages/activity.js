// My activity (내 활동): my wishlist (GET /me/wishlist), the sellers I follow (GET /me/follows),
// my product questions (GET /me/inquiries) and my 1:1 support tickets (GET/POST /me/support,
// POST /support); the header links to my reviews (/reviews.html). User text goes in through
// textContent only.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, restoreSession } from '../api.js';
import { mountLayout } from '../layout.js';
import { badge, emptyState, formatDateTime, showError, toast, withBusy } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { productGrid } from '../components/product-card.js';
import '../i18n/catalog.js';
import '../i18n/community.js';

const els = {
  wishes: qs('#act-wishes'),
  follows: qs('#act-follows'),
  inquiries: qs('#act-inquiries'),
  support: qs('#act-support'),
  form: qs('#support-form'),
  title: qs('#support-title'),
  content: qs('#support-content'),
  submit: qs('#support-submit'),
};
const data = { wishes: null, follows: null, inquiries: null, support: null };

function empty(title) {
  return emptyState({ title });
}

function render() {
  if (data.wishes) {
    replaceChildren(els.wishes, data.wishes.items.length ? productGrid(data.wishes.items) : empty(t('act.no_wishes')));
  }
  if (data.follows) {
    replaceChildren(els.follows, ...(data.follows.items.length
      ? data.follows.items.map((s) => h('li', null, h('a', { href: `/store.html?seller=${encodeURIComponent(s.user_id)}` },
        h('span', { class: 'notice-list__title' }, s.company_name),
        h('span', { class: 'notice-list__date' }, t('act.followers', { n: s.follower_count })))))
      : [h('li', null, empty(t('act.no_follows')))]));
  }
  if (data.inquiries) {
    replaceChildren(els.inquiries, ...(data.inquiries.items.length
      ? data.inquiries.items.map((q) => h('li', { class: 'qna-item' },
        h('div', { class: 'qna-item__head' },
          q.answer ? badge(t('qna.answered'), 'success') : badge(t('qna.waiting'), 'muted'),
          h('a', { href: `/product.html?id=${encodeURIComponent(q.product.id)}#pd-qna` }, q.product.name),
          h('time', { datetime: q.created_at }, formatDateTime(q.created_at))),
        h('p', { class: 'qna-item__content' }, q.content),
        q.answer && h('div', { class: 'qna-item__answer' },
          h('p', { class: 'qna-item__answer-label' }, t('qna.answer_label')),
          h('p', { class: 'qna-item__answer-text' }, q.answer.content))))
      : [h('li', { class: 'qna-empty' }, empty(t('act.no_inquiries')))]));
  }
  if (data.support) {
    replaceChildren(els.support, ...(data.support.items.length
      ? data.support.items.map((ticket) => h('li', { class: 'qna-item', dataset: { id: ticket.id } },
        h('div', { class: 'qna-item__head' },
          ticket.status === 'answered' ? badge(t('qna.answered'), 'success') : badge(t('qna.waiting'), 'muted'),
          h('strong', null, ticket.title),
          h('time', { datetime: ticket.created_at }, formatDateTime(ticket.created_at))),
        h('p', { class: 'qna-item__content' }, ticket.content),
        ticket.answer && h('div', { class: 'qna-item__answer' },
          h('p', { class: 'qna-item__answer-label' }, t('act.admin_answer')),
          h('p', { class: 'qna-item__answer-text' }, ticket.answer.content))))
      : [h('li', { class: 'qna-empty' }, empty(t('act.no_support')))]));
  }
}

async function load() {
  try {
    const [wishes, follows, inquiries, support] = await Promise.all([
      api('GET', '/me/wishlist', { query: { per_page: 50 } }),
      api('GET', '/me/follows', { query: { per_page: 50 } }),
      api('GET', '/me/inquiries', { query: { per_page: 50 } }),
      api('GET', '/me/support', { query: { per_page: 50 } }),
    ]);
    Object.assign(data, { wishes, follows, inquiries, support });
    render();
  } catch (err) {
    if (err.status === 401) {
      location.replace(loginUrlHere());
      return;
    }
    showError(err);
  }
}

els.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const title = els.title.value.trim();
  const content = els.content.value.trim();
  if (!title || !content) return;
  await withBusy(els.submit, async () => {
    try {
      await api('POST', '/support', { body: { title, content } });
      els.title.value = '';
      els.content.value = '';
      toast.success(t('act.support_sent'));
      data.support = await api('GET', '/me/support', { query: { per_page: 50 } });
      render();
    } catch (err) {
      showError(err);
    }
  });
});

mountLayout({});
langEvents.addEventListener('change', render);
restoreSession().finally(load);
