import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { errorTexts } from '../../js/i18n/errors.js';
import { t, errorMessage } from '../../js/i18n.js';

test('every error text exists in Korean and English', () => {
  assert.deepEqual(Object.keys(errorTexts.en).sort(), Object.keys(errorTexts.ko).sort());
  for (const lang of ['ko', 'en']) {
    for (const [code, text] of Object.entries(errorTexts[lang])) {
      assert.match(code, /^[a-z][a-z0-9_]*$/, code);
      assert.ok(typeof text === 'string' && text.trim(), `${lang}.${code}`);
    }
  }
});

test('the texts keep the one-entry-a-line shape the server-side test reads', () => {
  const source = fs.readFileSync(new URL('../../js/i18n/errors.js', import.meta.url), 'utf8');
  const entries = source.split('\n').filter((line) => /^ {4}[a-z]/.test(line));
  assert.equal(entries.length, Object.keys(errorTexts.ko).length * 2);
  for (const line of entries) assert.match(line, /^ {4}[a-z][a-z0-9_]*: '[^']*',$/, line);
  assert.match(source, /^ {2}ko: \{$/m);
  assert.match(source, /^ {2}en: \{$/m);
});

test('error codes resolve through the dictionary', () => {
  assert.equal(t('error.invalid_credentials'), errorTexts.ko.invalid_credentials);
  assert.equal(errorMessage('category_taken'), errorTexts.ko.category_taken);
  assert.equal(errorMessage('rate_limited', { retryAfter: 30 }), t('error.rate_limited_seconds', { seconds: 30 }));
  assert.equal(errorMessage('account_locked', { retryAfter: 600 }), t('error.account_locked', { minutes: 10 }));
  assert.equal(errorMessage('no_such_code', { fallback: 'Server says no.' }), 'Server says no.');
  assert.equal(errorMessage('no_such_code'), errorTexts.ko.unknown);
});
