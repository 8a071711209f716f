// The community parts of a product page: the wish button with its count (GET/PUT/DELETE
// /products/{id}/wish) and the Q&A section (GET/POST /products/{id}/inquiries, the author's
// delete, the product's seller's answer box). Every user text goes in through textContent.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { api, getUser } from '../api.js';
import { icon } from '../icons.js';
import { confirmDialog, emptyState, formatDateTime, formatNumber, showError, toast, withBusy, badge } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import '../i18n/community.js';

const MAX_CHARS = 1000;

/** The wish toggle of product `productId` in `slot`; the owner sees the count only. */
export async function mountWish(slot, productId, { owner = false } = {}) {
  let state;
  try {
    state = await api('GET', `/products/${productId}/wish`);
  } catch {
    return;
  }
  const draw = () => {
    const label = state.wished ? t('wish.remove') : t('wish.add');
    const button = h('button', {
      type: 'button',
      class: ['btn', 'btn-secondary', 'wish-button', state.wished && 'is-wished'],
      id: 'wish-button',
      'aria-pressed': state.wished ? 'true' : 'false',
      'aria-label': label,
      title: label,
      disabled: owner,
      onClick: () => toggle(button),
    }, icon('heart', { size: 18 }), h('span', { id: 'wish-count' }, t('wish.count', { n: formatNumber(state.wish_count) })));
    replaceChildren(slot, button);
  };
  async function toggle(button) {
    if (!getUser()) {
      location.assign(loginUrlHere());
      return;
    }
    await withBusy(button, async () => {
      try {
        state = await api(state.wished ? 'DELETE' : 'PUT', `/products/${productId}/wish`);
        toast.success(state.wished ? t('wish.added') : t('wish.removed'));
      } catch (err) {
        showError(err);
      }
    });
    draw();
  }
  draw();
}

/** The Q&A section of `product` in `section` (an empty element). */
export function mountQna(section, product) {
  const perPage = 10;
  let items = [];
  let total = 0;
  let page = 0;
  const list = h('ul', { class: 'qna-list', id: 'qna-list' });
  const more = h('button', { type: 'button', class: 'btn btn-ghost', id: 'qna-more', hidden: true, onClick: () => load(page + 1) }, t('qna.more'));
  const user = getUser();
  const isSeller = Boolean(user && product.seller && Number(user.id) === Number(product.seller.user_id));

  function askForm() {
    if (!user) {
      return h('a', { class: 'btn btn-secondary', href: loginUrlHere() }, t('qna.login'));
    }
    const text = h('textarea', { id: 'qna-content', class: 'input', rows: 3, maxlength: MAX_CHARS, placeholder: t('qna.placeholder'), required: true });
    const secret = h('input', { type: 'checkbox', id: 'qna-secret' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', id: 'qna-submit' }, t('qna.submit'));
    const form = h('form', { class: 'qna-form', id: 'qna-form', onSubmit: async (event) => {
      event.preventDefault();
      const content = text.value.trim();
      if (!content) return;
      await withBusy(submit, async () => {
        try {
          await api('POST', `/products/${product.id}/inquiries`, { body: { content, secret: secret.checked } });
          text.value = '';
          secret.checked = false;
          toast.success(t('qna.asked'));
          await load(1);
        } catch (err) {
          showError(err);
        }
      });
    } },
    h('label', { class: 'sr-only', for: 'qna-content' }, t('qna.placeholder')),
    text,
    h('div', { class: 'qna-form__row' },
      h('label', { class: 'checkbox' }, secret, h('span', null, t('qna.secret'))),
      submit));
    return form;
  }

  function answerBox(inquiry) {
    const text = h('textarea', { class: 'input', rows: 2, maxlength: MAX_CHARS, placeholder: t('qna.answer_placeholder'), 'aria-label': t('qna.answer_label') });
    if (inquiry.answer && inquiry.answer.content) text.value = inquiry.answer.content;
    const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-sm qna-answer-submit' }, inquiry.answer ? t('qna.answer_edit') : t('qna.answer_submit'));
    return h('form', { class: 'qna-answer-form', onSubmit: async (event) => {
      event.preventDefault();
      const content = text.value.trim();
      if (!content) return;
      await withBusy(submit, async () => {
        try {
          await api('PUT', `/inquiries/${inquiry.id}/answer`, { body: { content } });
          toast.success(t('qna.answer_saved'));
          await load(1);
        } catch (err) {
          showError(err);
        }
      });
    } }, text, submit);
  }

  function row(inquiry) {
    const mine = Boolean(user && inquiry.author && Number(inquiry.author.id) === Number(user.id));
    const status = inquiry.answer ? badge(t('qna.answered'), 'success') : badge(t('qna.waiting'), 'muted');
    const head = h('div', { class: 'qna-item__head' },
      status,
      inquiry.secret && h('span', { class: 'qna-item__lock', title: t('qna.secret') }, icon('lock', { size: 14 })),
      h('span', { class: 'qna-item__author' }, inquiry.author ? inquiry.author.nickname : t('qna.anonymous')),
      h('time', { class: 'qna-item__time', datetime: inquiry.created_at }, formatDateTime(inquiry.created_at)));
    const body = inquiry.redacted
      ? h('p', { class: 'qna-item__content is-secret' }, t('qna.secret_hidden'))
      : h('p', { class: 'qna-item__content' }, inquiry.content);
    const answer = inquiry.answer && !inquiry.redacted && h('div', { class: 'qna-item__answer' },
      h('p', { class: 'qna-item__answer-label' }, t('qna.answer_label')),
      h('p', { class: 'qna-item__answer-text' }, inquiry.answer.content));
    const actions = mine && !inquiry.answer && h('button', {
      type: 'button',
      class: 'btn btn-ghost btn-sm',
      onClick: async () => {
        if (!(await confirmDialog(t('qna.confirm_delete'), { danger: true }))) return;
        try {
          await api('DELETE', `/inquiries/${inquiry.id}`);
          toast.success(t('qna.deleted'));
          await load(1);
        } catch (err) {
          showError(err);
        }
      },
    }, t('qna.delete'));
    return h('li', { class: 'qna-item', dataset: { id: inquiry.id } }, head, body, answer, actions, isSeller && answerBox(inquiry));
  }

  function draw() {
    replaceChildren(list, ...(items.length ? items.map(row) : [h('li', { class: 'qna-empty' }, emptyState({ icon: 'message', title: t('qna.empty') }))]));
    more.hidden = items.length >= total;
  }

  async function load(next) {
    try {
      const answer = await api('GET', `/products/${product.id}/inquiries`, { query: { page: next, per_page: perPage } });
      items = next === 1 ? answer.items : items.concat(answer.items);
      total = answer.total;
      page = next;
      draw();
    } catch (err) {
      showError(err);
    }
  }

  replaceChildren(section,
    h('h2', { class: 'pd-section__title', id: 'pd-qna-title' }, t('qna.title')),
    isSeller ? null : askForm(),
    list,
    more);
  load(1);
}
