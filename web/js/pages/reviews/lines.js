// The reviews page: the confirmed lines waiting for a review and the write form.
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { icon } from '../../icons.js';
import {
  alertBox, emptyState, formatDate, formatNumber, showError, showFieldErrors, toast, withBusy,
} from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { imageChoice } from '../../widgets/image-choice.js';
import { productImage, productUrl } from '../../components/product-card.js';
import { rewardPreview } from '../../logic/review-form.js';
import {
  ACCEPT, clearErrorOnChange, els, evaluationFields, fieldId, lineChoices, LINES_PER_PAGE, pointsText, ratingField, readValues, reload, restoreFile, rewardText, state, textField, validValues,
} from './shared.js';

/* -------------------------------------------------------- reviewable lines */

export function draftFor(lineId) {
  if (!state.drafts.has(lineId)) state.drafts.set(lineId, { title: '', content: '', rating: 0, delivery: undefined, service: undefined, rebuy: undefined, file: null });
  return state.drafts.get(lineId);
}

export function writeForm(line) {
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

export async function postReview(line, form, button) {
  const id = line.order_line_id;
  const draft = draftFor(id);
  const values = validValues(form);
  if (!values) return;
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
      await Promise.all([loadLines(), reload.reviews(1)]);
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

export function openLine(id) {
  state.openLine = id;
  renderLines();
  const form = qs(`#${fieldId(`line-${id}`, 'form')}`);
  form?.scrollIntoView({ block: 'nearest' });
  form?.querySelector('input[name="rating"]')?.focus({ preventScroll: true });
}

export function closeLine(id) {
  state.openLine = null;
  renderLines();
  qs(`#rvw-line-${id} .rvw-line__toggle`)?.focus();
}

export function lineItem(line) {
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

export function renderNotice() {
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

export function renderLines() {
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
export async function loadLines({ more = false } = {}) {
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

