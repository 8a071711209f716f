// The review form's rules (the server's: title 1–50 characters, content 10–2,000, rating 1–5,
// one of the three answers for delivery, service and rebuy) and the reward a line's review would
// earn. DOM-free, so the page and the unit tests use it alike.
import { t } from '../i18n.js';
import '../i18n/community.js';

export const TITLE_MAX = 50;
export const CONTENT_MIN = 10;
export const CONTENT_MAX = 2000;

/** The answers of the three evaluations, in the order the form offers them. */
export const EVALUATIONS = {
  delivery: ['fast', 'normal', 'slow'],
  service: ['friendly', 'normal', 'unfriendly'],
  rebuy: ['yes', 'maybe', 'no'],
};

/** Characters as the server counts them: Unicode scalar values of the trimmed text. */
export function charCount(text) {
  return [...String(text ?? '').trim()].length;
}

/**
 * Problems of a review form's values ({title, content, rating, delivery, service, rebuy}) as
 * { field: message }; empty when the server would take them. With `partial` (an edit) only the
 * fields present are checked.
 */
export function reviewProblems(values, { partial = false } = {}) {
  const out = {};
  const has = (name) => !partial || values[name] !== undefined;
  if (has('title')) {
    const n = charCount(values.title);
    if (n === 0) out.title = t('rvw.v_title_required');
    else if (n > TITLE_MAX) out.title = t('rvw.v_title_long', { n: TITLE_MAX });
  }
  if (has('content')) {
    const n = charCount(values.content);
    if (n < CONTENT_MIN) out.content = t('rvw.v_content_short', { n: CONTENT_MIN });
    else if (n > CONTENT_MAX) out.content = t('rvw.v_content_long', { n: CONTENT_MAX.toLocaleString('en-US') });
  }
  if (has('rating')) {
    const r = Number(values.rating);
    if (!Number.isInteger(r) || r < 1 || r > 5) out.rating = t('rvw.v_rating');
  }
  for (const [name, answers] of Object.entries(EVALUATIONS)) {
    if (has(name) && !answers.includes(values[name])) out[name] = t(`rvw.v_${name}`);
  }
  return out;
}

/**
 * What submitting would earn for a reviewable line's `reward` ({text, photo}, member doubling
 * already counted by the server): { kind: 'photo_review' | 'text_review', points, photoPoints }.
 */
export function rewardPreview(reward, hasPhoto) {
  const text = Number(reward && reward.text) || 0;
  const photo = Number(reward && reward.photo) || 0;
  return hasPhoto ? { kind: 'photo_review', points: photo, photoPoints: photo } : { kind: 'text_review', points: text, photoPoints: photo };
}

/** The fields of an edit that differ from the review (trimmed text); {} when nothing changed. */
export function reviewChanges(review, values) {
  const out = {};
  for (const name of ['title', 'content']) {
    const v = String(values[name] ?? '').trim();
    if (v !== review[name]) out[name] = v;
  }
  if (Number(values.rating) !== review.rating) out.rating = Number(values.rating);
  for (const name of Object.keys(EVALUATIONS)) if (values[name] !== review[name]) out[name] = values[name];
  return out;
}
