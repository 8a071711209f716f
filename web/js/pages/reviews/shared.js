// The reviews page's shared parts: its elements and state, the photo choices alive in it, the
// form fields both the write and the edit forms use, and the hooks one section calls to reload
// the other (set by the page module, so the sections never import each other).
import { h, qs } from '../../dom.js';
import { t } from '../../i18n.js';
import { icon } from '../../icons.js';
import { clearFieldErrors, formatNumber, formatPoints, showFieldErrors } from '../../ui.js';
import { CONTENT_MAX, EVALUATIONS, TITLE_MAX, charCount, reviewProblems } from '../../logic/review-form.js';
import '../../i18n/community.js';

export const LINES_PER_PAGE = 10;
export const REVIEWS_PER_PAGE = 10;
export const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';
export const FIELDS = ['title', 'content', 'rating', 'delivery', 'service', 'rebuy'];

export const els = {
  notice: qs('#rvw-notice'),
  lines: qs('#rvw-lines'),
  linesCount: qs('#rvw-lines-count'),
  linesMore: qs('#rvw-lines-more'),
  reviews: qs('#rvw-reviews'),
  reviewsCount: qs('#rvw-reviews-count'),
  pager: qs('#rvw-pagination'),
  mineTitle: qs('#rvw-mine-title'),
};

export const state = {
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
export const lineChoices = [];
export const reviewChoices = [];

/** Reloads of the page's two lists, set by `reviews.js`. */
export const reload = { lines: async () => {}, reviews: async () => {} };

/* ------------------------------------------------------------------ fields */

export function fieldId(scope, name) {
  return `rvw-${scope}-${name}`;
}

export function textField(scope, name, value, { multiline = false } = {}) {
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
export function ratingField(scope, value) {
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
export function choiceField(scope, name, value) {
  return h('fieldset', { class: 'fieldset field rvw-choice' },
    h('legend', { class: 'field-label' }, t(`rvw.q_${name}`), h('span', { class: 'required-mark', 'aria-hidden': 'true' }, '*')),
    h('div', { class: 'rvw-choice__options' }, EVALUATIONS[name].map((v) => h('label', { class: 'rvw-chip', for: fieldId(scope, `${name}-${v}`) },
      h('input', { type: 'radio', name, value: v, id: fieldId(scope, `${name}-${v}`), checked: value === v }),
      h('span', null, t(`rvw.opt_${name}_${v}`))))));
}

export function evaluationFields(scope, values) {
  return h('div', { class: 'rvw-choices' }, Object.keys(EVALUATIONS).map((name) => choiceField(scope, name, values[name])));
}

/** The form's values as typed. */
export function readValues(form) {
  const data = new FormData(form);
  const out = {};
  for (const name of FIELDS) {
    const v = data.get(name);
    out[name] = v === null ? undefined : String(v);
  }
  if (out.rating !== undefined) out.rating = Number(out.rating);
  return out;
}

/** The form's values when they make a valid review (errors cleared), else null with each
 *  problem shown under its field. */
export function validValues(form) {
  const values = readValues(form);
  const problems = reviewProblems(values);
  if (Object.keys(problems).length) {
    showFieldErrors(form, problems);
    return null;
  }
  clearFieldErrors(form);
  return values;
}

/** Drops the error shown under a field once it is changed (the others stay until the next try). */
export function clearErrorOnChange(form) {
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
export function restoreFile(input, file) {
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change'));
}


/** '618P' ('618 P' in English, kept on one line). */
export function pointsText(n) {
  return formatPoints(n).replace(/ /g, '\u00a0');
}

export function rewardText(kind, points) {
  return t(kind === 'photo_review' ? 'rvw.reward_photo' : 'rvw.reward_text', { points: pointsText(points) });
}
