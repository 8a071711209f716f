// The community parts of a product page: the wish button with its count (GET/PUT/DELETE
// /products/{id}/wish), the reviews with their evaluation chart and likes, and the Q&A section (GET/POST /products/{id}/inquiries, the author's
// delete, the product's seller's answer box). Every user text goes in through textContent.
import { h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';
import { api, getUser } from '../api.js';
import { icon } from '../icons.js';
import { confirmDialog, emptyState, formatDateTime, formatNumber, showError, stars, toast, withBusy, badge } from '../ui.js';
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

const SORTS = ['recent', 'likes', 'rating_desc', 'rating_asc'];

/** The reviews section of `product` in `section`: the evaluation as bars, a sort and filters,
 * the reviews with photos and like buttons. */
export function mountReviews(section, product) {
  const state = { sort: 'recent', rating: '', photo: false, page: 1, data: null };
  const user = getUser();
  const summary = h('div', { class: 'rv-summary', id: 'rv-summary' });
  const list = h('ul', { class: 'rv-list', id: 'rv-list' });
  const more = h('button', { type: 'button', class: 'btn btn-ghost', hidden: true, onClick: () => load(state.page + 1) }, t('qna.more'));
  const sort = h('select', { class: 'input input-sm', id: 'rv-sort', 'aria-label': t('rv.sort'), onChange: () => { state.sort = sort.value; load(1); } },
    SORTS.map((s) => h('option', { value: s }, t(`rv.sort_${s}`))));
  const rating = h('select', { class: 'input input-sm', id: 'rv-rating', 'aria-label': t('rv.filter_rating'), onChange: () => { state.rating = rating.value; load(1); } },
    h('option', { value: '' }, t('rv.all_ratings')),
    [5, 4, 3, 2, 1].map((n) => h('option', { value: String(n) }, t('rv.stars', { n }))));
  const photo = h('input', { type: 'checkbox', id: 'rv-photo', onChange: () => { state.photo = photo.checked; load(1); } });

  function bars(title, counts, labels) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return h('div', { class: 'rv-bars' }, h('p', { class: 'rv-bars__title' }, title),
      Object.entries(counts).map(([key, n]) => h('div', { class: 'rv-bar' },
        h('span', { class: 'rv-bar__label' }, labels(key)),
        h('progress', { class: 'rv-bar__meter', max: Math.max(total, 1), value: n, 'aria-label': `${labels(key)} ${n}` }),
        h('span', { class: 'rv-bar__count' }, formatNumber(n)))));
  }

  function drawSummary(e) {
    replaceChildren(summary,
      h('div', { class: 'rv-score' }, h('strong', { class: 'rv-score__value' }, Number(e.rating_avg).toFixed(1)),
        stars(e.rating_avg, { count: e.rating_count })),
      bars(t('rv.ratings'), Object.fromEntries([5, 4, 3, 2, 1].map((n) => [String(n), e.ratings[String(n)] || 0])), (k) => t('rv.stars', { n: k })),
      bars(t('rv.delivery'), e.delivery, (k) => t(`rv.delivery_${k}`)),
      bars(t('rv.service'), e.service, (k) => t(`rv.service_${k}`)),
      bars(t('rv.rebuy'), e.rebuy, (k) => t(`rv.rebuy_${k}`)));
  }

  function likeButton(review) {
    const mine = Boolean(user && Number(user.id) === Number(review.author.id));
    const button = h('button', {
      type: 'button',
      class: ['btn', 'btn-ghost', 'btn-sm', 'rv-like', review.liked && 'is-liked'],
      'aria-pressed': review.liked ? 'true' : 'false',
      disabled: mine,
      onClick: async () => {
        if (!user) {
          location.assign(loginUrlHere());
          return;
        }
        await withBusy(button, async () => {
          try {
            const s = await api(review.liked ? 'DELETE' : 'PUT', `/reviews/${review.id}/like`);
            review.liked = s.liked;
            review.like_count = s.like_count;
            button.replaceWith(likeButton(review));
          } catch (err) {
            showError(err);
          }
        });
      },
    }, icon('heart', { size: 14 }), h('span', null, t('rv.likes', { n: formatNumber(review.like_count) })));
    return button;
  }

  function row(review) {
    const photoEl = review.photo_url && h('a', { href: review.photo_url, target: '_blank', rel: 'noopener', class: 'rv-photo' },
      h('img', { src: review.photo_url, alt: t('rv.photo_alt'), loading: 'lazy', width: 120, height: 120 }));
    return h('li', { class: 'rv-item', dataset: { id: review.id } },
      h('div', { class: 'rv-item__head' }, stars(review.rating, { size: 'sm' }),
        h('span', { class: 'rv-item__author' }, review.author.nickname),
        h('time', { datetime: review.created_at }, formatDateTime(review.created_at))),
      h('p', { class: 'rv-item__title' }, review.title),
      h('p', { class: 'rv-item__content' }, review.content),
      photoEl,
      h('p', { class: 'rv-item__tags' }, [t(`rv.delivery_${review.delivery}`), t(`rv.service_${review.service}`), t(`rv.rebuy_${review.rebuy}`)].join(' · ')),
      likeButton(review));
  }

  async function load(next) {
    try {
      const data = await api('GET', `/products/${product.id}/reviews`, {
        query: { sort: state.sort, rating: state.rating || undefined, photo: state.photo ? 'true' : undefined, page: next, per_page: 10 },
      });
      state.page = next;
      state.data = next === 1 ? data : { ...data, items: state.data.items.concat(data.items) };
      drawSummary(data.evaluation);
      replaceChildren(list, ...(state.data.items.length ? state.data.items.map(row) : [h('li', { class: 'qna-empty' }, emptyState({ icon: 'star', title: t('rv.empty') }))]));
      more.hidden = state.data.items.length >= data.total;
    } catch (err) {
      showError(err);
    }
  }

  replaceChildren(section,
    h('h2', { class: 'pd-section__title', id: 'pd-reviews-title' }, t('rv.title')),
    summary,
    h('div', { class: 'rv-controls' }, sort, rating, h('label', { class: 'checkbox' }, photo, h('span', null, t('rv.photo_only')))),
    list,
    more);
  load(1);
}
