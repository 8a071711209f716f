import { test } from 'node:test';
import assert from 'node:assert/strict';
import { t } from '../../js/i18n.js';
import { isEmail, passwordChecks, passwordProblem, nicknameProblem, sellerProblems } from '../../js/logic/validate.js';

test('password rules: 8 to 64 characters, a letter, a digit and a special character', () => {
  assert.deepEqual(passwordChecks('abc'), { length: false, letter: true, digit: false, special: false });
  assert.deepEqual(passwordChecks('choco1234!'), { length: true, letter: true, digit: true, special: true });
  assert.deepEqual(passwordChecks('초콜릿좋아요12!'), { length: true, letter: true, digit: true, special: true });
  assert.equal(passwordChecks('a1!'.repeat(22)).length, false); // 66 characters
  assert.equal(passwordChecks('a1!'.repeat(21) + 'x').length, true); // 64
  assert.equal(passwordChecks('12345678!').letter, false);
  assert.equal(passwordChecks('abcdefgh!').digit, false);
  assert.equal(passwordChecks('abcd 1234').special, false, 'a space is not a special character');
  assert.deepEqual(passwordChecks(null), { length: false, letter: false, digit: false, special: false });
});

test('password length counts characters, not UTF-16 units', () => {
  assert.equal(passwordChecks('🍫🍫🍫🍫a1!').length, false); // 7 characters, 11 code units
  assert.equal(passwordChecks('🍫🍫🍫🍫🍫a1!').length, true);
});

test('passwordProblem names the first broken rule', () => {
  assert.equal(passwordProblem(''), t('v.password_required'));
  assert.equal(passwordProblem('a1!'), t('v.password_length'));
  assert.equal(passwordProblem('abcdefgh1'), t('v.password_mix'));
  assert.equal(passwordProblem('abcdefgh!'), t('v.password_mix'));
  assert.equal(passwordProblem('choco1234!'), null);
});

test('e-mail addresses', () => {
  for (const ok of ['a@b.co', ' buyer@praline.kr ', 'first.last+tag@mail.example.com']) assert.ok(isEmail(ok), ok);
  for (const bad of ['', 'a@b', '@b.co', 'a b@c.co', 'a@b..co', 'a@.co', `${'a'.repeat(65)}@b.co`, `a@${'b'.repeat(250)}.co`]) {
    assert.ok(!isEmail(bad), bad);
  }
});

test('nicknames: 2 to 20 letters or digits', () => {
  assert.equal(nicknameProblem(''), t('v.nickname_required'));
  assert.equal(nicknameProblem('a'), t('v.nickname_length'));
  assert.equal(nicknameProblem('가'.repeat(21)), t('v.nickname_length'));
  assert.equal(nicknameProblem('초코 러버'), t('v.nickname_chars'));
  assert.equal(nicknameProblem('choco_lover'), t('v.nickname_chars'));
  assert.equal(nicknameProblem('초코러버7'), null);
});

const SELLER = {
  company_name: '달콤공방',
  business_number: '1234567890',
  owner_name: '김초코',
  contact: '0212345678',
  bank_name: '카카오뱅크',
  account_number: '3333012345678',
  account_holder: '김초코',
};

test('a complete seller form has no problems', () => {
  assert.deepEqual(sellerProblems(SELLER), {});
});

test('every missing seller field is required', () => {
  const problems = sellerProblems({});
  assert.deepEqual(Object.keys(problems).sort(), Object.keys(SELLER).sort());
  for (const message of Object.values(problems)) assert.equal(message, t('v.required'));
});

test('seller digits and lengths follow the server', () => {
  assert.deepEqual(sellerProblems({ ...SELLER, business_number: '123456789' }), { business_number: t('v.digits_exact', { n: 10 }) });
  assert.deepEqual(sellerProblems({ ...SELLER, business_number: '123-45-67890' }), { business_number: t('v.digits_exact', { n: 10 }) });
  assert.deepEqual(sellerProblems({ ...SELLER, contact: '1234567' }), { contact: t('v.digits_range', { min: 8, max: 12 }) });
  assert.deepEqual(sellerProblems({ ...SELLER, account_number: '1'.repeat(21) }), { account_number: t('v.digits_range', { min: 6, max: 20 }) });
  assert.deepEqual(sellerProblems({ ...SELLER, company_name: '가'.repeat(51) }), { company_name: t('v.max_chars', { n: 50 }) });
  assert.deepEqual(sellerProblems({ ...SELLER, company_name: '가'.repeat(50) }), {});
});

test('a partial seller update checks only the fields it has', () => {
  assert.deepEqual(sellerProblems({ contact: '01012345678' }, { partial: true }), {});
  assert.deepEqual(sellerProblems({ contact: '' }, { partial: true }), { contact: t('v.required') });
});
