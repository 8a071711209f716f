import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMonth, formatMonth, shiftMonth, monthIn, dateIn, leadingBlanks, dateInMonth } from '../../js/logic/business-month.js';

test('months parse strictly', () => {
  assert.deepEqual(parseMonth('2026-12'), { year: 2026, month: 12 });
  for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '', null, undefined, '2026-01-01']) assert.equal(parseMonth(bad), null, String(bad));
  assert.equal(formatMonth({ year: 2027, month: 1 }), '2027-01');
});

test('paging crosses the year both ways', () => {
  assert.equal(shiftMonth('2026-12', 1), '2027-01');
  assert.equal(shiftMonth('2027-01', -1), '2026-12');
  assert.equal(shiftMonth('2026-06', 18), '2027-12');
  assert.equal(shiftMonth('2026-13', 1), null);
});

test('the business month and date are Seoul’s, not UTC’s', () => {
  // 31 December 23:30 KST and 1 January 00:30 KST, both still 31 December in UTC.
  assert.equal(monthIn(new Date('2026-12-31T14:30:00Z')), '2026-12');
  assert.equal(monthIn(new Date('2026-12-31T15:30:00Z')), '2027-01');
  assert.equal(dateIn(new Date('2026-12-31T15:30:00Z')), '2027-01-01');
  assert.equal(dateIn(new Date('2026-12-31T15:30:00Z'), 'UTC'), '2026-12-31');
});

test('the week grid starts on the right weekday', () => {
  assert.equal(leadingBlanks('2026-11'), 0); // a Sunday
  assert.equal(leadingBlanks('2027-01'), 5); // a Friday
  assert.equal(leadingBlanks('2026-02'), 0);
  assert.ok(dateInMonth('2026-12-31', '2026-12'));
  assert.ok(!dateInMonth('2027-01-01', '2026-12'));
  assert.ok(!dateInMonth('2026-12-31', '2026-13'));
});
