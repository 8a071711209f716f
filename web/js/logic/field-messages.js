// The server's (English) field messages, translated into the current language where known.
import { t } from '../i18n.js';
import '../i18n/auth.js';

const SERVER_MESSAGES = [
  [/^Enter a valid e-mail address\.$/, () => t('v.email')],
  [/^Use 2 to 20 characters\.$/, () => t('v.nickname_length')],
  [/^Use letters \(Hangul too\) and digits only, no spaces\.$/, () => t('v.nickname_chars')],
  [/^Use 8 to 64 characters\.$/, () => t('v.password_length')],
  [/^Include a letter, a digit and a special character\.$/, () => t('v.password_mix')],
  [/^This password is too common; choose another\.$/, () => t('v.password_common')],
  [/^Use an 11-digit mobile number like 01012345678\.$/, () => t('v.phone')],
  [/^Use P followed by 12 digits\.$/, () => t('v.customs')],
  [/^Use the 5-digit postal code\.$/, () => t('v.postal')],
  [/^Required\.$/, () => t('v.required')],
  [/^At most (\d+) characters\.$/, (m) => t('v.max_chars', { n: m[1] })],
  [/^At least (\d+) characters\.$/, (m) => t('v.min_chars', { n: m[1] })],
  [/^Enter some text\.$/, () => t('v.required')],
  [/^A rating is 1 to 5\.$/, () => t('v.rating')],
  [/^One of [a-z_]+(, [a-z_]+)*\.$/, () => t('v.one_of')],
  [/^Use (\d+) to (\d+) digits\.$/, (m) => (m[1] === m[2] ? t('v.digits_exact', { n: m[1] }) : t('v.digits_range', { min: m[1], max: m[2] }))],
  [/^Give a reason of at most 500 characters\.$/, () => t('v.reason')],
  [/^taken$/, () => t('error.email_taken')],
];

/** Translates the server's (English) field messages into the current language where known. */
export function localizeFields(fields) {
  const out = {};
  for (const [name, value] of Object.entries(fields || {})) {
    const text = Array.isArray(value) ? value.join(' ') : typeof value === 'object' && value ? value.message || '' : String(value ?? '');
    let localized = text;
    for (const [re, fn] of SERVER_MESSAGES) {
      const m = re.exec(text);
      if (m) {
        localized = fn(m);
        break;
      }
    }
    out[name] = localized || t('error.invalid_input');
  }
  return out;
}
