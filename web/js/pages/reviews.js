// My reviews (내 리뷰): the confirmed lines still waiting for a review (GET /me/reviewable-lines),
// each with the write form (multipart POST /order-lines/{id}/review; the photo is previewed and
// the reward shown before posting), and the reviews I wrote (GET /me/reviews) with edit (PATCH
// /reviews/{id}), photo replacement (PUT /reviews/{id}/photo) and delete (DELETE, the reward taken
// back). `?line=N` opens the form of that line. User text goes in through textContent only.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import {
  alertBox, badge, clearFieldErrors, confirmDialog, emptyState, formatDate, formatNumber, formatPoints,
  pagination, showError, showFieldErrors, skeletonLines, stars, toast, withBusy,
} from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { showApiFieldErrors } from '../form-errors.js';
import { imageChoice } from '../widgets/image-choice.js';
import { productImage, productUrl } from '../components/product-card.js';
import { CONTENT_MAX, EVALUATIONS, TITLE_MAX, charCount, reviewChanges, reviewProblems, rewardPreview } from '../logic/review-form.js';
import '../i18n/community.js';

const LINES_PER_PAGE = 10;
const REVIEWS_PER_PAGE = 10;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';
const FIELDS = ['title', 'content', 'rating', 'delivery', 'service', 'rebuy'];

const els = {
  notice: qs('#rvw-notice'),
  lines: qs('#rvw-lines'),
  linesCount: qs('#rvw-lines-count'),
  linesMore: qs('#rvw-lines-more'),
  reviews: qs('#rvw-reviews'),
  reviewsCount: qs('#rvw-reviews-count'),
  pager: qs('#rvw-pagination'),
  mineTitle: qs('#rvw-mine-title'),
};

const state = {
  lines: null, // { items, total, page }
  reviews: null, // { items, total, page }
  openLine: Number(new URLSearchParams(location.search).get('line')) || null,
  wantedLine: Number(new URLSearchParams(location.search).get('line')) || null,
  drafts: new Map(), // order line id → { title, content, rating, delivery, service, rebuy, file }
  editing: null, // review id whose edit form is open
  editDraft: null,
  notice: null, // { type, title?, text, link? } shown above the lines
  shortBalance: new Map(), // review id → message of a refused delete
};
// Photo choices alive in the page (the write form's, the reviews' replacements); destroyed
// (their object URLs freed) before the part holding them is drawn again.
const lineChoices = [];
const reviewChoices = [];

/* ------------------------------------------------------------------ fields */

function fieldId(scope, name) {
  return `rvw-${scope}-${name}`;
}

function textField(scope, name, value, { multiline = false } = {}) {
  const id = fieldId(scope, name);
  const countId = `${id}-count`;
  const max = multiline ? CONTENT_MAX : TITLE_MAX;
  const control = multiline
    ? h('textarea', { class: 'textarea rvw-textarea', id, name, rows: 5, maxlength: max, required: true, placeholder: t('rvw.f_content_placeholder'), 'aria-describedby': countId })
    : h('input', { class: 'input', id, name, type: 'text', maxlength: max, required: true, autocomplete: 'off', placeholder: t('rvw.f_title_placeholder'), 'aria-describedby': countId });
  control.value = value || '';
  const count = h('p', { class: 'field-help char-count', id: countId });
  const update = () => {
    count.textContent = t('rvw.char_count', { n: formatNumber(charCount(control.value)), max: formatNumber(max) });
  };
  control.addEventListener('input', update);
  update();
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, t(multiline ? 'rvw.f_content' : 'rvw.f_title'), h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    control,
    count);
}

/** Five stars as a radio group (arrow keys move between them, as in any radio group). */
function ratingField(scope, value) {
  const text = h('span', { class: 'rvw-stars__text', 'aria-hidden': 'true' });
  const labels = [];
  const paint = (n) => {
    labels.forEach((label, i) => label.classList.toggle('is-on', i < n));
    text.textContent = n ? `${t('rv.stars', { n })} · ${t(`rvw.rating_${n}`)}` : t('rvw.rating_pick');
  };
  for (let n = 1; n <= 5; n += 1) {
    const input = h('input', { class: 'rvw-star__input', type: 'radio', name: 'rating', value: String(n), id: fieldId(scope, `rating-${n}`), checked: Number(value) === n });
    input.addEventListener('change', () => paint(n));
    const label = h('label', { class: 'rvw-star', for: input.id, title: t(`rvw.rating_${n}`) },
      input,
      icon('star', { size: 30, strokeWidth: 1.5 }),
      h('span', { class: 'sr-only' }, `${t('rv.stars', { n })} · ${t(`rvw.rating_${n}`)}`));
    label.addEventListener('mouseenter', () => paint(n));
    labels.push(label);
  }
  const row = h('div', { class: 'rvw-stars__row' }, labels);
  row.addEventListener('mouseleave', () => paint(Number(qs('input:checked', row)?.value) || 0));
  paint(Number(value) || 0);
  return h('fieldset', { class: 'fieldset field rvw-stars' },
    h('legend', { class: 'field-label' }, t('rvw.f_rating'), h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    h('div', { class: 'rvw-stars__body' }, row, text));
}

/** One of the three evaluations as a row of chips (radio buttons). */
function choiceField(scope, name, value) {
  return h('fieldset', { class: 'fieldset field rvw-choice' },
    h('legend', { class: 'field-label' }, t(`rvw.q_${name}`), h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    h('div', { class: 'rvw-choice__options' }, EVALUATIONS[name].map((v) => h('label', { class: 'rvw-chip', for: fieldId(scope, `${name}-${v}`) },
      h('input', { type: 'radio', name, value: v, id: fieldId(scope, `${name}-${v}`), checked: value === v }),
      h('span', null, t(`rvw.opt_${name}_${v}`))))));
}

function evaluationFields(scope, values) {
  return h('div', { class: 'rvw-choices' }, Object.keys(EVALUATIONS).map((name) => choiceField(scope, name, values[name])));
}

/** The form's values as typed. */
function readValues(form) {
  const data = new FormData(form);
  const out = {};
  for (const name of FIELDS) {
    const v = data.get(name);
    out[name] = v === null ? undefined : String(v);
  }
  if (out.rating !== undefined) out.rating = Number(out.rating);
  return out;
}

/** Drops the error shown under a field once it is changed (the others stay until the next try). */
function clearErrorOnChange(form) {
  const clear = (event) => {
    const name = event.target && event.target.name;
    if (!name) return;
    const field = event.target.closest('.field');
    for (const el of field ? field.querySelectorAll('.field-error[data-generated]') : []) el.remove();
    for (const control of form.querySelectorAll(`[name="${CSS.escape(name)}"][aria-invalid="true"]`)) {
      control.removeAttribute('aria-invalid');
      const described = (control.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && document.getElementById(id));
      if (described.length) control.setAttribute('aria-describedby', described.join(' '));
      else control.removeAttribute('aria-describedby');
    }
  };
  form.addEventListener('input', clear);
  form.addEventListener('change', clear);
}

/** Keeps a file chosen in `input` across a redraw (a language switch), as the product editor does. */
function restoreFile(input, file) {
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}

/* -------------------------------------------------------- reviewable lines */

function draftFor(lineId) {
  if (!state.drafts.has(lineId)) state.drafts.set(lineId, { title: '', content: '', rating: 0, delivery: undefined, service: undefined, rebuy: undefined, file: null });
  return state.drafts.get(lineId);
}

/** '618P' ('618 P' in English, kept on one line). */
function pointsText(n) {
  return formatPoints(n).replace(/ /g, '\u00a0');
}

function rewardText(kind, points) {
  return t(kind === 'photo_review' ? 'rvw.reward_photo' : 'rvw.reward_text', { points: pointsText(points) });
}

function writeForm(line) {
  const id = line.order_line_id;
  const scope = `line-${id}`;
  const draft = draftFor(id);

  // Photo: chosen, previewed through an object URL, removable; the reward follows it.
  const fileInput = h('input', { class: 'rvw-file', type: 'file', name: 'photo', id: fieldId(scope, 'photo'), accept: ACCEPT, 'aria-describedby': fieldId(scope, 'photo-help') });
  const preview = h('img', { class: 'rvw-photo__img', id: fieldId(scope, 'photo-preview'), alt: t('rvw.photo_preview'), width: 112, height: 112, hidden: true });
  const empty = h('label', { class: 'rvw-photo__empty', for: fileInput.id }, icon('camera', { size: 26, strokeWidth: 1.6 }), h('span', { class: 'sr-only' }, t('rvw.photo_choose')));
  const chooseLabel = h('label', { class: 'btn btn-secondary btn-sm rvw-photo__choose', for: fileInput.id, id: fieldId(scope, 'photo-choose') }, icon('camera', { size: 16 }), h('span', null, t('rvw.photo_choose')));
  const remove = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', id: fieldId(scope, 'photo-remove'), hidden: true }, t('rvw.photo_remove'));
  const rewardValue = h('strong', { class: 'rvw-reward__value', id: fieldId(scope, 'reward') });
  const rewardHint = h('span', { class: 'rvw-reward__hint' });

  function drawPhoto() {
    draft.file = choice.file;
    preview.hidden = !choice.url;
    if (choice.url) preview.src = choice.url;
    else preview.removeAttribute('src');
    empty.hidden = Boolean(choice.url);
    remove.hidden = !choice.file;
    chooseLabel.lastChild.textContent = t(choice.file ? 'rvw.photo_other' : 'rvw.photo_choose');
    const now = rewardPreview(line.reward, Boolean(choice.file));
    const other = rewardPreview(line.reward, !choice.file);
    rewardValue.textContent = rewardText(now.kind, now.points);
    rewardHint.textContent = t(choice.file ? 'rvw.reward_hint_remove' : 'rvw.reward_hint_add', { points: pointsText(other.points) });
    submit.lastChild.textContent = `${t('rvw.submit')} · ${pointsText(now.points)}`;
  }

  const submit = h('button', { type: 'submit', class: 'btn btn-primary rvw-submit', id: fieldId(scope, 'submit') }, icon('check-circle', { size: 18 }), h('span', null, t('rvw.submit')));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', onClick: () => closeLine(id) }, t('common.cancel'));
  const choice = imageChoice(fileInput, { clearButton: remove, render: drawPhoto });
  lineChoices.push(choice);

  const form = h('form', { class: 'rvw-form', id: fieldId(scope, 'form'), novalidate: true, 'aria-label': t('rvw.form_label', { name: line.name }) },
    ratingField(scope, draft.rating),
    textField(scope, 'title', draft.title),
    textField(scope, 'content', draft.content, { multiline: true }),
    evaluationFields(scope, draft),
    h('div', { class: 'field rvw-photo' },
      h('span', { class: 'field-label' }, t('rvw.f_photo'), h('span', { class: 'text-muted text-xs' }, t('common.optional'))),
      h('div', { class: 'rvw-photo__row' },
        h('div', { class: 'rvw-photo__frame' }, empty, preview),
        h('div', { class: 'rvw-photo__side' },
          h('p', { class: 'field-help', id: fieldId(scope, 'photo-help') }, t('rvw.photo_help')),
          fileInput,
          h('div', { class: 'btn-group' }, chooseLabel, remove)))),
    h('div', { class: 'rvw-reward', 'aria-live': 'polite' },
      h('span', { class: 'rvw-reward__icon', 'aria-hidden': 'true' }, icon('gift', { size: 22 })),
      h('span', { class: 'rvw-reward__body' },
        h('span', { class: 'rvw-reward__label' }, t('rvw.reward_label')),
        rewardValue,
        rewardHint)),
    h('div', { class: 'form-actions' }, cancel, submit));

  const sync = () => Object.assign(draft, readValues(form));
  form.addEventListener('input', sync);
  form.addEventListener('change', sync);
  clearErrorOnChange(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    postReview(line, form, submit);
  });
  // A photo chosen before a redraw is put back into the new input (which draws it); else the
  // form starts without one.
  if (draft.file) restoreFile(fileInput, draft.file);
  else drawPhoto();
  return form;
}

async function postReview(line, form, button) {
  const id = line.order_line_id;
  const draft = draftFor(id);
  const values = readValues(form);
  const problems = reviewProblems(values);
  if (Object.keys(problems).length) {
    showFieldErrors(form, problems);
    return;
  }
  clearFieldErrors(form);
  await withBusy(button, async () => {
    try {
      const created = await api('POST', `/order-lines/${id}/review`, {
        form: {
          title: values.title.trim(),
          content: values.content.trim(),
          rating: values.rating,
          delivery: values.delivery,
          service: values.service,
          rebuy: values.rebuy,
          photo: draft.file || undefined,
        },
      });
      state.drafts.delete(id);
      state.openLine = null;
      const reward = rewardText(created.reward.kind, created.reward.points);
      state.notice = {
        type: 'success', id: 'rvw-posted', title: t('rvw.posted_title'), text: t('rvw.posted_message', { reward }),
        link: { href: '/points.html', label: t('rvw.to_points') }, reviewId: created.review.id,
      };
      toast.success(t('rvw.posted_message', { reward }));
      await Promise.all([loadLines(), loadReviews(1)]);
      qs('#rvw-posted')?.focus();
    } catch (err) {
      if (err.code === 'payload_too_large' || err.code === 'unsupported_media_type') {
        showFieldErrors(form, { photo: err.message });
      } else if (err.status === 400 && showApiFieldErrors(form, err)) {
        // shown next to the fields
      } else if (err.code === 'already_reviewed' || err.code === 'not_confirmed' || err.status === 404) {
        state.drafts.delete(id);
        state.openLine = null;
        state.notice = { type: 'warning', text: err.message };
        await loadLines();
      } else {
        showError(err);
      }
    }
  });
}

function openLine(id) {
  state.openLine = id;
  renderLines();
  const form = qs(`#${fieldId(`line-${id}`, 'form')}`);
  form?.scrollIntoView({ block: 'nearest' });
  form?.querySelector('input[name="rating"]')?.focus({ preventScroll: true });
}

function closeLine(id) {
  state.openLine = null;
  renderLines();
  qs(`#rvw-line-${id} .rvw-line__toggle`)?.focus();
}

function lineItem(line) {
  const id = line.order_line_id;
  const open = state.openLine === id;
  const formId = fieldId(`line-${id}`, 'form');
  const toggle = h('button', {
    type: 'button',
    class: ['btn', 'btn-sm', 'rvw-line__toggle', open ? 'btn-secondary' : 'btn-primary'],
    'aria-expanded': open ? 'true' : 'false',
    'aria-controls': open ? formId : undefined,
    onClick: () => (open ? closeLine(id) : openLine(id)),
  }, open ? t('common.cancel') : t('rvw.write'));
  return h('li', { class: ['rvw-line', open && 'is-open'], id: `rvw-line-${id}`, dataset: { line: id } },
    h('div', { class: 'rvw-line__row' },
      h('a', { class: 'rvw-line__media', href: productUrl(line.product_id), tabindex: '-1', 'aria-hidden': 'true' },
        productImage(line.image_url, '', { className: 'rvw-line__img' })),
      h('div', { class: 'rvw-line__body' },
        h('a', { class: 'rvw-line__name', href: productUrl(line.product_id) }, line.name),
        h('p', { class: 'rvw-line__meta' }, t('rvw.confirmed_at', { date: formatDate(line.confirmed_at) })),
        h('p', { class: 'rvw-line__reward' }, icon('gift', { size: 14 }),
          h('span', null, t('rvw.line_reward', { photo: pointsText(line.reward.photo), text: pointsText(line.reward.text) })))),
      toggle),
    open && writeForm(line));
}

function renderNotice() {
  const n = state.notice;
  if (!n) {
    replaceChildren(els.notice);
    return;
  }
  const box = alertBox(n.text, { type: n.type });
  box.classList.add('rvw-notice');
  if (n.id) {
    box.id = n.id;
    box.setAttribute('tabindex', '-1');
  }
  if (n.title) box.querySelector('p').prepend(h('strong', { class: 'rvw-notice__title' }, n.title), ' ');
  if (n.link) box.querySelector('p').append(' ', h('a', { href: n.link.href, class: 'rvw-notice__link' }, n.link.label));
  replaceChildren(els.notice, box);
}

function renderLines() {
  for (const c of lineChoices.splice(0)) c.destroy();
  renderNotice();
  const data = state.lines;
  if (!data) return;
  els.lines.removeAttribute('aria-busy');
  els.linesCount.textContent = data.total ? t('rvw.count', { n: formatNumber(data.total) }) : '';
  els.linesMore.hidden = data.items.length >= data.total;
  if (!data.items.length) {
    replaceChildren(els.lines, h('li', { class: 'rvw-empty' }, emptyState({
      icon: 'star',
      title: t('rvw.lines_empty'),
      message: t('rvw.lines_empty_message'),
      action: { label: t('rvw.to_orders'), href: '/orders.html' },
    })));
    return;
  }
  replaceChildren(els.lines, data.items.map(lineItem));
}

/**
 * Loads the lines: again as many as are shown (after a review left the list, say), or with
 * `more` the next ones (a page of the size the list grows by, without the ones already shown).
 */
async function loadLines({ more = false } = {}) {
  const shown = state.lines ? state.lines.items : [];
  const query = more
    ? { page: Math.floor(shown.length / LINES_PER_PAGE) + 1, per_page: LINES_PER_PAGE }
    : { page: 1, per_page: Math.min(100, Math.max(LINES_PER_PAGE, shown.length)) };
  const data = await api('GET', '/me/reviewable-lines', { query });
  if (more) {
    const known = new Set(shown.map((l) => l.order_line_id));
    state.lines = { ...data, items: shown.concat(data.items.filter((l) => !known.has(l.order_line_id))) };
  } else {
    state.lines = data;
  }
  if (state.openLine && !state.lines.items.some((l) => l.order_line_id === state.openLine)) state.openLine = null;
  renderLines();
}

/* ------------------------------------------------------------- my reviews */

function editForm(review) {
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
    const values = readValues(form);
    const problems = reviewProblems(values);
    if (Object.keys(problems).length) {
      showFieldErrors(form, problems);
      return;
    }
    clearFieldErrors(form);
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

function replaceReview(updated) {
  const items = state.reviews.items;
  const i = items.findIndex((r) => r.id === updated.id);
  if (i >= 0) items[i] = { ...items[i], ...updated, product: updated.product || items[i].product };
}

/** The photo replacement of `review`: a hidden file input, a preview, save and cancel. */
function photoPanel(review) {
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

async function deleteReview(review, button) {
  const ok = await confirmDialog(t('rvw.delete_confirm'), { title: t('rvw.delete_title'), confirmLabel: t('rvw.delete'), danger: true });
  if (!ok) return;
  await withBusy(button, async () => {
    try {
      await api('DELETE', `/reviews/${review.id}`);
      state.shortBalance.delete(review.id);
      if (state.editing === review.id) state.editing = null;
      toast.success(t('rvw.delete_ok'));
      const page = state.reviews.items.length === 1 && state.reviews.page > 1 ? state.reviews.page - 1 : state.reviews.page;
      await Promise.all([loadReviews(page), loadLines()]);
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

function reviewItem(review) {
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

function renderReviews() {
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

async function loadReviews(page = 1) {
  const data = await api('GET', '/me/reviews', { query: { page, per_page: REVIEWS_PER_PAGE } });
  if (state.editing && !data.items.some((r) => r.id === state.editing)) state.editing = null;
  state.reviews = data;
  renderReviews();
}

/* -------------------------------------------------------------------- boot */

function failed(target, err) {
  target.removeAttribute('aria-busy');
  replaceChildren(target, h('li', { class: 'rvw-empty' }, emptyState({
    icon: 'alert-circle', tone: 'error', title: t('error.unknown'), message: err.message, action: { label: t('common.retry'), onClick: () => location.reload() },
  })));
}

async function start() {
  replaceChildren(els.lines, h('li', null, skeletonLines(3)));
  replaceChildren(els.reviews, h('li', null, skeletonLines(4)));
  const user = await mountLayout({});
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  const results = await Promise.allSettled([loadLines(), loadReviews(1)]);
  const [lines, reviews] = results;
  if (lines.status === 'rejected') failed(els.lines, lines.reason);
  if (reviews.status === 'rejected') failed(els.reviews, reviews.reason);
  if (state.wantedLine && lines.status === 'fulfilled') {
    const wanted = state.wantedLine;
    state.wantedLine = null;
    if (state.lines.items.some((l) => l.order_line_id === wanted)) openLine(wanted);
    else {
      state.notice = { type: 'info', text: t('rvw.line_gone') };
      renderNotice();
    }
  }
}

els.linesMore.addEventListener('click', () => withBusy(els.linesMore, async () => {
  try {
    await loadLines({ more: true });
  } catch (err) {
    showError(err);
  }
}));

langEvents.addEventListener('change', () => {
  renderLines();
  renderReviews();
});

start();
