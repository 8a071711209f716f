// Reading a Retry-After value (the header, or retry_after in the error envelope). DOM-free.

/**
 * Seconds to wait: a number of seconds as given, or an HTTP date turned into seconds from `now`
 * (never negative). Null when the value is missing or unreadable.
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - now) / 1000));
}
