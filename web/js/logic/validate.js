// Client-side checks of the account forms, the same rules the server applies. DOM-free: each
// returns booleans or translated messages, so pages and unit tests use them alike.
import { t } from '../i18n.js';
import '../i18n/auth.js';

/** A plausible e-mail address (the server's check: local@domain.tld, at most 254 characters). */
export function isEmail(value) {
  return /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/.test(String(value).trim()) && String(value).trim().length <= 254;
}

/** Which password rules `pw` meets (the server's: 8–64 characters, a letter, a digit, a special character). */
export function passwordChecks(pw) {
  const s = String(pw || '');
  const n = [...s].length;
  return {
    length: n >= 8 && n <= 64,
    letter: /\p{L}/u.test(s),
    digit: /[0-9]/.test(s),
    special: /[^\p{L}\p{N}\s]/u.test(s),
  };
}

/** A message for the first broken password rule, or null. */
export function passwordProblem(pw) {
  if (!pw) return t('v.password_required');
  const c = passwordChecks(pw);
  if (!c.length) return t('v.password_length');
  if (!c.letter || !c.digit || !c.special) return t('v.password_mix');
  return null;
}

/** A message for a nickname the server would refuse (2–20 letters or digits), or null. */
export function nicknameProblem(nick) {
  const s = String(nick || '').trim();
  if (!s) return t('v.nickname_required');
  const n = [...s].length;
  if (n < 2 || n > 20) return t('v.nickname_length');
  if (!/^[\p{L}\p{N}]+$/u.test(s)) return t('v.nickname_chars');
  return null;
}

/** Client-side checks of the seller fields (the server's rules); returns { field: message }. */
export function sellerProblems(body, { partial = false } = {}) {
  const fields = {};
  const text = (name, max) => {
    const v = body[name];
    if (v === undefined && partial) return;
    if (!v) fields[name] = t('v.required');
    else if ([...v].length > max) fields[name] = t('v.max_chars', { n: max });
  };
  const digits = (name, min, max) => {
    const v = body[name];
    if (v === undefined && partial) return;
    if (!v) fields[name] = t('v.required');
    else if (!/^\d+$/.test(v) || v.length < min || v.length > max) {
      fields[name] = min === max ? t('v.digits_exact', { n: min }) : t('v.digits_range', { min, max });
    }
  };
  text('company_name', 50);
  digits('business_number', 10, 10);
  text('owner_name', 30);
  digits('contact', 8, 12);
  text('bank_name', 30);
  digits('account_number', 6, 20);
  text('account_holder', 30);
  return fields;
}
