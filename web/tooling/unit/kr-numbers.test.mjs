import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyDigits, formatPhone, formatBusinessNumber } from '../../js/logic/kr-numbers.js';

test('digits are kept, spaces and hyphens dropped', () => {
  assert.equal(onlyDigits('010-1234 5678'), '01012345678');
  assert.equal(onlyDigits(null), '');
});

test('phone numbers get their hyphens', () => {
  assert.equal(formatPhone('01012345678'), '010-1234-5678');
  assert.equal(formatPhone('0212345678'), '02-1234-5678');
  assert.equal(formatPhone('0311234567'), '031-123-4567');
  assert.equal(formatPhone('021234567'), '02-123-4567');
  assert.equal(formatPhone('12345'), '12345');
});

test('business registration numbers are written 3-2-5', () => {
  assert.equal(formatBusinessNumber('1234567890'), '123-45-67890');
  assert.equal(formatBusinessNumber('123'), '123');
});
