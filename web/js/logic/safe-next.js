// Where a page may send the visitor after login or signup: the ?next= parameter, checked.

/**
 * A same-site path for ?next= (never another origin, never the auth pages themselves), or null.
 * `origin` is the page's own origin (location.origin in the browser; given explicitly in tests).
 */
export function safeNext(raw, origin = globalThis.location?.origin) {
  if (!raw || typeof raw !== 'string' || raw.length > 500) return null;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f\\]/.test(raw)) return null;
  let url;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  if (/^\/(login|signup|reset|oauth)\.html$/.test(url.pathname) || url.pathname.startsWith('/api/')) return null;
  return url.pathname + url.search + url.hash;
}
