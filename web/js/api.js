// Fetch wrapper over /api/v1.
// The access token lives only in this module's memory; the refresh token is an HttpOnly cookie
// (praline_refresh) the page never sees. A 401 triggers one silent refresh and one retry.

import { errorMessage } from './i18n.js';
import { apiUrl } from './logic/api-url.js';
import { parseRetryAfter } from './logic/retry-after.js';

let accessToken = null;
let currentUser = null;
let me = null;
let mePromise = null;
let refreshTimer = null;
let refreshPromise = null;
let restorePromise = null;
// After a refresh was refused we know there is no session: don't ask again on every 401.
let knownSignedOut = false;

/**
 * Session changes. Event 'change' with detail { user, reason } where reason is one of
 * 'login', 'restore', 'update', 'logout', 'expired', 'elsewhere'. Silent token rotation of the
 * same user does not fire 'change' (it fires 'refresh').
 */
export const sessionEvents = new EventTarget();

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('praline.session') : null;

/** An error answered by the API (or a network failure: code 'network', status 0). */
export class ApiError extends Error {
  constructor({ status = 0, code = 'unknown', message, serverMessage = null, fields = null, retryAfter = null, provider = null, body = null }) {
    super(message || errorMessage(code, { retryAfter, provider, fallback: serverMessage }));
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.fields = fields;
    this.retryAfter = retryAfter;
    this.provider = provider;
    this.body = body;
  }
}

const STATUS_CODES = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  423: 'account_locked',
  429: 'rate_limited',
  502: 'provider_error',
  503: 'unavailable',
};

function emit(type, detail) {
  sessionEvents.dispatchEvent(new CustomEvent(type, { detail }));
}

function broadcast(type) {
  try {
    channel?.postMessage({ type });
  } catch {
    /* channel closed */
  }
}

function toFormData(form) {
  if (form instanceof FormData) return form;
  const fd = new FormData();
  for (const [k, v] of Object.entries(form)) {
    if (v === undefined || v === null) continue;
    if (v instanceof Blob) fd.append(k, v, v.name || k);
    else fd.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return fd;
}

function isAuthPath(path) {
  return /^(\/api\/v1)?\/auth\//.test(path);
}

async function send(method, path, { body, query, form, headers, signal, auth = true } = {}) {
  const init = {
    method: method.toUpperCase(),
    headers: { Accept: 'application/json', ...(headers || {}) },
    credentials: 'same-origin',
    signal,
  };
  if (form !== undefined && form !== null) {
    init.body = toFormData(form); // the browser sets the multipart boundary
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  if (auth && accessToken) init.headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(apiUrl(path, query), init);
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'network' });
  }
}

async function readBody(res) {
  if (res.status === 204 || res.status === 205) return null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) {
    try {
      return await res.json();
    } catch {
      return null;
    }
  }
  try {
    await res.text();
  } catch {
    /* ignore */
  }
  return null;
}

function errorFrom(res, data) {
  const err = data && typeof data.error === 'object' && data.error ? data.error : {};
  const code = typeof err.code === 'string' && err.code ? err.code : STATUS_CODES[res.status] || 'unknown';
  const retryAfter =
    parseRetryAfter(err.retry_after ?? data?.retry_after ?? err.fields?.retry_after) ?? parseRetryAfter(res.headers.get('Retry-After'));
  const provider = err.provider ?? data?.provider ?? err.fields?.provider ?? null;
  return new ApiError({
    status: res.status,
    code,
    serverMessage: typeof err.message === 'string' ? err.message : null,
    fields: err.fields && typeof err.fields === 'object' ? err.fields : null,
    retryAfter,
    provider,
    body: data,
  });
}

/**
 * Calls the API. `path` is relative to /api/v1 ('/products/3').
 *   body  → JSON request body
 *   form  → multipart (a FormData or a plain object whose File values are attached)
 *   query → query-string object (empty values are dropped)
 *   auth  → false to send no token and skip the refresh-and-retry
 *   signal, headers → passed to fetch
 * Resolves to the parsed JSON (null for 204 or an empty body); rejects with ApiError.
 */
export async function api(method, path, opts = {}) {
  const tokenUsed = accessToken;
  let res = await send(method, path, opts);
  if (res.status === 401 && opts.auth !== false && !isAuthPath(path)) {
    let retry = false;
    if (accessToken && accessToken !== tokenUsed) retry = true; // someone refreshed meanwhile
    else if (tokenUsed || !knownSignedOut) retry = Boolean(await refreshSession());
    if (retry) res = await send(method, path, opts);
  }
  const data = await readBody(res);
  if (!res.ok) throw errorFrom(res, data);
  return data;
}

// Only one refresh at a time: within this page (shared promise) and across tabs (Web Lock),
// because the server revokes the whole token family when a rotated refresh token is reused.
function withRefreshLock(fn) {
  if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request) {
    return navigator.locks.request('praline.refresh', fn);
  }
  return fn();
}

// The server sets this readable, secret-free marker next to the HttpOnly refresh cookie. Without
// it there is no session to restore, so a visitor's page does not probe (and log a 401).
function hasSessionHint() {
  return typeof document !== 'undefined' && /(?:^|;\s*)praline_session=1(?:;|$)/.test(document.cookie);
}

async function doRefresh() {
  const hadSession = Boolean(accessToken);
  if (!hadSession && !hasSessionHint()) {
    knownSignedOut = true;
    return null;
  }
  let res;
  try {
    res = await fetch(apiUrl('/auth/refresh'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{}',
    });
  } catch {
    return null; // offline: keep whatever state we have
  }
  const data = await readBody(res);
  if (res.ok && data && data.access_token) {
    applySession(data, hadSession ? 'refresh' : 'restore');
    return currentUser;
  }
  if (res.status === 401 || res.status === 403) {
    knownSignedOut = true;
    if (hadSession) clearSession('expired');
  }
  return null;
}

/** Exchanges the refresh cookie for a new access token. Resolves to the user or null. Concurrent calls share one request. */
export function refreshSession() {
  if (!refreshPromise) {
    refreshPromise = withRefreshLock(doRefresh).finally(() => {
      refreshPromise = null;
    });
  }
  return refreshPromise;
}

function scheduleRefresh(expiresIn) {
  clearTimeout(refreshTimer);
  const seconds = Number(expiresIn) > 0 ? Number(expiresIn) : 900;
  // Refresh a minute early so the session indicator never lies and requests rarely see a 401.
  refreshTimer = setTimeout(() => {
    refreshSession();
  }, Math.max(10, seconds - 60) * 1000);
}

function applySession(data, reason) {
  const previousId = currentUser ? currentUser.id : null;
  accessToken = data.access_token;
  if (data.user) currentUser = data.user;
  knownSignedOut = false;
  scheduleRefresh(data.expires_in);
  if (reason === 'refresh' && currentUser && currentUser.id === previousId) {
    emit('refresh', { user: currentUser });
  } else {
    if (!currentUser || currentUser.id !== previousId) me = null;
    emit('change', { user: currentUser, reason });
  }
}

/** Stores a login (or refresh) response: { access_token, expires_in, user }. Tells other tabs. */
export function setSession(loginResponse) {
  applySession(loginResponse, 'login');
  restorePromise = Promise.resolve(currentUser);
  broadcast('login');
}

/** Forgets the access token and user (does not call the server; see logout()). */
export function clearSession(reason = 'logout') {
  const had = Boolean(accessToken || currentUser);
  accessToken = null;
  currentUser = null;
  me = null;
  clearTimeout(refreshTimer);
  refreshTimer = null;
  restorePromise = Promise.resolve(null);
  if (had || reason === 'logout') emit('change', { user: null, reason });
}

/** The in-memory access token (for a WebSocket ticket request, say), or null. */
export function getAccessToken() {
  return accessToken;
}

/** The user from the last login/refresh/me, or null. Never decoded from the token. */
export function getUser() {
  return currentUser;
}

/** True if `user` (default: the current one) has the role ('buyer', 'seller', 'admin'). */
export function hasRole(role, user = currentUser) {
  return Boolean(user && Array.isArray(user.roles) && user.roles.includes(role));
}

/** Replaces the cached user (after PATCH /me, say) and fires 'change' with reason 'update'. */
export function updateUser(user) {
  if (!user) return;
  currentUser = { ...(currentUser || {}), ...user };
  if (me) me = { ...me, ...user };
  emit('change', { user: currentUser, reason: 'update' });
}

/**
 * Called once per page load: tries one silent refresh from the cookie.
 * Resolves to the user or null; later calls return the same promise.
 */
export function restoreSession() {
  if (!restorePromise) {
    restorePromise = accessToken ? Promise.resolve(currentUser) : refreshSession().then((u) => u || null);
  }
  return restorePromise;
}

/**
 * GET /me (user + customs_code + points), cached until the session changes.
 * Resolves to null when signed out.
 */
export function fetchMe({ force = false } = {}) {
  if (!accessToken) return Promise.resolve(null);
  if (me && !force) return Promise.resolve(me);
  if (!mePromise) {
    const token = accessToken;
    mePromise = api('GET', '/me')
      .then((data) => {
        if (accessToken !== token && !accessToken) return null; // signed out meanwhile
        const user = data && data.user && typeof data.user === 'object'
          ? { ...data.user, customs_code: data.customs_code, points: data.points }
          : data;
        me = user;
        const previousId = currentUser ? currentUser.id : null;
        currentUser = { ...(currentUser || {}), ...user };
        if (previousId !== currentUser.id) emit('change', { user: currentUser, reason: 'update' });
        return me;
      })
      .finally(() => {
        mePromise = null;
      });
  }
  return mePromise;
}

/** POST /auth/logout (revokes the refresh token and clears the cookie), then forgets the session everywhere. */
export async function logout() {
  try {
    await api('POST', '/auth/logout', { body: {} });
  } catch {
    /* the local session is cleared anyway */
  }
  knownSignedOut = true;
  clearSession('logout');
  broadcast('logout');
}

if (channel) {
  channel.addEventListener('message', (event) => {
    const type = event.data && event.data.type;
    if (type === 'logout') {
      knownSignedOut = true;
      if (accessToken) clearSession('elsewhere');
    } else if (type === 'login') {
      knownSignedOut = false;
      // Pick up the new session, but only where refreshes are serialised across tabs.
      if (typeof navigator !== 'undefined' && navigator.locks) refreshSession();
    }
  });
}
