import { test } from 'node:test';
import assert from 'node:assert/strict';
import { t } from '../../js/i18n.js';
import { charCount, reviewChanges, reviewProblems, rewardPreview, TITLE_MAX, CONTENT_MIN, CONTENT_MAX } from '../../js/logic/review-form.js';
import { localizeFields } from '../../js/logic/field-messages.js';

const good = { title: '정말 맛있어요', content: '진하고 부드러운 초콜릿이에요.', rating: 5, delivery: 'fast', service: 'friendly', rebuy: 'yes' };

test('a complete review has no problems', () => {
  assert.deepEqual(reviewProblems(good), {});
});

test('title 1–50 and content 10–2,000 characters, counted as the server counts (trimmed, by character)', () => {
  assert.equal(reviewProblems({ ...good, title: '   ' }).title, t('rvw.v_title_required'));
  assert.equal(reviewProblems({ ...good, title: '가'.repeat(TITLE_MAX) }).title, undefined);
  assert.equal(reviewProblems({ ...good, title: '가'.repeat(TITLE_MAX + 1) }).title, t('rvw.v_title_long', { n: 50 }));
  assert.equal(reviewProblems({ ...good, content: ` ${'가'.repeat(CONTENT_MIN - 1)}   ` }).content, t('rvw.v_content_short', { n: 10 }));
  assert.equal(reviewProblems({ ...good, content: '가'.repeat(CONTENT_MIN) }).content, undefined);
  assert.equal(reviewProblems({ ...good, content: '가'.repeat(CONTENT_MAX) }).content, undefined);
  assert.ok(reviewProblems({ ...good, content: '가'.repeat(CONTENT_MAX + 1) }).content);
  // Ten chocolate emoji are ten characters (twenty UTF-16 units).
  assert.equal(charCount('🍫'.repeat(10)), 10);
  assert.equal(reviewProblems({ ...good, content: '🍫'.repeat(10) }).content, undefined);
});

test('a rating 1–5 and one answer of each evaluation are required', () => {
  const p = reviewProblems({ title: 'a', content: '0123456789' });
  assert.deepEqual(Object.keys(p).sort(), ['delivery', 'rating', 'rebuy', 'service']);
  assert.ok(reviewProblems({ ...good, rating: 0 }).rating);
  assert.ok(reviewProblems({ ...good, rating: 6 }).rating);
  assert.ok(reviewProblems({ ...good, delivery: 'friendly' }).delivery);
  assert.ok(reviewProblems({ ...good, rebuy: 'maybe' }).rebuy === undefined);
});

test('an edit checks only the fields it sends', () => {
  assert.deepEqual(reviewProblems({ title: '새 제목' }, { partial: true }), {});
  assert.ok(reviewProblems({ content: '짧음' }, { partial: true }).content);
});

test('the reward shown follows the photo: the API numbers as given (member doubling included)', () => {
  assert.deepEqual(rewardPreview({ text: 124, photo: 618 }, true), { kind: 'photo_review', points: 618, photoPoints: 618 });
  assert.deepEqual(rewardPreview({ text: 124, photo: 618 }, false), { kind: 'text_review', points: 124, photoPoints: 618 });
  assert.deepEqual(rewardPreview(null, false), { kind: 'text_review', points: 0, photoPoints: 0 });
});

test('an edit sends only what changed, trimmed', () => {
  const review = { ...good, id: 1 };
  assert.deepEqual(reviewChanges(review, { ...good, title: ` ${good.title} ` }), {});
  assert.deepEqual(reviewChanges(review, { ...good, rating: 3, rebuy: 'no', content: '다시 생각해 보니 그저 그래요.' }), { rating: 3, rebuy: 'no', content: '다시 생각해 보니 그저 그래요.' });
});

test('the server\'s review field messages are translated', () => {
  const fields = localizeFields({ content: 'At least 10 characters.', title: 'Enter some text.', rating: 'A rating is 1 to 5.', delivery: 'One of fast, normal, slow.' });
  assert.deepEqual(fields, { content: t('v.min_chars', { n: '10' }), title: t('v.required'), rating: t('v.rating'), delivery: t('v.one_of') });
});
