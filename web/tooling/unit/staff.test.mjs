import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INQUIRY_FILTERS, REVIEW_FILTERS, TICKET_FILTERS, charCount, fits, inquiryQuery, pickFilter, pickId, pickPage,
  reviewQuery, staysListed, ticketQuery,
} from '../../js/logic/staff.js';

test('unknown filters fall back to each page\'s default', () => {
  assert.equal(pickFilter(null, INQUIRY_FILTERS), 'unanswered');
  assert.equal(pickFilter('answered', INQUIRY_FILTERS), 'answered');
  assert.equal(pickFilter('bogus', TICKET_FILTERS), 'open');
  assert.equal(pickFilter('', REVIEW_FILTERS), 'all');
  assert.equal(pickFilter('hidden', REVIEW_FILTERS), 'hidden');
});

test('page numbers are positive integers, else 1', () => {
  assert.equal(pickPage('3'), 3);
  for (const bad of [null, undefined, '', '0', '-2', '1.5', 'abc', '99999999']) assert.equal(pickPage(bad), 1, String(bad));
});

test('ids are positive integers, else null', () => {
  assert.equal(pickId('42'), 42);
  assert.equal(pickId('1'), 1);
  for (const bad of [null, '', '0', '-1', '4.2', 'x', '1234567890123456']) assert.equal(pickId(bad), null, String(bad));
});

test('filters become the API\'s query parameters', () => {
  assert.deepEqual(inquiryQuery('unanswered'), { answered: 'false' });
  assert.deepEqual(inquiryQuery('answered'), { answered: 'true' });
  assert.deepEqual(inquiryQuery('all'), {});
  assert.deepEqual(ticketQuery('open'), { status: 'open' });
  assert.deepEqual(ticketQuery('answered'), { status: 'answered' });
  assert.deepEqual(ticketQuery('all'), {});
  assert.deepEqual(reviewQuery('hidden'), { hidden: 'true' });
  assert.deepEqual(reviewQuery('visible'), { hidden: 'false' });
  assert.deepEqual(reviewQuery('all'), {});
});

test('an answered or hidden item leaves the waiting lists and stays in the others', () => {
  assert.equal(staysListed('unanswered', true), false);
  assert.equal(staysListed('open', true), false);
  assert.equal(staysListed('answered', true), true);
  assert.equal(staysListed('all', true), true);
  assert.equal(staysListed('visible', true), false);
  assert.equal(staysListed('hidden', false), false);
  assert.equal(staysListed('visible', false), true);
  assert.equal(staysListed('all', false), true);
});

test('text is counted as the server counts it: trimmed, by character', () => {
  assert.equal(charCount('  답변  '), 2);
  assert.equal(charCount('🍫🍫'), 2);
  assert.equal(charCount(null), 0);
  assert.equal(fits('   ', 1, 1000), false);
  assert.equal(fits('a', 1, 1000), true);
  assert.equal(fits('가'.repeat(1001), 1, 1000), false);
  assert.equal(fits('가'.repeat(1000), 1, 1000), true);
});
