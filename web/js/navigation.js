// Moving between pages: the login link that comes back here, and the sessionStorage hand-over of
// a value (an e-mail address, a notice key; never a token) to the next page of a flow.

/** /login.html?next=<this page>. */
export function loginUrlHere() {
  return `/login.html?next=${encodeURIComponent(location.pathname + location.search + location.hash)}`;
}

/**
 * Hands a value (an e-mail address, a notice key) to the next page of the flow through
 * sessionStorage. Never used for tokens or passwords.
 */
export const handoff = {
  set(key, value) {
    try {
      sessionStorage.setItem(`praline.handoff.${key}`, String(value));
    } catch {
      /* private mode: the next page just asks again */
    }
  },
  peek(key) {
    try {
      return sessionStorage.getItem(`praline.handoff.${key}`);
    } catch {
      return null;
    }
  },
  take(key) {
    const value = handoff.peek(key);
    try {
      sessionStorage.removeItem(`praline.handoff.${key}`);
    } catch {
      /* ignore */
    }
    return value;
  },
};
