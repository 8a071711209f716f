// The reviews page: the reviews I wrote, with edit, photo replacement and delete.
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { icon } from '../../icons.js';
import {
  alertBox, badge, confirmDialog, emptyState, formatDate, formatNumber, formatPoints, pagination, showError, stars, toast, withBusy,
} from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { imageChoice } from '../../widgets/image-choice.js';
import { productImage, productUrl } from '../../components/product-card.js';
import { reviewChanges } from '../../logic/review-form.js';
import {
  ACCEPT, clearErrorOnChange, els, evaluationFields, fieldId, ratingField, readValues, reload, reviewChoices, REVIEWS_PER_PAGE, state, textField, validValues,
} from './shared.js';

/* ------------------------------------------------------------- my reviews */

export function editForm(review) {
  const scope = `review-${review.id}`;
  const draft = state.editDraft || {};
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: fieldId(scope, 'save') }, t('rvw.save_edit'));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', onClick: () => { state.editing = null; state.editDraft = null; renderReviews(); qs(`#rvw-review-${review.id} .rvw-review__edit`)?.focus(); } }, t('common.cancel'));
  const form = h('form', { class: 'rvw-form rvw-form-edit', id: fieldId(scope, 'form'), novalidate: true, 'aria-label': t('rvw.edit_label') },
    ratingField(scope, draft.rating),
    textField(scope, 'title', draft.title),
    textField(scope, 'content', draft.content, { multiline: true }),
    evaluationFields(scope, draft),
    h('div', { class: 'form-actions' }, cancel, save));
  const sync = () => { state.editDraft = { ...state.editDraft, ...readValues(form) }; };
  form.addEventListener('input', sync);
  form.addEventListener('change', sync);
  clearErrorOnChange(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = validValues(form);
    if (!values) return;
    const changes = reviewChanges(review, values);
    if (!Object.keys(changes).length) {
      toast.info(t('rvw.nothing_changed'));
      return;
    }
    await withBusy(save, async () => {
      try {
        const updated = await api('PATCH', `/reviews/${review.id}`, { body: changes });
        replaceReview(updated);
        state.editing = null;
        state.editDraft = null;
        toast.success(t('rvw.saved'));
        renderReviews();
        qs(`#rvw-review-${review.id} .rvw-review__edit`)?.focus();
      } catch (err) {
        if (!(err.status === 400 && showApiFieldErrors(form, err))) showError(err);
      }
    });
  });
  return form;
}

export function replaceReview(updated) {
  const items = state.reviews.items;
  const i = items.findIndex((r) => r.id === updated.id);
  if (i >= 0) items[i] = { ...items[i], ...updated, product: updated.product || items[i].product };
}

/** The photo replacement of `review`: a hidden file input, a preview, save and cancel. */
export function photoPanel(review) {
  const scope = `review-${review.id}`;
  const input = h('input', { class: 'rvw-file', type: 'file', name: 'image', id: fieldId(scope, 'photo'), accept: ACCEPT });
  const chooseLabel = h('label', { class: 'btn btn-ghost btn-sm rvw-review__photo-btn', for: input.id }, icon('camera', { size: 16 }),
    h('span', null, t(review.photo_url ? 'rvw.photo_replace' : 'rvw.photo_add')));
  const pending = h('div', { class: 'rvw-pending', hidden: true });
  const choice = imageChoice(input, {
    render: () => {
      if (!choice.file) {
        pending.hidden = true;
        replaceChildren(pending);
        return;
      }
      const save = h('button', { type: 'button', class: 'btn btn-primary btn-sm', id: fieldId(scope, 'photo-save') }, t('rvw.photo_save'));
      save.addEventListener('click', () => withBusy(save, async () => {
        try {
          const updated = await api('PUT', `/reviews/${review.id}/photo`, { form: { image: choice.file } });
          replaceReview(updated);
          toast.success(t('rvw.photo_saved'));
          renderReviews();
        } catch (err) {
          showError(err);
        }
      }));
      pending.hidden = false;
      replaceChildren(pending,
        h('img', { class: 'rvw-pending__img', src: choice.url, alt: t('rvw.photo_preview'), width: 96, height: 96 }),
        h('div', { class: 'rvw-pending__body' },
          h('p', { class: 'field-help' }, t('rvw.photo_reward_note')),
          h('div', { class: 'btn-group' }, save, h('button', { type: 'button', class: 'btn btn-ghost btn-sm', onClick: () => choice.clear() }, t('common.cancel')))));
    },
  });
  reviewChoices.push(choice);
  return { input, chooseLabel, pending };
}

export async function deleteReview(review, button) {
  const ok = await confirmDialog(t('rvw.delete_confirm'), { title: t('rvw.delete_title'), confirmLabel: t('rvw.delete'), danger: true });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      await api('DELETE', `/reviews/${review.id}`);
      state.shortBalance.delete(review.id);
      if (state.editing === review.id) state.editing = null;
      toast.success(t('rvw.delete_ok'));
      const page = state.reviews.items.length === 1 && state.reviews.page > 1 ? state.reviews.page - 1 : state.reviews.page;
      await Promise.all([loadReviews(page), reload.lines()]);
    } catch (err) {
      if (err.code === 'insufficient_points') {
        const detail = (err.body && err.body.error) || {};
        state.shortBalance.set(review.id, Number.isFinite(detail.balance)
          ? t('rvw.delete_short', { balance: formatPoints(detail.balance), required: formatPoints(detail.required) })
          : err.message);
        renderReviews();
        qs(`#rvw-review-${review.id} .alert`)?.focus();
      } else {
        showError(err);
      }
    }
  });
}

export function reviewItem(review) {
  const product = review.product || { id: review.product_id, name: '', thumbnail_url: null };
  const editing = state.editing === review.id;
  const photo = photoPanel(review);
  const editButton = h('button', {
    type: 'button',
    class: 'btn btn-ghost btn-sm rvw-review__edit',
    'aria-expanded': editing ? 'true' : 'false',
    onClick: () => {
      state.editing = editing ? null : review.id;
      state.editDraft = editing ? null : { title: review.title, content: review.content, rating: review.rating, delivery: review.delivery, service: review.service, rebuy: review.rebuy };
      renderReviews();
      if (!editing) qs(`#${fieldId(`review-${review.id}`, 'form')} input[name="rating"]:checked`)?.focus();
    },
  }, icon('pencil', { size: 16 }), h('span', null, t('rvw.edit')));
  const deleteButton = h('button', { type: 'button', class: 'btn btn-ghost btn-sm rvw-review__delete' }, icon('trash', { size: 16 }), h('span', null, t('rvw.delete')));
  deleteButton.addEventListener('click', () => deleteReview(review, deleteButton));
  const short = state.shortBalance.get(review.id);
  const shortBox = short && alertBox(short, { type: 'error' });
  shortBox?.setAttribute('tabindex', '-1');
  return h('li', { class: ['rvw-review', review.hidden && 'is-hidden', state.notice && state.notice.reviewId === review.id && 'is-new'], id: `rvw-review-${review.id}`, dataset: { id: review.id } },
    h('a', { class: 'rvw-review__product', href: `${productUrl(product.id)}#pd-reviews`, 'aria-label': t('rvw.product_link', { name: product.name }) },
      productImage(product.thumbnail_url, '', { className: 'rvw-review__thumb' }),
      h('span', { class: 'rvw-review__product-name' }, product.name)),
    h('div', { class: 'rvw-review__meta' },
      stars(review.rating, { size: 'sm' }),
      h('time', { datetime: review.created_at }, t('rvw.written_at', { date: formatDate(review.created_at) })),
      review.hidden && badge(t('rvw.hidden_badge'), 'danger')),
    review.hidden && h('p', { class: 'rvw-review__hidden-help' }, icon('info', { size: 14 }), h('span', null, t('rvw.hidden_help'))),
    editing
      ? editForm(review)
      : [
        h('h3', { class: 'rvw-review__title' }, review.title),
        h('p', { class: 'rvw-review__content' }, review.content),
        review.photo_url && h('a', { class: 'rvw-review__photo', href: review.photo_url, target: '_blank', rel: 'noopener' },
          h('img', { src: review.photo_url, alt: t('rv.photo_alt'), loading: 'lazy', width: 120, height: 120 })),
        h('p', { class: 'rvw-review__tags' }, [t(`rv.delivery_${review.delivery}`), t(`rv.service_${review.service}`), t(`rv.rebuy_${review.rebuy}`)].join(' · ')),
      ],
    photo.pending,
    shortBox,
    h('div', { class: 'rvw-review__foot' },
      h('span', { class: 'rvw-review__likes' }, icon('heart', { size: 14 }), h('span', null, t('rv.likes', { n: formatNumber(review.like_count) }))),
      h('div', { class: 'rvw-review__actions' }, editButton, photo.input, photo.chooseLabel, deleteButton)));
}

export function renderReviews() {
  for (const c of reviewChoices.splice(0)) c.destroy();
  const data = state.reviews;
  if (!data) return;
  els.reviews.removeAttribute('aria-busy');
  els.reviewsCount.textContent = data.total ? t('rvw.count', { n: formatNumber(data.total) }) : '';
  if (!data.items.length) {
    replaceChildren(els.reviews, h('li', { class: 'rvw-empty' }, emptyState({ icon: 'message', title: t('rvw.mine_empty'), message: t('rvw.mine_empty_message') })));
  } else {
    replaceChildren(els.reviews, data.items.map(reviewItem));
  }
  const pager = pagination({
    page: data.page,
    perPage: data.per_page || REVIEWS_PER_PAGE,
    total: data.total,
    onPage: async (n) => {
      try {
        await loadReviews(n);
        els.mineTitle.focus({ preventScroll: true });
        els.mineTitle.scrollIntoView({ block: 'start' });
      } catch (err) {
        showError(err);
      }
    },
  });
  replaceChildren(els.pager, pager);
}

export async function loadReviews(page = 1) {
  const data = await api('GET', '/me/reviews', { query: { page, per_page: REVIEWS_PER_PAGE } });
  if (state.editing && !data.items.some((r) => r.id === state.editing)) state.editing = null;
  state.reviews = data;
  renderReviews();
}

